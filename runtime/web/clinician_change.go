package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// changeClinician hands the enrolment to another clinician of the unit
// (citizen admins only).
func (s *Server) changeClinician(w http.ResponseWriter, r *http.Request) {
	to := r.PostFormValue("clinician")
	st, err := s.store.Staff(r.Context(), to)
	if err != nil || !st.HasRole(unitFrom(r.Context()).ID, runtime.RoleClinician) {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	s.act(w, r, runtime.ChangeClinician(to), "facts-h", "web.flash.clinician", st.Name)
}
