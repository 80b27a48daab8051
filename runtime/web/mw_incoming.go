package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// loadIncomingEnrolment puts the enrolment of the URL in the context when
// it is being handed over to the unit of the URL, for that unit's citizen
// admins to answer. Any other is "not found".
func (s *Server) loadIncomingEnrolment(next http.Handler) http.Handler {
	return s.loadEnrolment(func(r *http.Request, e *runtime.Enrolment) bool {
		unit := unitFrom(r.Context())
		return unit.ID != "" && e.HandoverPending() && e.HandoverTo == unit.ID
	}, next)
}
