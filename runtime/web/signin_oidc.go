package web

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// DirectoryLookup is the check an OIDC provider (auth.OIDCConfig.Lookup)
// makes of whom it vouches for. A citizen's subject must be a valid
// personal identity number, kept in its 12-digit form. A member of staff
// must be in the store's directory: roles come from the directory on
// every request, never from the token, so a region's IdP says who someone
// is and the unit admins in stegvis say what they may do; a staff id the
// directory does not know is refused (auth.ErrUnknown).
func DirectoryLookup(store runtime.Store) func(ctx context.Context, id auth.Identity, now time.Time) (auth.Identity, error) {
	return func(ctx context.Context, id auth.Identity, now time.Time) (auth.Identity, error) {
		switch id.Kind {
		case auth.Citizen:
			pnr, err := runtime.ParsePnr(id.Subject, now)
			if err != nil {
				return auth.Identity{}, fmt.Errorf("citizen's personal identity number: %w: %w", auth.ErrUnknown, err)
			}
			name := id.Name
			if c, err := store.Citizen(ctx, pnr); err == nil && c.Name != "" && name == "" {
				name = c.Name
			}
			if name == "" {
				name = runtime.FormatPnr(pnr)
			}
			return auth.Identity{Kind: auth.Citizen, Subject: pnr, Name: name}, nil
		case auth.Staff:
			st, err := store.Staff(ctx, id.Subject)
			if errors.Is(err, runtime.ErrNotFound) {
				return auth.Identity{}, fmt.Errorf("staff %s: %w", id.Subject, auth.ErrUnknown)
			}
			if err != nil {
				return auth.Identity{}, fmt.Errorf("look up staff %s: %w", id.Subject, err)
			}
			name := st.Name
			if name == "" {
				name = id.Name
			}
			return auth.Identity{Kind: auth.Staff, Subject: st.ID, Name: name}, nil
		}
		return auth.Identity{}, fmt.Errorf("identity of kind %q: %w", id.Kind, auth.ErrUnknown)
	}
}
