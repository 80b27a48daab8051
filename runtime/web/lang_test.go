package web

import (
	"strings"
	"testing"
)

func TestAcceptLanguage(t *testing.T) {
	tests := []struct{ header, want string }{
		{"", "sv"},
		{"en", "en"},
		{"en-GB,en;q=0.9", "en"},
		{"sv-SE,sv;q=0.9,en-US;q=0.8,en;q=0.7", "sv"},
		{"de, sv;q=0.5, en;q=0.4", "sv"},
		{"de, en;q=0.5", "en"},
		{"de", "sv"},
		{"*", "sv"},
		{"en;q=0, sv;q=0.1", "sv"},
		{"EN-us", "en"},
		{"sv;q=0.5, en;q=0.8", "en"},
		{"en, sv", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := acceptLanguage(tt.header); got != tt.want {
				t.Errorf("acceptLanguage(%q) = %s, want %s", tt.header, got, tt.want)
			}
		})
	}
}

// Pages follow the browser's language, Swedish by default, unless the
// server was given one.
func TestPagesFollowAcceptLanguage(t *testing.T) {
	tests := []struct {
		name, lang, accept, want, not string
	}{
		{"English asked for", "", "en-GB,en;q=0.9", `<html lang="en">`, "Logga in"},
		{"nothing asked for", "", "", `<html lang="sv">`, `<html lang="en">`},
		{"neither offered", "", "de-DE", `<html lang="sv">`, `<html lang="en">`},
		{"the server's language wins", "sv", "en", `<html lang="sv">`, `<html lang="en">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.Lang = tt.lang })
			var header []string
			if tt.accept != "" {
				header = []string{"Accept-Language", tt.accept}
			}
			w := e.anon().do("GET", "/signin", nil, header...)
			body := w.Body.String()
			if !strings.Contains(body, tt.want) || strings.Contains(body, tt.not) {
				t.Errorf("GET /signin with Accept-Language %q: want %s, not %s", tt.accept, tt.want, tt.not)
			}
			if vary := w.Header().Get("Vary"); (tt.lang == "") != strings.Contains(vary, "Accept-Language") {
				t.Errorf("Vary: %q", vary)
			}
		})
	}
	t.Run("a step in English", func(t *testing.T) {
		e := newEnv(t)
		c := e.signIn(tolvan)
		body := c.do("GET", "/e/"+e.enrolment(tolvan)+"/m/om-somn/kartlaggning", nil, "Accept-Language", "en").Body.String()
		mustContain(t, body, `<html lang="en">`, "Send answers")
		mustNotContain(t, body, "Skicka svar")
	})
}
