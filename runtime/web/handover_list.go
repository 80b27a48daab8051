package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// listHandovers lists the enrolments other units hand over to this one,
// each to accept with a responsible clinician of the unit, or to decline
// (citizen admins only).
func (s *Server) listHandovers(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	es, err := s.svc.List(r.Context(), runtime.HandedTo(unit.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	staff, err := s.store.StaffMembers(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &view.HandoversData{}
	for _, st := range staff {
		if st.HasRole(unit.ID, runtime.RoleClinician) {
			data.Clinicians = append(data.Clinicians, view.OptionView{Value: st.ID, Label: st.Name})
		}
	}
	slices.SortFunc(data.Clinicians, func(a, b view.OptionView) int { return compareFold(a.Label, b.Label) })
	names := map[string]string{}
	for _, e := range es {
		title := e.Program
		if p, err := s.bundles.program(r.Context(), e.Bundle); err == nil {
			title = p.Title
		}
		// The receiving unit is not yet the citizen's care team: a
		// protected identity stays hidden until it accepts.
		name, pnr := s.citizenIdentity(r, e)
		data.Rows = append(data.Rows, view.HandoverRow{
			ID: e.ID, Name: name, PNR: pnr, Program: title,
			From: s.unitName(r, e.Unit), Clinician: s.staffName(r, e.Clinician, names), Started: s.date(e.StartedAt),
			Accept: acceptURL(unit.ID, e.ID), Decline: declineURL(unit.ID, e.ID),
		})
	}
	s.render(w, r, http.StatusOK, "staff_handovers", s.cat(r).T("roles.handovers.title"), data)
}
