package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestHealth(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	for _, path := range []string{"/healthz", "/readyz"} {
		if w := c.get(path); w.Code != http.StatusOK {
			t.Errorf("GET %s = %d", path, w.Code)
		}
	}
	e.store.Close()
	if w := c.get("/readyz"); w.Code != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz on a closed store = %d, want 503", w.Code)
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t)
	u := e.srv.tpl.Assets().URL("app.css")
	w := e.anon().get(u)
	if w.Code != http.StatusOK || !strings.Contains(w.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("GET %s = %d, Cache-Control %q", u, w.Code, w.Header().Get("Cache-Control"))
	}
	if w := e.anon().get("/static/app.css"); w.Code != http.StatusNotFound {
		t.Errorf("unhashed name = %d, want 404", w.Code)
	}
}

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	t.Run("signed out is sent to sign in", func(t *testing.T) {
		w := e.anon().get("/home")
		if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/signin?next=") {
			t.Fatalf("GET /home = %d %s", w.Code, w.Header().Get("Location"))
		}
	})
	t.Run("page offers demo users and warns", func(t *testing.T) {
		w := e.anon().get("/signin")
		mustContain(t, w.Body.String(), "Anna Andersson", "Tolvan Tolvansson", "Utvecklingsinloggning")
	})
	t.Run("unknown user", func(t *testing.T) {
		c := e.anon()
		c.get("/signin")
		w := c.post("/signin/callback", url.Values{"user": {"nobody"}})
		if w.Code != http.StatusUnauthorized {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Det finns inget konto")
	})
	t.Run("sign in needs the token", func(t *testing.T) {
		c := e.anon()
		c.get("/signin")
		w := c.post("/signin/callback", url.Values{"user": {"anna"}, "csrf": {"forged"}})
		if w.Code != http.StatusForbidden {
			t.Fatalf("= %d", w.Code)
		}
	})
	t.Run("next is kept and must be local", func(t *testing.T) {
		c := e.anon()
		c.get("/signin?next=/home")
		w := c.do("POST", "/signin/callback?next=/home", url.Values{"user": {tolvan}, "csrf": {c.csrf}})
		if got := w.Header().Get("Location"); got != "/home" {
			t.Errorf("next = %q", got)
		}
		c = e.anon()
		c.get("/signin")
		w = c.do("POST", "/signin/callback?next=//evil.example", url.Values{"user": {tolvan}, "csrf": {c.csrf}})
		if got := w.Header().Get("Location"); got != "/" {
			t.Errorf("next = %q, want /", got)
		}
	})
	t.Run("session id changes at sign in", func(t *testing.T) {
		c := e.anon()
		c.get("/signin")
		before := c.cookies[sessionCookie].Value
		c.post("/signin/callback", url.Values{"user": {"anna"}})
		if after := c.cookies[sessionCookie]; after == nil || after.Value == before {
			t.Error("session id kept across sign-in")
		}
	})
	t.Run("sign out", func(t *testing.T) {
		c := e.signIn(tolvan)
		if w := c.post("/signout", nil); w.Code != http.StatusSeeOther {
			t.Fatalf("POST /signout = %d", w.Code)
		}
		if w := c.get("/home"); w.Code != http.StatusSeeOther {
			t.Errorf("after sign-out GET /home = %d, want a redirect to sign in", w.Code)
		}
	})
}

func TestSessionCookie(t *testing.T) {
	tests := []struct {
		name   string
		secure bool
		cookie string
	}{
		{"plain http", false, sessionCookie},
		{"behind TLS proxy", true, sessionCookieSecure},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.SecureCookies = tt.secure })
			w := e.anon().get("/signin")
			var ck *http.Cookie
			for _, c := range w.Result().Cookies() {
				if c.Name == tt.cookie {
					ck = c
				}
			}
			if ck == nil {
				t.Fatalf("no cookie %s", tt.cookie)
			}
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure != tt.secure || ck.Path != "/" {
				t.Errorf("cookie %+v", ck)
			}
		})
	}
}

// TestAccess checks that every route refuses whoever has no business there:
// citizens see only their own enrolments, staff only their units, and
// each staff page its roles.
func TestAccess(t *testing.T) {
	e := newEnv(t)
	tol, sar := e.enrolment(tolvan), e.enrolment(sara)
	manage := south + "/enrolments/" + tol
	tests := []struct {
		user string
		path string
		want int
	}{
		{tolvan, "/home", 200},
		{tolvan, "/e/" + tol, 200},
		{tolvan, "/e/" + sar, 404},
		{tolvan, "/e/" + sar + "/m/om-somn/vad-ar-somn", 404},
		{tolvan, "/e/nosuchenrolment", 404},
		{tolvan, "/e/../../etc", 404},
		{tolvan, south + "/mine", 404},
		{tolvan, "/staff", 404},
		{sara, "/e/" + tol, 404},
		{"anna", "/e/" + tol, 404},
		{"anna", "/home", 404},
		{"anna", south + "/mine", 200},
		{"anna", south + "/all", 200},
		{"anna", south + "/ended", 200},
		{"anna", manage, 200},
		{"anna", south + "/start", 200},
		{"anna", south + "/programs", 403},
		{"bertil", manage, 200},
		{"cecilia", south + "/programs", 200},
		{"cecilia", south + "/mine", 403},
		{"cecilia", manage, 403},
		{"david", south + "/ended", 200},
		{"david", south + "/mine", 403},
		{"david", manage, 403},
		{"erik", south + "/mine", 404},
		{"erik", manage, 404},
		// Guardians and self-enrolment (people_test.go).
		{"anna", manage + "/guardians", 200},
		{"bertil", manage + "/guardians", 200},
		{"cecilia", manage + "/guardians", 403},
		{"david", manage + "/guardians", 403},
		{"erik", manage + "/guardians", 404},
		{tolvan, manage + "/guardians", 404},
		{tolvan, "/join/sov-battre", 404},
		{"anna", "/join/sov-battre", 404},
		{"erik", "/u/mottagning-nord/enrolments/" + tol, 404},
		{"erik", "/u/mottagning-nord/mine", 200},
		{"erik", "/u/nosuchunit/mine", 404},
	}
	clients := map[string]*client{}
	for _, tt := range tests {
		t.Run(tt.user+" GET "+tt.path, func(t *testing.T) {
			c, ok := clients[tt.user]
			if !ok {
				c = e.signIn(tt.user)
				clients[tt.user] = c
			}
			w := c.get(tt.path)
			if w.Code != tt.want {
				t.Errorf("= %d, want %d", w.Code, tt.want)
			}
			if tt.want == 404 && strings.Contains(w.Body.String(), "Tolvan") && tt.user != tolvan {
				t.Error("a refused page names the citizen")
			}
		})
	}
}

// TestPostAccess checks the actions, which the same middleware guards.
func TestPostAccess(t *testing.T) {
	e := newEnv(t)
	tol := e.enrolment(tolvan)
	manage := south + "/enrolments/" + tol
	tests := []struct {
		user string
		path string
		form url.Values
		want int
	}{
		{tolvan, manage + "/welcome", url.Values{"welcome": {"hej"}}, 404},
		{"erik", manage + "/welcome", url.Values{"welcome": {"hej"}}, 404},
		{"cecilia", manage + "/welcome", url.Values{"welcome": {"hej"}}, 403},
		{"cecilia", manage + "/guardians", url.Values{"guardians": {""}}, 403},
		{"erik", manage + "/guardians", url.Values{"guardians": {""}}, 404},
		{tolvan, manage + "/guardians", url.Values{"guardians": {""}}, 404},
		{"anna", south + "/programs/sov-battre/selfenrol", url.Values{"open": {"1"}, "clinician": {"anna"}}, 403},
		{"erik", south + "/programs/sov-battre/selfenrol", url.Values{"open": {"1"}, "clinician": {"anna"}}, 404},
		{tolvan, south + "/programs/sov-battre/selfenrol", url.Values{"open": {"1"}, "clinician": {"anna"}}, 404},
		{"anna", "/home/act", url.Values{"child": {tolvan}}, 404},
		{tolvan, "/home/act", url.Values{"child": {sara}}, 403},
		{"anna", "/join/sov-battre", url.Values{"unit": {"mottagning-syd"}}, 404},
		{"anna", "/e/" + tol + "/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"0"}}, 404},
		{sara, "/e/" + tol + "/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"0"}}, 404},
		{"anna", south + "/programs/sov-battre/activate", url.Values{"bundle": {"x"}}, 403},
		{"anna", manage + "/welcome", url.Values{"welcome": {"hej"}}, 303},
	}
	for _, tt := range tests {
		t.Run(tt.user+" POST "+tt.path, func(t *testing.T) {
			c := e.signIn(tt.user)
			if w := c.post(tt.path, tt.form); w.Code != tt.want {
				t.Errorf("= %d, want %d", w.Code, tt.want)
			}
		})
	}
	if got := e.load(tol).Welcome; got != "hej" {
		t.Errorf("welcome = %q: only anna's post should have landed", got)
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t)
	tol := e.enrolment(tolvan)
	path := south + "/enrolments/" + tol + "/welcome"
	tests := []struct {
		name  string
		token string
		omit  bool
		want  int
	}{
		{"missing", "", true, http.StatusForbidden},
		{"empty", "", false, http.StatusForbidden},
		{"wrong", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", false, http.StatusForbidden},
		{"right", "", false, http.StatusSeeOther},
	}
	c := e.signIn("anna")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"welcome": {"Hej " + tt.name}}
			token := tt.token
			if tt.name == "right" {
				token = c.csrf
			}
			if !tt.omit {
				form.Set("csrf", token)
			}
			w := c.do("POST", path, form)
			if w.Code != tt.want {
				t.Fatalf("= %d, want %d", w.Code, tt.want)
			}
			if tt.want == http.StatusForbidden {
				mustContain(t, w.Body.String(), "E403-CSRF")
			}
		})
	}
	t.Run("another session's token", func(t *testing.T) {
		other := e.signIn("bertil")
		w := c.do("POST", path, url.Values{"welcome": {"x"}, "csrf": {other.csrf}})
		if w.Code != http.StatusForbidden {
			t.Errorf("= %d, want 403", w.Code)
		}
	})
	t.Run("cross-origin post", func(t *testing.T) {
		w := c.post(path, url.Values{"welcome": {"x"}}, "Sec-Fetch-Site", "cross-site")
		if w.Code != http.StatusForbidden {
			t.Errorf("= %d, want 403", w.Code)
		}
	})
}

func TestErrorsAreCoded(t *testing.T) {
	e := newEnv(t)
	w := e.signIn(tolvan).get("/e/nosuch")
	if w.Code != http.StatusNotFound {
		t.Fatalf("= %d", w.Code)
	}
	mustContain(t, w.Body.String(), "E404", "Sidan finns inte", "Referens:")
	mustNotContain(t, w.Body.String(), "not found", "load nosuch")
}

func TestSessionLifetime(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(tolvan)
	e.now = e.now.Add(6 * time.Hour)
	if w := c.get("/home"); w.Code != http.StatusOK {
		t.Fatalf("after 6 hours = %d", w.Code)
	}
	e.now = e.now.Add(6 * time.Hour)
	if w := c.get("/home"); w.Code != http.StatusSeeOther {
		t.Errorf("after 12 hours = %d, want a redirect to sign in", w.Code)
	}
}

func TestRequestID(t *testing.T) {
	e := newEnv(t)
	w := e.anon().do("HEAD", "/healthz", nil)
	if w.Code != http.StatusOK || w.Header().Get("X-Request-Id") == "" {
		t.Errorf("HEAD /healthz = %d, request id %q", w.Code, w.Header().Get("X-Request-Id"))
	}
}

func TestEnglish(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Lang = "en" })
	c := e.signIn(tolvan)
	body := c.get("/e/" + e.enrolment(tolvan) + "/m/om-somn/kartlaggning").Body.String()
	mustContain(t, body, `<html lang="en">`, "Send answers", "Save draft", "Answer only if")
	mustNotContain(t, body, "Skicka svar")
}
