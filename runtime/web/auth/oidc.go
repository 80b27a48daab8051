package auth

import (
	"cmp"
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// OIDCConfig configures one OpenID Connect provider for one kind of user.
type OIDCConfig struct {
	// Kind is who signs in through this provider.
	Kind Kind
	// Name names the provider on the sign-in page, e.g. "BankID".
	Name string
	// Issuer is the provider's issuer URL; its discovery document is read
	// from Issuer/.well-known/openid-configuration at start.
	Issuer string
	// ClientID and ClientSecret are stegvis' client at the provider.
	ClientID, ClientSecret string
	// RedirectURL is this site's /signin/callback as registered there.
	RedirectURL string
	// Scopes asked for besides "openid".
	Scopes []string
	// SubjectClaim is the ID token claim naming the person: the personal
	// identity number for citizens (e.g. "personal_number", or "sub" when
	// the provider's subject is the number), the HSA id for staff (e.g.
	// "hsa_id"). "" means "sub".
	SubjectClaim string
	// NameClaim is the claim holding the person's name; "" means "name",
	// and given_name with family_name when that is missing.
	NameClaim string
	// Lookup says whether the person may sign in and completes the
	// identity: the web layer checks a citizen's personal identity number
	// and that a staff member is in the directory. It returns ErrUnknown
	// for someone who may not.
	Lookup func(ctx context.Context, id Identity, now time.Time) (Identity, error)
	// Client, if set, is the HTTP client for the provider's endpoints.
	Client *http.Client
}

// OIDC signs users in through an OpenID Connect provider with the
// authorization code flow, PKCE (S256) and a nonce. Nothing of a sign-in
// is kept in it: the web layer keeps the Attempt in the browser's session,
// so any replica can finish a sign-in another began.
type OIDC struct {
	cfg      OIDCConfig
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// Errors of an OIDC sign-in that was refused; all of them are logged, and
// the user is only told that sign-in failed.
var (
	ErrNonce   = errors.New("the ID token's nonce is not this sign-in's")
	ErrNoToken = errors.New("the token response holds no ID token")
	ErrClaim   = errors.New("the ID token lacks the subject claim")
	ErrDenied  = errors.New("the provider refused the sign-in")
)

// NewOIDC reads the provider's discovery document and returns the
// provider. It refuses a provider whose document says it does not
// support PKCE with S256.
func NewOIDC(ctx context.Context, cfg OIDCConfig) (*OIDC, error) {
	switch {
	case cfg.Kind != Citizen && cfg.Kind != Staff:
		return nil, fmt.Errorf("oidc: kind %q is neither citizen nor staff", cfg.Kind)
	case cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "":
		return nil, fmt.Errorf("oidc %s: issuer, client id and redirect URL are all needed", cfg.Kind)
	case cfg.Lookup == nil:
		return nil, fmt.Errorf("oidc %s: no lookup", cfg.Kind)
	}
	if cfg.Client != nil {
		ctx = oidc.ClientContext(ctx, cfg.Client)
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("oidc %s: discover %s: %w", cfg.Kind, cfg.Issuer, err)
	}
	var meta struct {
		Methods []string `json:"code_challenge_methods_supported"`
	}
	if err := p.Claims(&meta); err != nil {
		return nil, fmt.Errorf("oidc %s: discovery document: %w", cfg.Kind, err)
	}
	if len(meta.Methods) > 0 && !slices.Contains(meta.Methods, "S256") {
		return nil, fmt.Errorf("oidc %s: %s does not support PKCE with S256 (only %v)", cfg.Kind, cfg.Issuer, meta.Methods)
	}
	if cfg.Name == "" {
		cfg.Name = "OpenID Connect"
	}
	scopes := []string{oidc.ScopeOpenID}
	for _, sc := range cfg.Scopes {
		if sc != oidc.ScopeOpenID && !slices.Contains(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	return &OIDC{
		cfg: cfg,
		oauth: oauth2.Config{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
			Endpoint: p.Endpoint(), RedirectURL: cfg.RedirectURL, Scopes: scopes},
		verifier: p.Verifier(&oidc.Config{ClientID: cfg.ClientID}),
	}, nil
}

// Name returns the configured name.
func (o *OIDC) Name() string { return o.cfg.Name }

// Kind returns who signs in through the provider.
func (o *OIDC) Kind() Kind { return o.cfg.Kind }

// Development reports false.
func (*OIDC) Development() bool { return false }

// Redirect returns the authorization URL for a: its state, its nonce and
// the S256 challenge of its verifier.
func (o *OIDC) Redirect(a Attempt) (string, error) {
	if a.State == "" || a.Nonce == "" || len(a.Verifier) < 43 {
		return "", fmt.Errorf("oidc %s: incomplete sign-in attempt", o.cfg.Kind)
	}
	return o.oauth.AuthCodeURL(a.State, oidc.Nonce(a.Nonce), oauth2.S256ChallengeOption(a.Verifier)), nil
}

// Authenticate exchanges the callback's code with a's verifier, verifies
// the ID token (signature, issuer, audience, expiry) and its nonce, and
// maps its claims to the person through Lookup.
func (o *OIDC) Authenticate(r *http.Request, a Attempt) (Identity, error) {
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		return Identity{}, fmt.Errorf("oidc %s: %w: %s %s", o.cfg.Kind, ErrDenied, e, q.Get("error_description"))
	}
	code := q.Get("code")
	if code == "" {
		return Identity{}, fmt.Errorf("oidc %s: %w: no code", o.cfg.Kind, ErrDenied)
	}
	ctx := r.Context()
	if o.cfg.Client != nil {
		ctx = oidc.ClientContext(ctx, o.cfg.Client)
	}
	tok, err := o.oauth.Exchange(ctx, code, oauth2.VerifierOption(a.Verifier))
	if err != nil {
		return Identity{}, fmt.Errorf("oidc %s: exchange code: %w", o.cfg.Kind, err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Identity{}, fmt.Errorf("oidc %s: %w", o.cfg.Kind, ErrNoToken)
	}
	idt, err := o.verifier.Verify(ctx, raw)
	if err != nil {
		return Identity{}, fmt.Errorf("oidc %s: verify ID token: %w", o.cfg.Kind, err)
	}
	if a.Nonce == "" || subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(a.Nonce)) != 1 {
		return Identity{}, fmt.Errorf("oidc %s: %w", o.cfg.Kind, ErrNonce)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("oidc %s: claims: %w", o.cfg.Kind, err)
	}
	subject := claimString(claims, o.cfg.SubjectClaim, "sub")
	if subject == "" {
		return Identity{}, fmt.Errorf("oidc %s: %w %q", o.cfg.Kind, ErrClaim, cmp.Or(o.cfg.SubjectClaim, "sub"))
	}
	name := claimString(claims, o.cfg.NameClaim, "name")
	if name == "" && o.cfg.NameClaim == "" {
		name = strings.TrimSpace(claimString(claims, "given_name", "") + " " + claimString(claims, "family_name", ""))
	}
	return o.cfg.Lookup(r.Context(), Identity{Kind: o.cfg.Kind, Subject: subject, Name: name}, time.Now())
}

// claimString returns claim name (or def when name is "") as a string;
// numbers are not accepted, as a personal identity number with a leading
// zero or twelve digits must not pass through a float.
func claimString(claims map[string]any, name, def string) string {
	if name == "" {
		name = def
	}
	s, _ := claims[name].(string)
	return strings.TrimSpace(s)
}
