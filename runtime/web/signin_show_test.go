package web

import (
	"net/http"
	"net/url"
	"testing"
)

func TestSafeNext(t *testing.T) {
	tests := []struct {
		name, next, want string
	}{
		{"path", "/home", "/home"},
		{"path with query", "/e/abc/forms/sleep?x=1&y=%C3%A5", "/e/abc/forms/sleep?x=1&y=%C3%A5"},
		{"path with fragment", "/home#top", "/home#top"},
		{"escaped path", "/e/%C3%A5", "/e/%C3%A5"},
		{"escaped space", "/e/a%20b", ""},
		{"root", "/", "/"},
		{"empty", "", ""},
		{"relative", "home", ""},
		{"absolute", "https://evil.example/", ""},
		{"scheme only", "javascript:alert(1)", ""},
		{"protocol relative", "//evil.example", ""},
		{"backslash host", "/\\evil.example", ""},
		{"backslash later", "/a\\b", ""},
		{"tab after slash", "/\t/evil.example", ""},
		{"newline", "/home\n", ""},
		{"carriage return", "/\r/evil.example", ""},
		{"nul", "/\x00/evil.example", ""},
		{"delete", "/\x7f/evil.example", ""},
		{"leading space", " /home", ""},
		{"space", "/ /evil.example", ""},
		{"no-break space", "/\u00a0/evil.example", ""},
		{"line separator", "/\u2028/evil.example", ""},
		{"encoded slash", "/%2F/evil.example", ""},
		{"encoded backslash", "/%5Cevil.example", ""},
		{"encoded tab", "/%09/evil.example", ""},
		{"encoded newline in path", "/home%0A", ""},
		{"double encoded slash", "/%252F/evil.example", ""},
		{"bad escape", "/%zz", ""},
		{"userinfo", "/@evil.example", "/@evil.example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := safeNext(tt.next); got != tt.want {
				t.Errorf("safeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

// TestSignInNextNotElsewhere signs in with the next parameters of the
// report and checks that the answer stays on this site.
func TestSignInNextNotElsewhere(t *testing.T) {
	e := newEnv(t)
	for _, next := range []string{"/%09/evil.example", "/%0D%0A/evil.example", "/%5Cevil.example", "//evil.example", "/%2F/evil.example"} {
		t.Run(next, func(t *testing.T) {
			c := e.anon()
			c.get("/signin?next=" + next)
			w := c.do("POST", "/signin/callback?next="+next, url.Values{"user": {tolvan}, "csrf": {c.csrf}})
			if w.Code != http.StatusSeeOther {
				t.Fatalf("= %d", w.Code)
			}
			loc := w.Header().Get("Location")
			u, err := url.Parse("https://stegvis.example/signin/callback")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := u.Parse(loc); err != nil || got.Host != "stegvis.example" || loc != "/" {
				t.Errorf("Location = %q, want /", loc)
			}
		})
	}
}
