package web

import (
	"errors"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// The pages a citizen may no longer open: an ended enrolment, and one
// whose maintenance period is over. Gone, not forbidden: it was theirs.
var (
	errGone       = &webError{http.StatusGone, "E410-ENDED", "lifecycle.error.ended", nil}
	errAccessOver = &webError{http.StatusGone, "E410-MAINT", "lifecycle.error.access_over", nil}
)

// citizenAccess refuses the citizen an enrolment loaded by
// loadOwnEnrolment once runtime.Enrolment.CitizenAccess says so, at the
// server's clock.
func (s *Server) citizenAccess(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := enrolmentFrom(r.Context()).E.CitizenAccess(s.now())
		switch {
		case errors.Is(err, runtime.ErrAccessOver):
			s.fail(w, r, errAccessOver.with(err))
		case err != nil:
			s.fail(w, r, errGone.with(err))
		default:
			next.ServeHTTP(w, r)
		}
	})
}
