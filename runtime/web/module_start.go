package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// startModule makes a module current for the citizen ("starta modul").
func (s *Server) startModule(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	id := chi.URLParam(r, "module")
	m, ok := l.Program.Module(id)
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.StartModule(l.Program, id), "m-"+id, "web.flash.module_started", m.Title)
}
