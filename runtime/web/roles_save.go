package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
)

// saveRoles sets one staff member's roles on the unit to the checked ones;
// none takes them off the unit (unit admins only, by runtime.CheckRoles).
func (s *Server) saveRoles(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	id := chi.URLParam(r, "staff")
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	roles, err := runtime.ParseRoles(r.PostForm["role"])
	if err != nil {
		s.refuseRoles(w, r, err, id, nil)
		return
	}
	st, err := s.store.Staff(r.Context(), id)
	if err != nil || len(st.Roles[unit.ID]) == 0 {
		// Staff without a role on the unit are not the unit's to change
		// here: they are added with the add form.
		s.fail(w, r, errNotFound.with(err))
		return
	}
	set, err := runtime.SetStaffRoles(r.Context(), s.store, userFrom(r.Context()).Staff, unit.ID, id, roles)
	if err != nil {
		s.refuseRoles(w, r, err, id, nil)
		return
	}
	s.log.InfoContext(r.Context(), "roles set", "unit", unit.ID, "staff", id, "roles", set, "by", userFrom(r.Context()).ID)
	if len(set) == 0 {
		s.setFlash(w, r, "roles.flash.removed", st.Name)
	} else {
		s.setFlash(w, r, "roles.flash.saved", st.Name)
	}
	redirect(w, r, areaURL(unit.ID, areaRoles))
}
