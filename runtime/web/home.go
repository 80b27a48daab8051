package web

import (
	"net/http"
	"sort"

	"github.com/stegvis/stegvis/runtime/web/auth"
)

// home sends each user to their start page.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	switch {
	case u == nil:
		http.Redirect(w, r, signInURL, http.StatusSeeOther)
	case u.Kind == auth.Citizen:
		http.Redirect(w, r, citizenHomeURL, http.StatusSeeOther)
	default:
		units := make([]string, 0, len(u.Staff.Roles))
		for id, roles := range u.Staff.Roles {
			if len(roles) > 0 {
				units = append(units, id)
			}
		}
		sort.Strings(units)
		if len(units) == 1 {
			http.Redirect(w, r, unitURL(units[0]), http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, unitsURL, http.StatusSeeOther)
	}
}
