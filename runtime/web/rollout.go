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
	data, from, to, err := s.rolloutData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Every id first: each move takes its enrolment out of the list.
	var moving []string
	for _, b := range from {
		err := runtime.EachSummary(r.Context(), s.store, runtime.BundleList(unit.ID, b), runtime.MaxPageSize, func(ss []runtime.Summary) error {
			for _, sum := range ss {
				moving = append(moving, sum.ID)
			}
			return nil
		})
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	moved := 0
	actor := s.staffActor(r)
	// Keys are per enrolment: one key serves every move of the rollout.
	key := commandKey(r)
	for _, id := range moving {
		if _, err := s.svc.DoKeyed(r.Context(), id, actor, key, runtime.MoveBundle(to)); err != nil {
			s.log.WarnContext(r.Context(), "move enrolment", "enrolment", id, "to", to, "err", err)
			continue
		}
		moved++
	}
	s.log.InfoContext(r.Context(), "rolled out", "unit", unit.ID, "bundle", to, "moved", moved, "of", len(moving))
	s.setFlash(w, r, "web.flash.rolled", strconv.Itoa(moved), data.To)
	redirect(w, r, data.Back)
}
