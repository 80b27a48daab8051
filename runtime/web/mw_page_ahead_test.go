package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// pageAheadRecorder is a runtime.PageReader that records what it was
// asked to read ahead.
type pageAheadRecorder struct{ got string }

func (p *pageAheadRecorder) PageAhead(ctx context.Context, session, enrolment string, withInbox bool) context.Context {
	inbox := ""
	if withInbox {
		inbox = "+inbox"
	}
	p.got = session + " " + enrolment + inbox
	return ctx
}

// TestPageAhead: a citizen's GET under /e/{id} with a session cookie asks
// to read the session with the enrolment, and the inbox on the overview;
// nothing else asks.
func TestPageAhead(t *testing.T) {
	cookie := strings.Repeat("c", 43)
	key := storeKey(cookie)
	for _, tt := range []struct {
		method, path, cookie, want string
	}{
		{"GET", "/e/abc123/", sessionCookie, key + " abc123+inbox"},
		{"HEAD", "/e/abc123/", sessionCookieSecure, key + " abc123+inbox"},
		{"GET", "/e/abc123/m/sleep/intro", sessionCookie, key + " abc123"},
		{"GET", "/e/abc123", sessionCookie, key + " abc123+inbox"}, // chi serves the overview here too
		{"POST", "/e/abc123/", sessionCookie, ""},
		{"GET", "/e/abc123/", "", ""},
		{"GET", "/e/a%7Bb%7D/", sessionCookie, ""},
		{"GET", "/e/" + strings.Repeat("x", 65) + "/", sessionCookie, ""},
		{"GET", "/e//", sessionCookie, ""},
		{"GET", "/u/unit/e/abc123/", sessionCookie, ""},
		{"GET", "/home", sessionCookie, ""},
	} {
		r := httptest.NewRequest(tt.method, tt.path, nil)
		if tt.cookie != "" {
			r.AddCookie(&http.Cookie{Name: tt.cookie, Value: cookie})
		}
		rec := &pageAheadRecorder{}
		(&Server{}).pageAhead(r.Context(), rec, r)
		if rec.got != tt.want {
			t.Errorf("%s %s (cookie %q): asked %q, want %q", tt.method, tt.path, tt.cookie, rec.got, tt.want)
		}
	}
	// A store that does not read ahead is not asked.
	r := httptest.NewRequest("GET", "/e/abc123/", nil)
	if ctx := (&Server{}).pageAhead(r.Context(), nil, r); ctx != r.Context() {
		t.Error("pageAhead without a PageReader changed the context")
	}
}
