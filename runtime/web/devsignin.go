package web

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
	"github.com/stegvis/stegvis/themes"
)

// NewDevIdentity returns the development sign-in over a store: any staff
// id in the store signs in as that staff member, and any valid personal
// identity number as that citizen. The sign-in page offers every staff
// member with a role and the citizens given in extra (the demo's). It
// refuses unless allowed is true (the --dev flag).
func NewDevIdentity(store runtime.Store, allowed bool, lang string, extra []auth.Choice) (*auth.Dev, error) {
	cat := themes.Lookup(lang)
	lookup := func(ctx context.Context, subject string, now time.Time) (auth.Identity, error) {
		if pnr, err := runtime.ParsePnr(subject, now); err == nil {
			name := runtime.FormatPnr(pnr)
			if c, err := store.Citizen(ctx, pnr); err == nil && c.Name != "" {
				name = c.Name
			}
			return auth.Identity{Kind: auth.Citizen, Subject: pnr, Name: name}, nil
		}
		st, err := store.Staff(ctx, subject)
		if errors.Is(err, runtime.ErrNotFound) {
			return auth.Identity{}, auth.ErrUnknown
		}
		if err != nil {
			return auth.Identity{}, fmt.Errorf("look up %s: %w", subject, err)
		}
		return auth.Identity{Kind: auth.Staff, Subject: st.ID, Name: st.Name}, nil
	}
	list := func(ctx context.Context) ([]auth.Choice, error) {
		staff, err := store.StaffMembers(ctx)
		if err != nil {
			return nil, err
		}
		units := map[string]string{}
		var out []auth.Choice
		for _, st := range staff {
			var parts []string
			for _, unit := range slices.Sorted(maps.Keys(st.Roles)) {
				if len(st.Roles[unit]) == 0 {
					continue
				}
				name, ok := units[unit]
				if !ok {
					name = unit
					if u, err := store.Unit(ctx, unit); err == nil {
						name = u.Name
					}
					units[unit] = name
				}
				var roles []string
				for _, r := range st.Roles[unit] {
					roles = append(roles, cat.T("web.role."+string(r)))
				}
				parts = append(parts, strings.Join(roles, ", ")+" – "+name)
			}
			if len(parts) == 0 {
				continue
			}
			out = append(out, auth.Choice{Kind: auth.Staff, Subject: st.ID, Name: st.Name, Description: strings.Join(parts, "; ")})
		}
		return append(out, extra...), nil
	}
	return auth.NewDev(allowed, lookup, list)
}
