package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// declineHandover declines an enrolment handed over; it stays with the
// unit that asked (citizen admins of the receiving unit;
// runtime.DeclineHandover).
func (s *Server) declineHandover(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), commandKey(r), runtime.DeclineHandover(userFrom(r.Context()).Staff)); err != nil {
		s.fail(w, r, err)
		return
	}
	name, _ := s.citizenIdentity(r, l.E)
	s.setFlash(w, r, "roles.flash.declined", name)
	redirect(w, r, areaURL(unitFrom(r.Context()).ID, areaHandovers))
}
