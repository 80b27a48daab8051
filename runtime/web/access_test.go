package web

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
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
		{"cecilia", south + "/roles", 200},
		{"anna", south + "/roles", 403},
		{"bertil", south + "/roles", 403},
		{"david", south + "/roles", 403},
		{"erik", south + "/roles", 404},
		{tolvan, south + "/roles", 404},
		{"bertil", south + "/handovers", 200},
		{"anna", south + "/handovers", 403},
		{"cecilia", south + "/handovers", 403},
		{"frida", "/u/mottagning-nord/handovers", 200},
		{"erik", "/u/mottagning-nord/handovers", 403},
		{"frida", south + "/handovers", 404},
		{"anna", manage + "/handover", 200},
		{"bertil", manage + "/handover", 200},
		{"cecilia", manage + "/handover", 403},
		{"david", manage + "/handover", 403},
		{"erik", manage + "/handover", 404},
		{"frida", "/u/mottagning-nord/enrolments/" + tol + "/handover", 404},
		// Lifecycle: maintenance and end pages for care roles, the
		// maintenance list, and the data admin's export and purge.
		{"anna", manage + "/maintenance", 200},
		{"anna", manage + "/end", 200},
		{"bertil", manage + "/end", 200},
		{"cecilia", manage + "/end", 403},
		{"david", manage + "/maintenance", 403},
		{"david", manage + "/end", 403},
		{"erik", manage + "/end", 404},
		{tolvan, manage + "/end", 404},
		{"anna", south + "/maintenance", 200},
		{"david", south + "/maintenance", 403},
		{"cecilia", south + "/maintenance", 403},
		{"erik", south + "/maintenance", 404},
		{"david", south + "/data", 200},
		{"anna", south + "/data", 403},
		{"bertil", south + "/data", 403},
		{"cecilia", south + "/data", 403},
		{"erik", south + "/data", 404},
		{tolvan, south + "/data", 404},
		{"david", south + "/data/" + tol + "/export.json", 200},
		{"david", south + "/data/" + tol + "/export.csv", 200},
		{"david", south + "/data/" + tol + "/export.fhir", 200},
		{"david", south + "/data/nosuch/export.json", 404},
		{"anna", south + "/data/" + tol + "/export.json", 403},
		{"erik", south + "/data/" + tol + "/export.json", 404},
		{"erik", "/u/mottagning-nord/data/" + tol + "/export.json", 403},
		{tolvan, south + "/data/" + tol + "/export.json", 404},
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
		{"anna", south + "/roles/staff/anna", url.Values{"role": {"unit_admin"}}, 403},
		{"bertil", south + "/roles", url.Values{"id": {"bertil"}, "role": {"unit_admin"}}, 403},
		{"david", south + "/roles/backup", url.Values{"backup": {"anna"}}, 403},
		{"erik", south + "/roles/staff/erik", url.Values{"role": {"clinician"}}, 404},
		{"cecilia", "/u/mottagning-nord/roles/staff/anna", url.Values{"role": {"clinician"}}, 404},
		{"cecilia", manage + "/handover", url.Values{"unit": {"mottagning-nord"}}, 403},
		{"erik", manage + "/handover", url.Values{"unit": {"mottagning-nord"}}, 404},
		{"cecilia", manage + "/link", url.Values{"with": {tol}}, 403},
		{"bertil", south + "/handovers/" + tol + "/accept", url.Values{"clinician": {"anna"}}, 404},
		{"frida", "/u/mottagning-nord/handovers/" + tol + "/accept", url.Values{"clinician": {"erik"}}, 404},
		{"erik", "/u/mottagning-nord/handovers/" + tol + "/decline", nil, 403},
		{"anna", manage + "/welcome", url.Values{"welcome": {"hej"}}, 303},
		{"cecilia", manage + "/maintenance", url.Values{"days": {"30"}}, 403},
		{"david", manage + "/maintenance", url.Values{"days": {"30"}}, 403},
		{"erik", manage + "/end", url.Values{"reason": {"completed"}}, 404},
		{"david", manage + "/end", url.Values{"reason": {"completed"}}, 403},
		{"anna", south + "/data/purge", url.Values{"enrolment": {tol}, "confirm": {"1"}}, 403},
		{"erik", south + "/data/purge", url.Values{"enrolment": {tol}, "confirm": {"1"}}, 404},
		{tolvan, south + "/data/purge", url.Values{"enrolment": {tol}, "confirm": {"1"}}, 404},
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

// The subjects of the route table: signed out, a citizen, and a member
// of staff with one role on the south unit only.
const (
	signedOut    = "signed out"
	asCitizen    = "citizen"
	clinician    = "clinician"
	unitAdmin    = "unit admin"
	citizenAdmin = "citizen admin"
	dataAdmin    = "data admin"
)

var (
	subjects   = []string{signedOut, asCitizen, clinician, unitAdmin, citizenAdmin, dataAdmin}
	everyone   = subjects
	allStaff   = []string{clinician, unitAdmin, citizenAdmin, dataAdmin}
	care       = []string{clinician, citizenAdmin}
	ownCitizen = []string{asCitizen}
	// notHandedOver: nobody, for routes whose object must first be
	// handed over to the unit.
	notHandedOver = []string{}
)

// routeAccess is who may use each route: method and pattern as chi.Walk
// names them ("*" for a route of every method) → the subjects let
// through on their own unit and their own enrolment. On another unit, or
// with another enrolment, nobody is let through. Every route needs an
// entry: TestRouteTable fails for a route without one, and for an entry
// without a route.
var routeAccess = map[string][]string{
	"GET /":                                              everyone,
	"GET /healthz":                                       everyone,
	"GET /readyz":                                        everyone,
	"* /static/*":                                        everyone,
	"GET /signin":                                        everyone,
	"GET /signin/callback":                               everyone,
	"POST /signin/callback":                              everyone,
	"POST /signout":                                      everyone,
	"GET /signin/start":                                  everyone,
	"POST /signout/everywhere":                           everyone,
	"GET /published/{program}/program.json":              everyone,
	"GET /published/{program}/manifest.json":             everyone,
	"GET /home":                                          ownCitizen,
	"POST /home/inbox/read":                              ownCitizen,
	"POST /home/act":                                     ownCitizen,
	"POST /home/act/stop":                                ownCitizen,
	"GET /join/{program}":                                ownCitizen,
	"POST /join/{program}":                               ownCitizen,
	"GET /home/settings":                                 ownCitizen,
	"POST /home/settings":                                ownCitizen,
	"GET /e/{enrolment}/":                                ownCitizen,
	"GET /e/{enrolment}/guide":                           ownCitizen,
	"GET /e/{enrolment}/results":                         ownCitizen,
	"GET /e/{enrolment}/m/{module}/{step}":               ownCitizen,
	"POST /e/{enrolment}/m/{module}/{step}":              ownCitizen,
	"POST /e/{enrolment}/m/{module}/{step}/draft":        ownCitizen,
	"GET /e/{enrolment}/battery/{battery}/{form}":        ownCitizen,
	"POST /e/{enrolment}/battery/{battery}/{form}":       ownCitizen,
	"GET /e/{enrolment}/media/{file}":                    ownCitizen,
	"GET /e/{enrolment}/pdf/*":                           ownCitizen,
	"GET /e/{enrolment}/submissions/{submission}/pdf":    ownCitizen,
	"POST /e/{enrolment}/m/{module}/{step}/comment":      ownCitizen,
	"GET /e/{enrolment}/messages/":                       ownCitizen,
	"POST /e/{enrolment}/messages/":                      ownCitizen,
	"GET /e/{enrolment}/messages/{conversation}":         ownCitizen,
	"POST /e/{enrolment}/messages/{conversation}":        ownCitizen,
	"POST /e/{enrolment}/messages/{conversation}/delete": ownCitizen,
	"POST /e/{enrolment}/messages/{conversation}/draft":  ownCitizen,
	"POST /e/{enrolment}/messages/{conversation}/title":  ownCitizen,
	"POST /e/{enrolment}/messages/{conversation}/unread": ownCitizen,
	// Contacts, planning and bookmarks (care_test.go).
	"GET /e/{enrolment}/contacts/":                   ownCitizen,
	"POST /e/{enrolment}/contacts/":                  ownCitizen,
	"GET /e/{enrolment}/contacts/{contact}":          ownCitizen,
	"POST /e/{enrolment}/contacts/{contact}":         ownCitizen,
	"POST /e/{enrolment}/contacts/{contact}/delete":  ownCitizen,
	"GET /e/{enrolment}/planning/":                   ownCitizen,
	"POST /e/{enrolment}/planning/":                  ownCitizen,
	"GET /e/{enrolment}/planning/{item}":             ownCitizen,
	"POST /e/{enrolment}/planning/{item}":            ownCitizen,
	"POST /e/{enrolment}/planning/{item}/delete":     ownCitizen,
	"GET /e/{enrolment}/bookmarks":                   ownCitizen,
	"POST /e/{enrolment}/m/{module}/{step}/bookmark": ownCitizen,
	"GET /e/{enrolment}/video/{item}":                ownCitizen,

	"GET /staff":                                     allStaff,
	"GET /u/{unit}/":                                 allStaff,
	"GET /u/{unit}/mine":                             care,
	"GET /u/{unit}/all":                              care,
	"GET /u/{unit}/ended":                            {clinician, citizenAdmin, dataAdmin},
	"GET /u/{unit}/start":                            care,
	"POST /u/{unit}/start":                           care,
	"GET /u/{unit}/notifications":                    allStaff,
	"POST /u/{unit}/notifications/read":              allStaff,
	"GET /u/{unit}/profile":                          allStaff,
	"POST /u/{unit}/profile":                         allStaff,
	"GET /u/{unit}/accesslog":                        {unitAdmin},
	"GET /u/{unit}/video":                            {unitAdmin},
	"POST /u/{unit}/video":                           {unitAdmin},
	"GET /u/{unit}/video/{enrolment}/{item}":         care,
	"GET /u/{unit}/statistics":                       {unitAdmin},
	"GET /u/{unit}/statistics.csv":                   {unitAdmin},
	"GET /u/{unit}/programs/":                        {unitAdmin},
	"POST /u/{unit}/programs/publish":                {unitAdmin},
	"GET /u/{unit}/programs/shared":                  {unitAdmin},
	"POST /u/{unit}/programs/import":                 {unitAdmin},
	"POST /u/{unit}/programs/{program}/activate":     {unitAdmin},
	"GET /u/{unit}/programs/{program}/rollout":       {unitAdmin},
	"POST /u/{unit}/programs/{program}/rollout":      {unitAdmin},
	"GET /u/{unit}/maintenance":                      care,
	"GET /u/{unit}/data/":                            {dataAdmin},
	"POST /u/{unit}/data/purge":                      {dataAdmin},
	"GET /u/{unit}/data/{enrolment}/export.{format}": {dataAdmin},
	"POST /u/{unit}/programs/{program}/selfenrol":    {unitAdmin},
	"GET /u/{unit}/roles/":                           {unitAdmin},
	"POST /u/{unit}/roles/":                          {unitAdmin},
	"POST /u/{unit}/roles/backup":                    {unitAdmin},
	"POST /u/{unit}/roles/staff/{staff}":             {unitAdmin},
	"GET /u/{unit}/handovers/":                       {citizenAdmin},
	// The table's enrolments are none of them handed over to a unit, so
	// the handover list's middleware answers 404 to everyone here; who
	// may answer a handover is tested in handover_test.go.
	"POST /u/{unit}/handovers/{enrolment}/accept":  notHandedOver,
	"POST /u/{unit}/handovers/{enrolment}/decline": notHandedOver,

	"GET /u/{unit}/enrolments/{enrolment}/":                                care,
	"POST /u/{unit}/enrolments/{enrolment}/welcome":                        care,
	"POST /u/{unit}/enrolments/{enrolment}/modules/{module}/start":         care,
	"POST /u/{unit}/enrolments/{enrolment}/modules/{module}/complete":      care,
	"POST /u/{unit}/enrolments/{enrolment}/steps/{module}/{step}/hide":     care,
	"POST /u/{unit}/enrolments/{enrolment}/steps/{module}/{step}/show":     care,
	"POST /u/{unit}/enrolments/{enrolment}/submissions/{submission}/read":  care,
	"GET /u/{unit}/enrolments/{enrolment}/submissions/{submission}/pdf":    care,
	"POST /u/{unit}/enrolments/{enrolment}/reviews/{review}/done":          care,
	"POST /u/{unit}/enrolments/{enrolment}/reviews/{review}/acknowledge":   care,
	"POST /u/{unit}/enrolments/{enrolment}/maintenance":                    care,
	"POST /u/{unit}/enrolments/{enrolment}/end":                            care,
	"POST /u/{unit}/enrolments/{enrolment}/clinician":                      {citizenAdmin},
	"GET /u/{unit}/enrolments/{enrolment}/maintenance":                     care,
	"GET /u/{unit}/enrolments/{enrolment}/end":                             care,
	"GET /u/{unit}/enrolments/{enrolment}/guardians":                       care,
	"POST /u/{unit}/enrolments/{enrolment}/guardians":                      care,
	"GET /u/{unit}/enrolments/{enrolment}/timeline":                        care,
	"GET /u/{unit}/enrolments/{enrolment}/timeline/pdf":                    care,
	"GET /u/{unit}/enrolments/{enrolment}/results":                         care,
	"GET /u/{unit}/enrolments/{enrolment}/results/pdf":                     care,
	"GET /u/{unit}/enrolments/{enrolment}/handover":                        care,
	"POST /u/{unit}/enrolments/{enrolment}/handover":                       care,
	"POST /u/{unit}/enrolments/{enrolment}/link":                           care,
	"GET /u/{unit}/enrolments/{enrolment}/messages/":                       care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/":                      care,
	"GET /u/{unit}/enrolments/{enrolment}/messages/{conversation}":         care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/{conversation}":        care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/{conversation}/delete": care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/{conversation}/draft":  care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/{conversation}/title":  care,
	"POST /u/{unit}/enrolments/{enrolment}/messages/{conversation}/unread": care,
	// Contacts and planning in the manage view (care_test.go).
	"GET /u/{unit}/enrolments/{enrolment}/contacts/":                  care,
	"POST /u/{unit}/enrolments/{enrolment}/contacts/":                 care,
	"GET /u/{unit}/enrolments/{enrolment}/contacts/{contact}":         care,
	"POST /u/{unit}/enrolments/{enrolment}/contacts/{contact}":        care,
	"POST /u/{unit}/enrolments/{enrolment}/contacts/{contact}/delete": care,
	"GET /u/{unit}/enrolments/{enrolment}/planning/":                  care,
	"POST /u/{unit}/enrolments/{enrolment}/planning/":                 care,
	"GET /u/{unit}/enrolments/{enrolment}/planning/{item}":            care,
	"POST /u/{unit}/enrolments/{enrolment}/planning/{item}":           care,
	"POST /u/{unit}/enrolments/{enrolment}/planning/{item}/delete":    care,

	// Activity plans: the citizen's tab and the clinician's plans.
	"GET /e/{enrolment}/activities":                                  ownCitizen,
	"GET /e/{enrolment}/activities/{plan}":                           ownCitizen,
	"GET /e/{enrolment}/activities/{plan}/pdf":                       ownCitizen,
	"GET /e/{enrolment}/activities/{plan}/{occasion}":                ownCitizen,
	"POST /e/{enrolment}/activities/{plan}/{occasion}":               ownCitizen,
	"POST /e/{enrolment}/activities/{plan}/{occasion}/comment":       ownCitizen,
	"GET /u/{unit}/enrolments/{enrolment}/activities":                care,
	"GET /u/{unit}/enrolments/{enrolment}/activities/new":            care,
	"POST /u/{unit}/enrolments/{enrolment}/activities/new":           care,
	"GET /u/{unit}/enrolments/{enrolment}/activities/{plan}":         care,
	"POST /u/{unit}/enrolments/{enrolment}/activities/{plan}":        care,
	"POST /u/{unit}/enrolments/{enrolment}/activities/{plan}/switch": care,
	"GET /u/{unit}/enrolments/{enrolment}/activities/{plan}/pdf":     care,
	"POST /u/{unit}/enrolments/{enrolment}/video":                    care,
}

// routeParams are the values the route table puts in a route's
// parameters besides {unit} and {enrolment}; any other is "x". A
// middleware that loads a parameter's object needs a value here that
// exists.
var routeParams = map[string]string{"module": "om-somn", "step": "vad-ar-somn", "program": "sov-battre"}

// TestRouteTable walks every route of the router for every subject, on
// their own unit and another, with their own enrolment and another, and
// checks that exactly those in routeAccess get through: the route's
// middleware runs as it does in the server, and a probe stands in for
// its handler, so that nothing changes.
func TestRouteTable(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tol, sar := e.enrolment(tolvan), e.enrolment(sara)
	// One member of staff per role, with that role on the south unit
	// only; the north unit is the other unit, and an enrolment there the
	// other enrolment.
	staffOf := map[string]runtime.Role{clinician: runtime.RoleClinician, unitAdmin: runtime.RoleUnitAdmin,
		citizenAdmin: runtime.RoleCitizenAdmin, dataAdmin: runtime.RoleDataAdmin}
	for who, role := range staffOf {
		id := "t-" + string(role)
		if err := e.store.PutStaff(ctx, runtime.Staff{ID: id, Name: who}); err != nil {
			t.Fatal(err)
		}
		if err := e.store.SetRoles(ctx, id, demo.UnitSouth, []runtime.Role{role}); err != nil {
			t.Fatal(err)
		}
	}
	en := e.load(tol)
	p, err := e.srv.bundles.program(ctx, en.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	north, err := e.srv.svc.Start(ctx, runtime.StartInput{Program: p, Bundle: en.Bundle, Unit: demo.UnitNorth, Citizen: maria,
		CitizenName: "Maria", Clinician: "erik", Actor: runtime.Actor{ID: "erik", Role: runtime.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	clients := map[string]*client{}
	for _, who := range subjects {
		switch who {
		case signedOut:
			c := e.anon()
			c.get("/signin")
			clients[who] = c
		case asCitizen:
			clients[who] = e.signIn(tolvan)
		default:
			clients[who] = e.signIn("t-" + string(staffOf[who]))
		}
	}

	const probed = 299
	probe := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(probed) })
	seen := map[string]bool{}
	err = chi.Walk(e.srv.router(), func(method, route string, _ http.Handler, mws ...func(http.Handler) http.Handler) error {
		key := method + " " + route
		allowed, ok := routeAccess[key]
		if !ok {
			if allowed, ok = routeAccess["* "+route]; !ok {
				t.Errorf("route %s has no entry in routeAccess: say who may use it", key)
				return nil
			}
			if method != http.MethodGet {
				seen["* "+route] = true
				return nil // one method stands for them all
			}
			key = "* " + route
		}
		seen[key] = true
		// The route alone, with its middleware and the probe.
		r := chi.NewRouter()
		r.Method(method, route, chi.Chain(mws...).Handler(probe))
		for _, unitCase := range []string{"own", "other"} {
			for _, enrolmentCase := range []string{"own", "other"} {
				if !strings.Contains(route, "{unit}") && unitCase == "other" ||
					!strings.Contains(route, "{enrolment}") && enrolmentCase == "other" {
					continue
				}
				path := fillRoute(route, func(name string) string {
					switch {
					case name == "unit" && unitCase == "own":
						return demo.UnitSouth
					case name == "unit":
						return demo.UnitNorth
					case name == "enrolment" && strings.HasPrefix(route, "/e/") && enrolmentCase == "own":
						return tol
					case name == "enrolment" && strings.HasPrefix(route, "/e/"):
						return sar
					case name == "enrolment" && enrolmentCase == "own":
						return tol
					case name == "enrolment":
						return north.ID
					}
					return cmp.Or(routeParams[name], "x")
				})
				for _, who := range subjects {
					want := slices.Contains(allowed, who) && unitCase == "own" && enrolmentCase == "own"
					c := clients[who]
					var form url.Values
					if method != http.MethodGet && method != http.MethodHead {
						form = url.Values{"csrf": {c.csrf}}
					}
					w := c.through(r, method, path, form)
					if got := w.Code == probed; got != want {
						t.Errorf("%s %s (pattern %s) as %s: let through %v, want %v (status %d)", method, path, route, who, got, want, w.Code)
					}
					// Another unit's or citizen's enrolment does not exist
					// for those who could open their own.
					if slices.Contains(allowed, who) && (unitCase == "other" || enrolmentCase == "other") && w.Code != http.StatusNotFound {
						t.Errorf("%s %s as %s = %d, want 404", method, path, who, w.Code)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for key := range routeAccess {
		if !seen[key] {
			t.Errorf("routeAccess has %s, which is no route", key)
		}
	}
}

// fillRoute puts values in a route pattern's parameters and wildcard.
func fillRoute(route string, value func(name string) string) string {
	parts := strings.Split(route, "/")
	for i, p := range parts {
		switch {
		case p == "*":
			parts[i] = "x"
		case strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}"):
			parts[i] = value(strings.Trim(p, "{}"))
		}
	}
	return strings.Join(parts, "/")
}

// through sends a request with the client's cookies to h instead of the
// server.
func (c *client) through(h http.Handler, method, path string, form url.Values) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}
