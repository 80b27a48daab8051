package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showStart shows the form that starts a program for a citizen.
func (s *Server) showStart(w http.ResponseWriter, r *http.Request) {
	data, err := s.startData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_start", s.cat(r).T("web.title.start"), data)
}

// startData fills the start form with the programs active on the unit and,
// for a citizen admin, the unit's clinicians to choose the responsible one.
func (s *Server) startData(r *http.Request) (*view.StartData, error) {
	u, unit := userFrom(r.Context()), unitFrom(r.Context())
	data := &view.StartData{Action: areaURL(unit.ID, areaStart)}
	acts, err := s.store.Activations(r.Context(), unit.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range acts {
		label := a.Program
		if p, err := s.bundles.program(r.Context(), a.Bundle); err == nil {
			label = p.Title
		}
		data.Programs = append(data.Programs, view.OptionView{Value: a.Program, Label: label})
	}
	if len(data.Programs) == 1 {
		data.Programs[0].Checked = true
	}
	if hasAny(u.Staff.Roles[unit.ID], handOverRoles...) {
		staff, err := s.store.StaffMembers(r.Context())
		if err != nil {
			return nil, err
		}
		for _, st := range staff {
			if st.HasRole(unit.ID, runtime.RoleClinician) {
				data.Clinicians = append(data.Clinicians, view.OptionView{Value: st.ID, Label: st.Name, Checked: st.ID == u.ID})
			}
		}
		slices.SortFunc(data.Clinicians, func(a, b view.OptionView) int { return compareFold(a.Label, b.Label) })
	}
	return data, nil
}
