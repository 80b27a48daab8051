package web

import "net/http"

// linkEnrolment links the enrolment with another running enrolment of
// the same citizen, on both logs (Enrolments.Link). The staff member must
// care for the citizen on both units.
func (s *Server) linkEnrolment(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	with := r.PostFormValue("with")
	if !validID(with) {
		s.fail(w, r, errBadRequest)
		return
	}
	err := s.svc.Link(r.Context(), userFrom(r.Context()).Staff, s.staffActor(r), commandKey(r), l.E.ID, with)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "roles.flash.linked")
	redirect(w, r, handoverURL(unitFrom(r.Context()).ID, l.E.ID))
}
