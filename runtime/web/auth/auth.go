// Package auth is the seam between the web layer and whoever vouches for a
// user's identity. An IdentityProvider signs a person in and says who they
// are; what they may do (their roles on units, their enrolments) is read
// from the store by the web layer on every request. The development
// provider in this package lets anyone sign in as anyone and refuses to be
// made without an explicit opt-in; OIDC signs people in through a region's
// OpenID Connect providers (BankID or Freja for citizens, SITHS for staff
// behind them), and Ways offers several providers on one sign-in page.
package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Kind says whether an identity is a citizen or a member of staff.
type Kind string

// Kinds of identity.
const (
	Citizen Kind = "citizen"
	Staff   Kind = "staff"
)

// Identity is who a provider vouches for.
type Identity struct {
	Kind Kind
	// Subject is the citizen's personal identity number (12 digits) or the
	// staff member's id (their HSA id in production).
	Subject string
	// Name is the person's name, if the provider knows it.
	Name string
}

// IdentityProvider signs users in.
//
// The web layer shows a sign-in page. When Redirect returns a URL, the
// page's button leads there through /signin/start, which makes a fresh
// Attempt and keeps it in the browser's session; the provider (e.g. an
// OIDC authorization endpoint) sends the browser back to /signin/callback,
// where the web layer checks the state and Authenticate checks the rest.
// When Redirect returns "", the page posts its own form to /signin/callback
// (the development chooser, see Chooser).
type IdentityProvider interface {
	// Name names the provider in logs and on the sign-in page.
	Name() string
	// Redirect returns the URL that starts sign-in attempt a, or "" when
	// the sign-in page itself is the form.
	Redirect(a Attempt) (string, error)
	// Authenticate completes attempt a from the callback request, after
	// the web layer has checked its state. It returns ErrUnknown when the
	// provider knows of no such user.
	Authenticate(r *http.Request, a Attempt) (Identity, error)
	// Development reports whether the provider is unsafe for production,
	// so the web layer can say so on every page.
	Development() bool
}

// Attempt is one sign-in under way: secrets the web layer makes, keeps in
// the browser's session on the server, and hands to the provider at both
// ends. Only State and Nonce travel through the browser; Verifier never
// leaves the server but as its S256 challenge.
type Attempt struct {
	// Via names the way in that was chosen (see Ways); "" for a single
	// provider.
	Via string
	// State is echoed back by the provider and checked by the web layer.
	State string
	// Nonce is bound into the ID token and checked by the provider.
	Nonce string
	// Verifier is the PKCE code verifier.
	Verifier string
}

// NewAttempt makes an attempt with fresh random state, nonce and verifier
// (32 random bytes each; as base64url a verifier has the 43 characters
// RFC 7636 asks for at least).
func NewAttempt(via string) Attempt {
	return Attempt{Via: via, State: random32(), Nonce: random32(), Verifier: random32()}
}

func random32() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Ways is a provider made of several, one per way in: typically citizens
// through one OIDC provider (BankID, Freja) and staff through another
// (SITHS). The sign-in page offers a button per way, and Attempt.Via
// names the chosen one.
type Ways []Way

// Way is one way in.
type Way struct {
	// Via names the way in URLs: "citizen" or "staff".
	Via      string
	Kind     Kind
	Provider IdentityProvider
}

// ErrNoWay means an attempt names no way this provider has.
var ErrNoWay = errors.New("no such way to sign in")

func (ws Ways) find(via string) (IdentityProvider, error) {
	for _, w := range ws {
		if w.Via == via {
			return w.Provider, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrNoWay, via)
}

// Name names every way's provider.
func (ws Ways) Name() string {
	var names []string
	for _, w := range ws {
		names = append(names, w.Provider.Name())
	}
	return strings.Join(names, " + ")
}

// Redirect starts a sign-in through the way a.Via names.
func (ws Ways) Redirect(a Attempt) (string, error) {
	p, err := ws.find(a.Via)
	if err != nil {
		return "", err
	}
	return p.Redirect(a)
}

// Authenticate completes a sign-in through the way a.Via names.
func (ws Ways) Authenticate(r *http.Request, a Attempt) (Identity, error) {
	p, err := ws.find(a.Via)
	if err != nil {
		return Identity{}, err
	}
	return p.Authenticate(r, a)
}

// Development reports whether any way is unsafe for production.
func (ws Ways) Development() bool {
	for _, w := range ws {
		if w.Provider.Development() {
			return true
		}
	}
	return false
}

// Chooser is a provider that offers a list of accounts to pick from on the
// sign-in page.
type Chooser interface {
	Choices(ctx context.Context) ([]Choice, error)
}

// Choice is an account the sign-in page offers.
type Choice struct {
	Kind    Kind
	Subject string
	Name    string
	// Description says who it is, e.g. "Behandlare, Mottagning Syd".
	Description string
}

// ErrUnknown means the provider knows of no such user.
var ErrUnknown = errors.New("unknown user")
