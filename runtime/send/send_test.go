package send

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	smtp "github.com/emersion/go-smtp"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
)

// mailServer is an SMTP server in the test process that offers STARTTLS,
// refuses the first fails messages and keeps the rest.
type mailServer struct {
	mu       sync.Mutex
	fails    int
	attempts int
	got      []string
	tls      bool
}

func (ms *mailServer) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &mailSession{ms: ms, c: c}, nil
}

type mailSession struct {
	ms *mailServer
	c  *smtp.Conn
	to string
}

func (s *mailSession) Reset()        {}
func (s *mailSession) Logout() error { return nil }
func (s *mailSession) Mail(string, *smtp.MailOptions) error {
	if _, ok := s.c.TLSConnectionState(); !ok {
		return errors.New("STARTTLS first")
	}
	return nil
}
func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }
func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.ms.mu.Lock()
	defer s.ms.mu.Unlock()
	s.ms.attempts++
	if s.ms.fails > 0 {
		s.ms.fails--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	_, s.ms.tls = s.c.TLSConnectionState()
	s.ms.got = append(s.ms.got, "To: "+s.to+"\n"+string(b))
	return nil
}

func (ms *mailServer) state() (attempts int, got []string) {
	ms.mu.Lock()
	defer ms.mu.Unlock()
	return ms.attempts, append([]string(nil), ms.got...)
}

// startMail starts the server with the certificate of an httptest TLS
// server (valid for 127.0.0.1) and returns a config that trusts it.
func startMail(t *testing.T, ms *mailServer) SMTPConfig {
	ts := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(ts.Close)
	srv := smtp.NewServer(ms)
	srv.Domain = "localhost"
	srv.TLSConfig = ts.TLS.Clone()
	srv.AllowInsecureAuth = false
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return SMTPConfig{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, From: "stegvis <noreply@region.example>", RootCAs: pool, Timeout: 5 * time.Second}
}

// gateway is an httptest SMS gateway that keeps what it is posted.
type gateway struct {
	mu   sync.Mutex
	auth []string
	got  []map[string]string
}

func (g *gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]string
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil || r.Method != http.MethodPost {
		http.Error(w, "bad", http.StatusBadRequest)
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.auth = append(g.auth, r.Header.Get("Authorization"))
	g.got = append(g.got, m)
	w.WriteHeader(http.StatusAccepted)
}

const text = "Du har något nytt i stegvis. Logga in på 1177 och välj stegvis."

// TestDeliveryRetriedUntilSent sends a clinician's e-mail to an SMTP
// server that refuses twice, through the scheduler on a manual clock, and
// a citizen's SMS to an httptest gateway; each goes once.
func TestDeliveryRetriedUntilSent(t *testing.T) {
	ctx := context.Background()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "stegvis.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	ms := &mailServer{fails: 2}
	email, err := NewSMTP(startMail(t, ms))
	if err != nil {
		t.Fatal(err)
	}
	gw := &gateway{}
	ts := httptest.NewTLSServer(gw)
	t.Cleanup(ts.Close)
	sms, err := NewSMS(SMSConfig{URL: ts.URL + "/send", Token: "secret", Client: ts.Client()})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.PutStaff(ctx, runtime.Staff{ID: "anna", Name: "Anna", Email: "anna@region.example", NotifyEmail: true}); err != nil {
		t.Fatal(err)
	}
	if err := store.PutCitizen(ctx, runtime.Citizen{PNR: "191212121212", Mobile: "+46701234567", NotifySMS: true}); err != nil {
		t.Fatal(err)
	}
	clock := runtime.NewManualClock(time.Date(2027, 3, 20, 10, 0, 0, 0, runtime.Stockholm))
	c := &runtime.Courier{Inbox: store, Directory: store, Queue: store, Email: email, SMS: sms, Subject: "Nytt i stegvis", Text: text, Now: clock.Now}
	if err := c.Check(); err != nil {
		t.Fatal(err)
	}
	sched := runtime.NewScheduler(store, clock.Now, nil)
	c.Register(sched)
	for _, r := range []runtime.Recipient{{Kind: runtime.RecipientStaff, ID: "anna"}, {Kind: runtime.RecipientCitizen, ID: "191212121212"}} {
		n := runtime.Notification{Key: runtime.NotificationKey("e1", "phq9-item9", "submission-s1", r), Enrolment: "e1", Unit: "south",
			Flag: "phq9-item9", Recipient: r, Message: "Svar på fråga 9", Delivery: designer.DeliveryImmediate, Urgent: true, At: clock.Now()}
		if err := c.Notify(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	run := func() {
		t.Helper()
		if _, err := sched.RunDue(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	run()
	if a, got := ms.state(); a != 1 || len(got) != 0 {
		t.Fatalf("first try: %d attempts, %d accepted", a, len(got))
	}
	run() // not due again before its backoff
	if a, _ := ms.state(); a != 1 {
		t.Fatalf("retried before the backoff: %d attempts", a)
	}
	clock.Advance(runtime.DefaultRetryBase)
	run()
	clock.Advance(2 * runtime.DefaultRetryBase)
	run()
	clock.Advance(4 * runtime.DefaultRetryBase)
	run()
	a, got := ms.state()
	if a != 3 || len(got) != 1 {
		t.Fatalf("after the retries: %d attempts, %d accepted", a, len(got))
	}
	msg := got[0]
	for _, want := range []string{"To: anna@region.example", "Subject: Nytt i stegvis", "Logga in p", "noreply@region.example"} {
		if !strings.Contains(msg, want) {
			t.Errorf("mail lacks %q:\n%s", want, msg)
		}
	}
	for _, bad := range []string{"fråga 9", "http", "phq9", "191212121212"} {
		if strings.Contains(msg, bad) {
			t.Errorf("mail has %q:\n%s", bad, msg)
		}
	}
	if !ms.tls {
		t.Errorf("mail accepted without TLS")
	}
	gw.mu.Lock()
	if len(gw.got) != 1 || gw.got[0]["to"] != "+46701234567" || gw.got[0]["text"] != text || gw.auth[0] != "Bearer secret" {
		t.Errorf("gateway got %v %v", gw.got, gw.auth)
	}
	gw.mu.Unlock()
	// Nothing is left to retry, and a job run again sends nothing.
	clock.Advance(time.Hour)
	run()
	if a, _ := ms.state(); a != 3 {
		t.Errorf("sent again: %d attempts", a)
	}
}

func TestParseSMTPURL(t *testing.T) {
	c, err := ParseSMTPURL("smtp://user:p%40ss@mail.region.se:2525?from=noreply@region.se")
	if err != nil || c.Host != "mail.region.se" || c.Port != 2525 || c.Username != "user" || c.Password != "p@ss" || c.From != "noreply@region.se" {
		t.Errorf("ParseSMTPURL = %+v, %v", c, err)
	}
	if _, err := ParseSMTPURL("http://mail"); err == nil {
		t.Error("took http")
	}
}

func TestNewSMSWantsHTTPS(t *testing.T) {
	if _, err := NewSMS(SMSConfig{URL: "http://gateway.example/send", Token: "x"}); err == nil {
		t.Error("took http")
	}
	if _, err := NewSMS(SMSConfig{URL: "https://gateway.example/send"}); err == nil {
		t.Error("took no token")
	}
}

func TestNoTLSNoMail(t *testing.T) {
	ms := &mailServer{}
	srv := smtp.NewServer(ms) // no TLSConfig: no STARTTLS offered
	srv.Domain = "localhost"
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	defer srv.Close()
	s, err := NewSMTP(SMTPConfig{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, From: "noreply@region.example", Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), runtime.Outgoing{Channel: runtime.ChannelEmail, To: "a@region.example", Subject: "x", Text: "y"}); err == nil {
		t.Error("sent without STARTTLS")
	}
	if _, got := ms.state(); len(got) != 0 {
		t.Errorf("server got %d messages", len(got))
	}
}
