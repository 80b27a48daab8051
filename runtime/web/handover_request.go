package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// requestHandover asks another unit to take the enrolment over; the
// citizen keeps working meanwhile, and the unit keeps it until the other
// accepts (runtime.RequestHandover).
func (s *Server) requestHandover(w http.ResponseWriter, r *http.Request) {
	to, err := s.store.Unit(r.Context(), r.PostFormValue("unit"))
	if err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	d := runtime.RequestHandover(userFrom(r.Context()).Staff, to.ID)
	s.act(w, r, d, "", "roles.flash.requested", to.Name)
}
