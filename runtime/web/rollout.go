package web

import (
	"net/http"
	"strconv"

	"github.com/stegvis/stegvis/runtime"
)

// rollout moves the running enrolments that the rollout page listed to the
// version active on the unit. Each keeps its answers, opened steps and
// modules; answers keep the form version they were given on.
func (s *Server) rollout(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	data, moving, to, err := s.rolloutData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	moved := 0
	actor := s.staffActor(r)
	// Keys are per enrolment: one key serves every move of the rollout.
	key := commandKey(r)
	for _, e := range moving {
		if _, err := s.svc.DoKeyed(r.Context(), e.ID, actor, key, runtime.MoveBundle(to)); err != nil {
			s.log.WarnContext(r.Context(), "move enrolment", "enrolment", e.ID, "to", to, "err", err)
			continue
		}
		moved++
	}
	s.log.InfoContext(r.Context(), "rolled out", "unit", unit.ID, "bundle", to, "moved", moved, "of", len(moving))
	s.setFlash(w, r, "web.flash.rolled", strconv.Itoa(moved), data.To)
	redirect(w, r, data.Back)
}
