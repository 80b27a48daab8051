package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
)

// TestStoreOutage checks that with the store down or stalled every page
// answers 503 within the request's deadline, not a sign-in or CSRF error,
// and that a post's page keeps what was typed.
func TestStoreOutage(t *testing.T) {
	for _, tt := range redistest.Outages {
		t.Run(tt.Name, func(t *testing.T) {
			store, err := redis.Open(tt.URL(t), redis.Options{Prefix: "stegvis-web-outage:", Logger: slog.New(slog.DiscardHandler)})
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
