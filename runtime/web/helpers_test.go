package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
)

// env is a server over a fresh embedded store seeded with the demo: units
// south and north, staff anna (clinician), bertil (clinician and citizen
// admin), cecilia (unit admin), david (data admin) on the south unit, erik
// (clinician) on the north, and three citizens with "Sov bättre" running
// on the south unit.
type env struct {
	t     *testing.T
	store *embedded.Store
	srv   *Server
	now   time.Time
}

func newEnv(t *testing.T, opts ...func(*Config)) *env {
	t.Helper()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "stegvis.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	e := &env{t: t, store: store, now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}
	if err := demo.Seed(context.Background(), store, e.now); err != nil {
		t.Fatal(err)
	}
	id, err := NewDevIdentity(store, true, "sv", demo.Choices())
	if err != nil {
		t.Fatal(err)
	}
	var logOut io.Writer = io.Discard
	if os.Getenv("WEB_TEST_LOG") != "" {
		logOut = os.Stderr
	}
	cfg := Config{Store: store, Identity: id, Logger: slog.New(slog.NewTextHandler(logOut, nil)), Now: func() time.Time { return e.now }}
	for _, o := range opts {
		o(&cfg)
	}
	e.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// enrolment returns the id of a citizen's enrolment.
func (e *env) enrolment(pnr string) string {
	e.t.Helper()
	es, err := e.store.Enrolments(context.Background(), runtime.ByCitizen(pnr))
	if err != nil || len(es) == 0 {
		e.t.Fatalf("no enrolment of %s: %v", pnr, err)
	}
	return es[len(es)-1].ID
}

func (e *env) load(id string) *runtime.Enrolment {
	e.t.Helper()
	en, err := e.store.Load(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return en
}

const (
	tolvan = "191212121212"
	sara   = "198505142383"
	johan  = "199203034419"
	maria  = "197809105526"
	south  = "/u/" + demo.UnitSouth
)

// client is a browser: it keeps cookies and the last CSRF token it saw.
type client struct {
	e       *env
	cookies map[string]*http.Cookie
	csrf    string
}

func (e *env) anon() *client { return &client{e: e, cookies: map[string]*http.Cookie{}} }

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (c *client) do(method, path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	c.e.srv.ServeHTTP(w, req)
	for _, ck := range w.Result().Cookies() {
		if ck.MaxAge < 0 {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if m := csrfRE.FindStringSubmatch(w.Body.String()); m != nil {
		c.csrf = m[1]
	}
	return w
}

func (c *client) get(path string) *httptest.ResponseRecorder { return c.do("GET", path, nil) }

// post posts form with the client's CSRF token unless form sets one.
func (c *client) post(path string, form url.Values, header ...string) *httptest.ResponseRecorder {
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form, header...)
}

// follow gets path and follows redirects to the final page.
func (c *client) follow(path string) *httptest.ResponseRecorder {
	c.e.t.Helper()
	for range 10 {
		w := c.get(path)
		if w.Code != http.StatusSeeOther && w.Code != http.StatusFound {
			return w
		}
		path = w.Header().Get("Location")
	}
	c.e.t.Fatal("too many redirects")
	return nil
}

// signIn returns a client signed in as user (a staff id or a personal
// identity number) through the development sign-in.
func (e *env) signIn(user string) *client {
	e.t.Helper()
	c := e.anon()
	if w := c.get("/signin"); w.Code != http.StatusOK {
		e.t.Fatalf("GET /signin = %d", w.Code)
	}
	w := c.post("/signin/callback", url.Values{"user": {user}})
	if w.Code != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s = %d:\n%s", user, w.Code, w.Body)
	}
	if w := c.follow("/"); w.Code != http.StatusOK {
		e.t.Fatalf("start page of %s = %d:\n%s", user, w.Code, w.Body)
	}
	return c
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func mustNotContain(t *testing.T, body string, bads ...string) {
	t.Helper()
	for _, bad := range bads {
		if strings.Contains(body, bad) {
			t.Errorf("page has %q", bad)
		}
	}
}

type designerProgram = designer.Program
