package web

import (
	"context"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// requireKind lets only users of one kind through. Someone signed out is
// sent to sign in (or refused, for a POST); someone of the other kind gets
// "not found", as the page is not theirs.
func (s *Server) requireKind(kind auth.Kind) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u := userFrom(r.Context())
			switch {
			case u == nil && r.Method == http.MethodGet:
				http.Redirect(w, r, signInNextURL(r.URL.RequestURI()), http.StatusSeeOther)
			case u == nil:
				s.fail(w, r, errForbidden)
			case u.Kind != kind:
				s.fail(w, r, errNotFound)
			default:
				next.ServeHTTP(w, r)
			}
		})
	}
}

// requireRole lets through staff with one of the roles on the unit that
// loadUnit put in the context, and puts the first of the roles they have
// in the context for the access log.
func (s *Server) requireRole(roles ...runtime.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, unit := userFrom(r.Context()), unitFrom(r.Context())
			if u == nil || unit.ID == "" || !hasAny(u.Staff.Roles[unit.ID], roles...) {
				s.fail(w, r, errForbidden)
				return
			}
			// The access log records the role that let them through.
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), roleKey{}, roleUsed(u.Staff.Roles[unit.ID], roles))))
		})
	}
}
