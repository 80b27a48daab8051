package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// markRead marks a submitted form as read ("markera som läst").
func (s *Server) markRead(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	id := chi.URLParam(r, "submission")
	if _, ok := l.E.Submission(id); !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.MarkRead(id), "s-"+id, "web.flash.read")
}
