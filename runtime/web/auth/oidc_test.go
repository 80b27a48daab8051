package auth

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
)

func lookupAll(_ context.Context, id Identity, _ time.Time) (Identity, error) { return id, nil }

func TestNewOIDCRefusesIncompleteConfig(t *testing.T) {
	for name, cfg := range map[string]OIDCConfig{
		"no kind":     {Issuer: "https://idp", ClientID: "c", RedirectURL: "https://x/cb", Lookup: lookupAll},
		"no issuer":   {Kind: Citizen, ClientID: "c", RedirectURL: "https://x/cb", Lookup: lookupAll},
		"no redirect": {Kind: Staff, Issuer: "https://idp", ClientID: "c", Lookup: lookupAll},
		"no lookup":   {Kind: Staff, Issuer: "https://idp", ClientID: "c", RedirectURL: "https://x/cb"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := NewOIDC(context.Background(), cfg); err == nil {
				t.Error("no error")
			}
		})
	}
}

func TestOIDCRedirect(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	c := m.Config()
	o, err := NewOIDC(context.Background(), OIDCConfig{Kind: Citizen, Issuer: c.Issuer, ClientID: c.ClientID,
		RedirectURL: "https://stegvis.example/signin/callback", Scopes: []string{"profile", "openid"}, Lookup: lookupAll})
	if err != nil {
		t.Fatal(err)
	}
	a := NewAttempt("citizen")
	to, err := o.Redirect(a)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(to)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	want := map[string]string{"state": a.State, "nonce": a.Nonce, "code_challenge_method": "S256",
		"scope": "openid profile", "client_id": c.ClientID, "response_type": "code"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, q.Get(k), v)
		}
	}
	if ch := q.Get("code_challenge"); ch == "" || strings.Contains(to, a.Verifier) {
		t.Errorf("challenge %q; the verifier must not be in the URL", ch)
	}
	if _, err := o.Redirect(Attempt{State: "s"}); err == nil {
		t.Error("an attempt without nonce and verifier: no error")
	}
}
