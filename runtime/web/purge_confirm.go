package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// purgeEnrolments purges ("gallrar") the ended enrolments a data admin
// chose on the data page. The first post shows them again with the
// warning that it cannot be undone; the post of that page, with confirm
// set, purges them. Each purge is logged as an audit record without
// health data: who, when, which enrolment of which unit.
func (s *Server) purgeEnrolments(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	ended, err := s.svc.List(r.Context(), runtime.EndedIn(unit.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	chosen := r.PostForm["enrolment"]
	var picked []*runtime.Enrolment
	titles := map[string]string{}
	data := &view.PurgeData{Action: purgeURL(unit.ID), Back: areaURL(unit.ID, areaData)}
	for _, e := range ended {
		if e.Unit == unit.ID && e.Ended() && slices.Contains(chosen, e.ID) {
			picked = append(picked, e)
			data.Rows = append(data.Rows, s.dataRow(r, e, titles))
		}
	}
	if len(picked) == 0 || len(picked) != len(uniq(chosen)) {
		// None chosen, or one that is not an ended enrolment of the unit.
		s.setFlash(w, r, "lifecycle.purge.none")
		redirect(w, r, areaURL(unit.ID, areaData))
		return
	}
	if r.PostFormValue("confirm") != "1" {
		s.render(w, r, http.StatusOK, "staff_purge", cat.T("lifecycle.purge.title"), data)
		return
	}
	actor := s.staffActor(r)
	n := 0
	for _, e := range picked {
		err := s.svc.Purge(r.Context(), e.ID)
		if err != nil {
			s.log.ErrorContext(r.Context(), "purge", "enrolment", e.ID, "unit", unit.ID, "err", err)
			continue
		}
		n++
		rec := runtime.PurgeRecord{Enrolment: e.ID, Unit: unit.ID, By: actor, At: s.now()}
		s.log.InfoContext(r.Context(), "enrolment purged", "audit", rec)
	}
	if n < len(picked) {
		s.fail(w, r, errInternal)
		return
	}
	s.setFlash(w, r, "lifecycle.flash.purged", n)
	redirect(w, r, areaURL(unit.ID, areaData))
}

func uniq(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return slices.Compact(out)
}
