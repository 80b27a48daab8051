package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// markReviewed marks a flagged event as reviewed ("granskad").
func (s *Server) markReviewed(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	id := chi.URLParam(r, "review")
	if _, ok := l.E.Review(id); !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.ReviewFlag(id), "reviews-h", "web.flash.reviewed")
}
