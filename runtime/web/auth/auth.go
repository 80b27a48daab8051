// Package auth is the seam between the web layer and whoever vouches for a
// user's identity. An IdentityProvider signs a person in and says who they
// are; what they may do (their roles on units, their enrolments) is read
// from the store by the web layer on every request. The development
// provider in this package lets anyone sign in as anyone and refuses to be
// made without an explicit opt-in; real providers (OIDC, BankID, SITHS)
// implement the same interface in packages of their own.
package auth

import (
	"context"
	"errors"
	"net/http"
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
// The web layer shows a sign-in page. When Redirect returns a URL, the page
// offers a link there (the provider's own sign-in, e.g. an OIDC
// authorization endpoint) carrying state; the provider sends the browser
// back to /signin/callback, and Authenticate checks that request. When
// Redirect returns "", the page posts its own form to /signin/callback
// (the development chooser, see Chooser).
type IdentityProvider interface {
	// Name names the provider in logs and on the sign-in page.
	Name() string
	// Redirect returns the URL that starts a sign-in, with state to be
	// echoed back, or "" when the sign-in page itself is the form.
	Redirect(state string) (string, error)
	// Authenticate completes a sign-in from the callback request, after
	// the web layer has checked state. It returns ErrUnknown when the
	// provider knows of no such user.
	Authenticate(r *http.Request, state string) (Identity, error)
	// Development reports whether the provider is unsafe for production,
	// so the web layer can say so on every page.
	Development() bool
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
