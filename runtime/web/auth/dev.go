package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ErrDevNotAllowed is returned by NewDev when development sign-in was not
// asked for explicitly.
var ErrDevNotAllowed = errors.New("development sign-in refused: it lets anyone sign in as anyone; start with --dev to allow it")

// Dev is the development identity provider: the sign-in page lists the
// demo accounts and a field for any staff id or personal identity number,
// and whoever is picked is signed in, without a password. It is for demos
// and tests only.
type Dev struct {
	// Lookup says whether a subject exists and gives its name: the web
	// layer points it at the store, so only known staff and valid
	// personal identity numbers sign in.
	Lookup func(ctx context.Context, subject string, now time.Time) (Identity, error)
	// List gives the accounts to offer.
	List func(ctx context.Context) ([]Choice, error)
}

// NewDev returns the development provider. allowed must be true (the
// --dev flag); anything else is refused, so a production server cannot
// start with it by mistake.
func NewDev(allowed bool, lookup func(ctx context.Context, subject string, now time.Time) (Identity, error),
	list func(ctx context.Context) ([]Choice, error)) (*Dev, error) {
	if !allowed {
		return nil, ErrDevNotAllowed
	}
	if lookup == nil {
		return nil, fmt.Errorf("development sign-in: no lookup")
	}
	return &Dev{Lookup: lookup, List: list}, nil
}

// Name returns "development".
func (*Dev) Name() string { return "development" }

// Redirect returns "": the sign-in page is the chooser.
func (*Dev) Redirect(Attempt) (string, error) { return "", nil }

// Development reports true.
func (*Dev) Development() bool { return true }

// Authenticate signs in the user named in the posted field "user".
func (d *Dev) Authenticate(r *http.Request, _ Attempt) (Identity, error) {
	subject := strings.TrimSpace(r.PostFormValue("user"))
	if subject == "" {
		return Identity{}, ErrUnknown
	}
	return d.Lookup(r.Context(), subject, time.Now())
}

// Choices lists the accounts to offer.
func (d *Dev) Choices(ctx context.Context) ([]Choice, error) {
	if d.List == nil {
		return nil, nil
	}
	return d.List(ctx)
}
