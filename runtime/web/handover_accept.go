package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// acceptHandover takes an enrolment handed over into the unit, with a
// clinician of the unit responsible, and opens it there (citizen admins
// of the receiving unit; runtime.AcceptHandover).
func (s *Server) acceptHandover(w http.ResponseWriter, r *http.Request) {
	clinician, err := s.store.Staff(r.Context(), r.PostFormValue("clinician"))
	if err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	s.act(w, r, runtime.AcceptHandover(userFrom(r.Context()).Staff, clinician), "", "roles.flash.accepted", clinician.Name)
}
