package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// act runs a clinician's command on the enrolment in the context, then
// sends them back to the manage view, at anchor, with a notice.
func (s *Server) act(w http.ResponseWriter, r *http.Request, d runtime.Decision, anchor, flashKey string, args ...any) {
	l := enrolmentFrom(r.Context())
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), commandKey(r), d); err != nil {
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, flashKey, args...)
	to := manageURL(r)
	if anchor != "" {
		to += "#" + anchor
	}
	redirect(w, r, to)
}
