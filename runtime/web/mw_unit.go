package web

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"
)

// loadUnit puts the unit of the URL in the context, for staff with any
// role on it. To anyone else the unit does not exist.
func (s *Server) loadUnit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := chi.URLParam(r, "unit")
		u := userFrom(r.Context())
		if u == nil || len(u.Staff.Roles[id]) == 0 {
			s.fail(w, r, errNotFound)
			return
		}
		unit, err := s.store.Unit(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), unitKey{}, unit)))
	})
}
