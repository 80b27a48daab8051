package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// completeModule marks a current module completed ("avsluta modul").
func (s *Server) completeModule(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	id := chi.URLParam(r, "module")
	m, ok := l.Program.Module(id)
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.CompleteModule(id), "m-"+id, "web.flash.module_completed", m.Title)
}
