package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showHandover is the page from which the sending unit hands an enrolment
// over to another unit ("överlämning") and links it with another
// enrolment of the same citizen (clinicians and citizen admins).
func (s *Server) showHandover(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	l := enrolmentFrom(r.Context())
	e, unit := l.E, unitFrom(r.Context())
	me := userFrom(r.Context())
	name, pnr := s.citizenIdentity(r, e)
	data := &view.HandoverData{
		Name: name, PNR: pnr, Program: l.Program.Title,
		Linked: s.linkedLinks(r, e), Back: manageURL(r),
	}
	if e.HandoverPending() {
		data.Pending = s.unitName(r, e.HandoverTo)
	}
	if !e.Ended() {
		units, err := s.store.Units(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, u := range units {
			if u.ID != e.Unit {
				data.Units = append(data.Units, view.OptionView{Value: u.ID, Label: u.Name, Checked: u.ID == e.HandoverTo})
			}
		}
		slices.SortFunc(data.Units, func(a, b view.OptionView) int { return compareFold(a.Label, b.Label) })
		data.Action = handoverURL(unit.ID, e.ID)

		others, err := s.svc.List(r.Context(), runtime.ByCitizen(e.Citizen))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for _, o := range others {
			// Only the citizen's running enrolments on units where the
			// staff member cares for them: others are not theirs to see.
			if o.ID == e.ID || o.Ended() || slices.Contains(e.Linked, o.ID) || !hasAny(me.Staff.Roles[o.Unit], careRoles...) {
				continue
			}
			title := o.Program
			if p, err := s.bundles.program(r.Context(), o.Bundle); err == nil {
				title = p.Title
			}
			data.Candidates = append(data.Candidates, view.OptionView{Value: o.ID, Label: cat.T("roles.linked", title, s.unitName(r, o.Unit))})
		}
		if len(data.Candidates) > 0 {
			data.LinkAction = linkURL(unit.ID, e.ID)
		}
	}
	s.render(w, r, http.StatusOK, "staff_handover", cat.T("roles.handover.title"), data)
}
