package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showUnits lists the units the staff member has a role on.
func (s *Server) showUnits(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	data := &view.UnitsData{}
	for id, roles := range u.Staff.Roles {
		if len(roles) == 0 {
			continue
		}
		label := id
		if unit, err := s.store.Unit(r.Context(), id); err == nil {
			label = unit.Name
		}
		data.Units = append(data.Units, view.Link{Href: unitURL(id), Label: label})
	}
	slices.SortFunc(data.Units, func(a, b view.Link) int { return compareFold(a.Label, b.Label) })
	s.render(w, r, http.StatusOK, "staff_units", s.cat(r).T("web.title.units"), data)
}

// showUnitHome sends staff to the first page their roles give them.
func (s *Server) showUnitHome(w http.ResponseWriter, r *http.Request) {
	u, unit := userFrom(r.Context()), unitFrom(r.Context())
	http.Redirect(w, r, areaURL(unit.ID, homeArea(u.Staff.Roles[unit.ID])), http.StatusSeeOther)
}

// staffActor is the staff member signed in, as events record them, with
// the role they act in on the unit.
func (s *Server) staffActor(r *http.Request) runtime.Actor {
	u, unit := userFrom(r.Context()), unitFrom(r.Context())
	roles := u.Staff.Roles[unit.ID]
	for _, want := range []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin, runtime.RoleUnitAdmin, runtime.RoleDataAdmin} {
		if slices.Contains(roles, want) {
			return runtime.Actor{ID: u.ID, Role: want}
		}
	}
	return runtime.Actor{ID: u.ID, Role: runtime.RoleClinician}
}

// staffName returns a staff member's name, or the id when unknown.
func (s *Server) staffName(r *http.Request, id string, cache map[string]string) string {
	if n, ok := cache[id]; ok {
		return n
	}
	name := id
	if st, err := s.store.Staff(r.Context(), id); err == nil && st.Name != "" {
		name = st.Name
	}
	if cache != nil {
		cache[id] = name
	}
	return name
}
