package web

import (
	"errors"
	"fmt"
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
	chosen := uniq(r.PostForm["enrolment"])
	if len(chosen) > runtime.MaxPageSize {
		// The data page offers a page of them at a time.
		s.fail(w, r, errInvalid.with(fmt.Errorf("purge %d enrolments at once: %w", len(chosen), runtime.ErrInvalid)))
		return
	}
	var picked []*runtime.Enrolment
	titles := map[string]string{}
	data := &view.PurgeData{Action: purgeURL(unit.ID), Back: areaURL(unit.ID, areaData)}
	// Only the chosen ones are read, not the unit's list.
	for _, id := range chosen {
		e, err := s.svc.Get(r.Context(), id)
		if errors.Is(err, runtime.ErrNotFound) {
			continue
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if e.Unit == unit.ID && e.Ended() {
			picked = append(picked, e)
			sum := runtime.Summarize(e)
			data.Rows = append(data.Rows, s.dataRow(r, &sum, titles))
		}
	}
	if len(picked) == 0 || len(picked) != len(chosen) {
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
