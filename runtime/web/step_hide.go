package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// hideStep hides one step from this citizen.
func (s *Server) hideStep(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	_, _, st, ok := l.Program.Step(module, step)
	if !ok {
		s.fail(w, r, errNotFound)
		return
	}
	s.act(w, r, runtime.HideStep(l.Program, module, step), "m-"+module, "web.flash.step_hidden", st.Title)
}
