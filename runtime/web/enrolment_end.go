package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
)

// endEnrolment ends the enrolment with a reason ("avsluta moment"). It is
// read-only afterwards and listed under "Avslutade".
func (s *Server) endEnrolment(w http.ResponseWriter, r *http.Request) {
	reason := r.PostFormValue("reason")
	if !slices.Contains(runtime.EndReasons, reason) {
		s.fail(w, r, errBadRequest)
		return
	}
	s.act(w, r, runtime.End(reason), "", "web.flash.ended")
}
