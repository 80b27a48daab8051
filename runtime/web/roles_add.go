package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// addStaff gives roles on the unit to a staff member by id. Someone the
// directory does not know yet is created from the name and e-mail typed,
// so that roles can be given before their first sign-in (unit admins
// only; runtime.AddStaff).
func (s *Server) addStaff(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	admin := userFrom(r.Context()).Staff
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	in := runtime.Staff{ID: strings.TrimSpace(r.PostFormValue("id")), Name: r.PostFormValue("name"), Email: r.PostFormValue("email")}
	keep := func(d *view.RolesData) { d.AddID, d.AddName, d.AddEmail = in.ID, in.Name, in.Email }
	roles, err := runtime.ParseRoles(r.PostForm["role"])
	if err == nil && len(roles) == 0 {
		err = fmt.Errorf("add staff: no role: %w", runtime.ErrInvalid)
	}
	if err != nil {
		s.refuseRoles(w, r, err, "", keep)
		return
	}
	if err := runtime.CheckStaffID(in.ID); err != nil {
		s.refuseRoles(w, r, err, "", keep)
		return
	}
	st, err := s.store.Staff(r.Context(), in.ID)
	switch {
	case err == nil:
		// Known: give the roles, without touching the record, which the
		// staff member's other units share.
		_, err = runtime.SetStaffRoles(r.Context(), s.store, admin, unit.ID, st.ID, roles)
	case errors.Is(err, runtime.ErrNotFound) && strings.TrimSpace(in.Name) == "":
		// Unknown, and no name to create the record with.
	case errors.Is(err, runtime.ErrNotFound):
		st, err = runtime.AddStaff(r.Context(), s.store, admin, unit.ID, in, roles)
	}
	if err != nil {
		s.refuseRoles(w, r, err, "", keep)
		return
	}
	s.log.InfoContext(r.Context(), "staff added", "unit", unit.ID, "staff", st.ID, "roles", roles, "by", admin.ID)
	s.setFlash(w, r, "roles.flash.saved", st.Name)
	redirect(w, r, areaURL(unit.ID, areaRoles))
}
