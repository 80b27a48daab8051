package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// idpUser is a user of the mock provider with the claims a Swedish IdP
// sends: a personal identity number or an HSA id, and a name.
type idpUser struct {
	sub, claim, value, name string
}

func (u idpUser) ID() string { return u.sub }
func (u idpUser) Userinfo([]string) ([]byte, error) {
	return json.Marshal(map[string]string{"sub": u.sub})
}
func (u idpUser) Claims(_ []string, base *mockoidc.IDTokenClaims) (jwt.Claims, error) {
	return &idpClaims{IDTokenClaims: base, extra: map[string]string{u.claim: u.value, "name": u.name}}, nil
}

type idpClaims struct {
	*mockoidc.IDTokenClaims
	extra map[string]string
}

// MarshalJSON adds the extra claims to the standard ones.
func (c *idpClaims) MarshalJSON() ([]byte, error) {
	base, err := json.Marshal(c.IDTokenClaims)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := json.Unmarshal(base, &m); err != nil {
		return nil, err
	}
	for k, v := range c.extra {
		m[k] = v
	}
	return json.Marshal(m)
}

// oidcEnv is the web server on a real listener with citizens signing in
// through one mock OIDC provider and staff through another.
type oidcEnv struct {
	*env
	ts              *httptest.Server
	citizens, staff *mockoidc.MockOIDC
}

func newOIDCEnv(t *testing.T, opts ...func(*Config)) *oidcEnv {
	t.Helper()
	var h http.Handler
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(ts.Close)
	o := &oidcEnv{ts: ts}
	var ways auth.Ways
	lookup := func(e **env) func(ctx context.Context, id auth.Identity, now time.Time) (auth.Identity, error) {
		return func(ctx context.Context, id auth.Identity, now time.Time) (auth.Identity, error) {
			return DirectoryLookup((*e).store)(ctx, id, now)
		}
	}
	for _, w := range []struct {
		kind  auth.Kind
		claim string
		m     **mockoidc.MockOIDC
	}{{auth.Citizen, "personal_number", &o.citizens}, {auth.Staff, "hsa_id", &o.staff}} {
		m, err := mockoidc.Run()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { m.Shutdown() })
		*w.m = m
		cfg := m.Config()
		p, err := auth.NewOIDC(context.Background(), auth.OIDCConfig{Kind: w.kind, Name: "Mock " + string(w.kind),
			Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			RedirectURL: ts.URL + signInCallbackURL, Scopes: []string{"profile"},
			SubjectClaim: w.claim, Lookup: lookup(&o.env)})
		if err != nil {
			t.Fatal(err)
		}
		ways = append(ways, auth.Way{Via: string(w.kind), Kind: w.kind, Provider: p})
	}
	o.env = newEnv(t, append([]func(*Config){func(c *Config) { c.Identity = ways; c.Now = nil }}, opts...)...)
	h = o.srv
	return o
}

// browser is an HTTP client with cookies that follows no redirect by
// itself, so each step of the flow can be checked.
type browser struct {
	t *testing.T
	c *http.Client
}

func (o *oidcEnv) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: o.t, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) post(u string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.PostForm(u, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

// toProvider starts a sign-in through way via and returns the provider's
// authorization URL.
func (o *oidcEnv) toProvider(b *browser, via string) *url.URL {
	o.t.Helper()
	res, body := b.get(o.ts.URL + signInURL)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "/signin/start?via="+via) {
		o.t.Fatalf("GET /signin = %d, no button for %s:\n%s", res.StatusCode, via, body)
	}
	res, _ = b.get(o.ts.URL + signInStartURL(via, ""))
	if res.StatusCode != http.StatusSeeOther {
		o.t.Fatalf("GET /signin/start = %d", res.StatusCode)
	}
	to, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		o.t.Fatal(err)
	}
	return to
}

// atProvider signs in at the provider and returns our callback URL.
func (o *oidcEnv) atProvider(b *browser, to *url.URL) *url.URL {
	o.t.Helper()
	res, body := b.get(to.String())
	if res.StatusCode != http.StatusFound {
		o.t.Fatalf("provider's authorize = %d: %s", res.StatusCode, body)
	}
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(back.String(), o.ts.URL+signInCallbackURL) {
		o.t.Fatalf("provider sent back to %q", res.Header.Get("Location"))
	}
	return back
}

// tamper changes the sign-in attempt kept in the browser's session.
func (o *oidcEnv) tamper(b *browser, change func(*session)) {
	o.t.Helper()
	u, _ := url.Parse(o.ts.URL)
	ctx := context.Background()
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name != sessionCookie {
			continue
		}
		data, err := o.store.Session(ctx, storeKey(c.Value))
		if err != nil {
			o.t.Fatal(err)
		}
		var ss session
		if err := json.Unmarshal(data, &ss); err != nil {
			o.t.Fatal(err)
		}
		change(&ss)
		data, _ = json.Marshal(&ss)
		if err := o.store.PutSession(ctx, storeKey(c.Value), data, time.Minute); err != nil {
			o.t.Fatal(err)
		}
		return
	}
	o.t.Fatal("no session cookie")
}

// signInVia runs the whole flow and returns the callback's response.
func (o *oidcEnv) signInVia(b *browser, via string, user idpUser) *http.Response {
	o.t.Helper()
	m := o.citizens
	if via == string(auth.Staff) {
		m = o.staff
	}
	m.QueueUser(user)
	res, _ := b.get(o.atProvider(b, o.toProvider(b, via)).String())
	return res
}

func citizenUser(pnr string) idpUser {
	return idpUser{sub: "opaque-" + pnr, claim: "personal_number", value: pnr, name: "Tolvan Tolvansson"}
}

func staffUser(hsa string) idpUser {
	return idpUser{sub: "opaque-" + hsa, claim: "hsa_id", value: hsa, name: "Token Name"}
}

// home follows the start page's redirects and returns the page signed in.
func (b *browser) home(base string) (*http.Response, string) {
	b.t.Helper()
	res, body := b.get(base + rootURL)
	for range 3 {
		if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
			break
		}
		res, body = b.get(base + res.Header.Get("Location"))
	}
	return res, body
}

func TestOIDCSignIn(t *testing.T) {
	o := newOIDCEnv(t)

	t.Run("the authorization request carries state, nonce and an S256 challenge", func(t *testing.T) {
		b := o.browser()
		q := o.toProvider(b, "citizen").Query()
		for _, p := range []string{"state", "nonce", "code_challenge"} {
			if q.Get(p) == "" {
				t.Errorf("no %s in %v", p, q)
			}
		}
		if q.Get("code_challenge_method") != "S256" {
			t.Errorf("code_challenge_method = %q", q.Get("code_challenge_method"))
		}
		if q.Get("code_verifier") != "" {
			t.Error("the verifier left the server")
		}
	})

	t.Run("a citizen lands signed in", func(t *testing.T) {
		b := o.browser()
		res := o.signInVia(b, "citizen", citizenUser(tolvan))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback = %d", res.StatusCode)
		}
		res, body := b.home(o.ts.URL)
		if res.StatusCode != http.StatusOK || res.Request.URL.Path != citizenHomeURL {
			t.Fatalf("home = %d at %s", res.StatusCode, res.Request.URL.Path)
		}
		mustContain(t, body, "Tolvan Tolvansson", signOutEverywhereURL)
	})

	t.Run("a staff member in the directory lands signed in with the directory's roles", func(t *testing.T) {
		b := o.browser()
		if res := o.signInVia(b, "staff", staffUser("anna")); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback = %d", res.StatusCode)
		}
		res, body := b.home(o.ts.URL)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Request.URL.Path, "/u/") {
			t.Fatalf("home = %d at %s", res.StatusCode, res.Request.URL.Path)
		}
		mustContain(t, body, "Behandlare")
		mustNotContain(t, body, "Token Name")
	})

	refused := []struct {
		name   string
		via    string
		user   idpUser
		change func(*session)
		back   func(*url.URL)
		status int
	}{
		{name: "wrong state", via: "citizen", user: citizenUser(tolvan),
			back: func(u *url.URL) { q := u.Query(); q.Set("state", "forged"); u.RawQuery = q.Encode() }, status: http.StatusForbidden},
		{name: "no state", via: "citizen", user: citizenUser(tolvan),
			back: func(u *url.URL) { q := u.Query(); q.Del("state"); u.RawQuery = q.Encode() }, status: http.StatusForbidden},
		{name: "wrong nonce", via: "citizen", user: citizenUser(tolvan),
			change: func(ss *session) { ss.Nonce = "another-sign-in" }, status: http.StatusUnauthorized},
		{name: "wrong PKCE verifier", via: "citizen", user: citizenUser(tolvan),
			change: func(ss *session) { ss.Verifier = auth.NewAttempt("").Verifier }, status: http.StatusUnauthorized},
		{name: "missing PKCE verifier", via: "staff", user: staffUser("anna"),
			change: func(ss *session) { ss.Verifier = "" }, status: http.StatusUnauthorized},
		{name: "staff not in the directory", via: "staff", user: staffUser("zorro"), status: http.StatusUnauthorized},
		{name: "no valid personal identity number", via: "citizen", user: citizenUser("191212121213"), status: http.StatusUnauthorized},
	}
	for _, tt := range refused {
		t.Run("refused: "+tt.name, func(t *testing.T) {
			b := o.browser()
			m := o.citizens
			if tt.via == "staff" {
				m = o.staff
			}
			m.QueueUser(tt.user)
			to := o.toProvider(b, tt.via)
			if tt.change != nil {
				o.tamper(b, tt.change)
			}
			back := o.atProvider(b, to)
			if tt.back != nil {
				tt.back(back)
			}
			res, _ := b.get(back.String())
			if res.StatusCode != tt.status {
				t.Fatalf("callback = %d, want %d", res.StatusCode, tt.status)
			}
			res, _ = b.get(o.ts.URL + citizenHomeURL)
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), signInURL) {
				t.Errorf("after a refused sign-in, /home = %d to %q, want the sign-in page", res.StatusCode, res.Header.Get("Location"))
			}
		})
	}

	t.Run("a code is good for one callback", func(t *testing.T) {
		b := o.browser()
		o.citizens.QueueUser(citizenUser(tolvan))
		back := o.atProvider(b, o.toProvider(b, "citizen"))
		if res, _ := b.get(back.String()); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback = %d", res.StatusCode)
		}
		other := o.browser()
		if res, _ := other.get(back.String()); res.StatusCode != http.StatusForbidden {
			t.Errorf("the same callback in another browser = %d, want 403", res.StatusCode)
		}
	})
}

func TestSignOutEverywhere(t *testing.T) {
	o := newOIDCEnv(t)
	phone, laptop, other := o.browser(), o.browser(), o.browser()
	for _, b := range []*browser{phone, laptop} {
		if res := o.signInVia(b, "citizen", citizenUser(tolvan)); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("callback = %d", res.StatusCode)
		}
	}
	if res := o.signInVia(other, "staff", staffUser("anna")); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("callback = %d", res.StatusCode)
	}
	_, body := phone.home(o.ts.URL)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the page")
	}
	res, _ := phone.post(o.ts.URL+signOutEverywhereURL, url.Values{"csrf": {m[1]}, "key": {runtime.NewID()}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != signInURL {
		t.Fatalf("POST %s = %d to %q", signOutEverywhereURL, res.StatusCode, res.Header.Get("Location"))
	}
	for name, b := range map[string]*browser{"phone": phone, "laptop": laptop} {
		if res, _ := b.get(o.ts.URL + citizenHomeURL); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s after sign-out everywhere: /home = %d, want a redirect to sign in", name, res.StatusCode)
		}
	}
	if res, _ := other.home(o.ts.URL); res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Request.URL.Path, "/u/") {
		t.Errorf("another person's session ended too: %d at %s", res.StatusCode, res.Request.URL.Path)
	}
	anon := o.browser()
	if res, _ := anon.post(o.ts.URL+signOutEverywhereURL, url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("signed out: POST %s = %d, want 403", signOutEverywhereURL, res.StatusCode)
	}
}

func TestSignInRateLimited(t *testing.T) {
	t.Run("per client address", func(t *testing.T) {
		o := newOIDCEnv(t, func(c *Config) { c.SignInLimitIP = runtime.Limit{Burst: 3, Every: time.Hour} })
		b := o.browser()
		o.toProvider(b, "citizen") // one token
		b.get(o.ts.URL + signInStartURL("staff", ""))
		b.get(o.ts.URL + signInStartURL("citizen", ""))
		res, body := b.get(o.ts.URL + signInStartURL("citizen", ""))
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("fourth start = %d, want 429", res.StatusCode)
		}
		if ra := res.Header.Get("Retry-After"); ra == "" || ra == "0" {
			t.Errorf("Retry-After = %q", ra)
		}
		mustContain(t, body, "För många inloggningsförsök")
	})
	t.Run("per account", func(t *testing.T) {
		e := newEnv(t, func(c *Config) { c.SignInLimitAccount = runtime.Limit{Burst: 2, Every: time.Hour} })
		for i := range 2 {
			c := e.anon()
			c.get(signInURL)
			if w := c.post(signInCallbackURL, url.Values{"user": {"anna"}}); w.Code != http.StatusSeeOther {
				t.Fatalf("sign-in %d = %d", i, w.Code)
			}
		}
		c := e.anon()
		c.get(signInURL)
		w := c.post(signInCallbackURL, url.Values{"user": {"anna"}})
		if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") == "" {
			t.Fatalf("third sign-in = %d, Retry-After %q; want 429 with Retry-After", w.Code, w.Header().Get("Retry-After"))
		}
		c = e.anon()
		c.get(signInURL)
		if w := c.post(signInCallbackURL, url.Values{"user": {"bertil"}}); w.Code != http.StatusSeeOther {
			t.Errorf("another account = %d", w.Code)
		}
	})
}
