package web

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/redis"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

// stalledRedis starts a redis-server of the test's own on a free loopback
// port and stops it with SIGSTOP once it answers; it returns the URL.
func stalledRedis(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("no redis-server on the PATH")
	}
	port := freePort(t)
	cmd := exec.Command(bin, "--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGCONT)
		cmd.Process.Kill()
		cmd.Wait()
	})
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			c.Write([]byte("PING\r\n"))
			buf := make([]byte, 7)
			c.SetReadDeadline(time.Now().Add(time.Second))
			n, _ := c.Read(buf)
			c.Close()
			if strings.HasPrefix(string(buf[:n]), "+PONG") {
				break
			}
		}
		if i == 100 {
			t.Fatalf("redis-server on port %d does not answer", port)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("redis://127.0.0.1:%d/0", port)
}

// TestStoreOutage checks that with the store down or stalled every page
// answers 503 within the request's deadline, not a sign-in or CSRF error,
// and that a post's page keeps what was typed.
func TestStoreOutage(t *testing.T) {
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"closed port", func(t *testing.T) string { return fmt.Sprintf("redis://127.0.0.1:%d/0", freePort(t)) }},
		{"stalled", stalledRedis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store, err := redis.Open(tt.url(t), redis.Options{Prefix: "stegvis-web-outage:", Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			id, err := NewDevIdentity(store, true, "sv", demo.Choices())
			if err != nil {
				t.Fatal(err)
			}
			srv, err := New(Config{Store: store, Identity: id, RequestTimeout: 300 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			cookie := &http.Cookie{Name: sessionCookie, Value: strings.Repeat("k", 43)}
			answer := "Jag sover dåligt för att jag oroar mig"
			form := url.Values{"csrf": {strings.Repeat("c", 43)}, "q.varfor": {answer}, "q.trott": {"4"}}
			requests := []struct {
				name   string
				method string
				path   string
				form   url.Values
			}{
				{"home", "GET", "/", nil},
				{"sign-in page", "GET", "/signin", nil},
				{"overview", "GET", "/e/abc/", nil},
				{"answers", "POST", "/e/abc/m/om-somn/kartlaggning", form},
				{"draft", "POST", "/e/abc/m/om-somn/kartlaggning/draft", form},
			}
			for _, rq := range requests {
				var req *http.Request
				if rq.form != nil {
					req = httptest.NewRequest(rq.method, rq.path, strings.NewReader(rq.form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				} else {
					req = httptest.NewRequest(rq.method, rq.path, nil)
				}
				req.AddCookie(cookie)
				w := httptest.NewRecorder()
				start := time.Now()
				srv.ServeHTTP(w, req)
				took := time.Since(start)
				if w.Code != http.StatusServiceUnavailable {
					t.Errorf("%s = %d, want 503 (Location %q)", rq.name, w.Code, w.Header().Get("Location"))
				}
				if w.Header().Get("Retry-After") == "" {
					t.Errorf("%s: no Retry-After", rq.name)
				}
				if took > 2*time.Second {
					t.Errorf("%s took %v with a deadline of 300ms", rq.name, took)
				}
				if rq.form != nil {
					mustContain(t, w.Body.String(), ">"+answer+"</textarea>", `name="q.trott" value="4"`, `action="`+rq.path+`"`, "Försök igen")
				}
			}
			start := time.Now()
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
			if w.Code != http.StatusServiceUnavailable || time.Since(start) > 3*time.Second {
				t.Errorf("/readyz = %d after %v", w.Code, time.Since(start))
			}
		})
	}
}
