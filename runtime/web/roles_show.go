package web

import (
	"errors"
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showRoles lists the staff with a role on the unit and what each has,
// with the forms that give and take roles, add staff and set the unit's
// backup clinicians (unit admins only).
func (s *Server) showRoles(w http.ResponseWriter, r *http.Request) {
	data, err := s.rolesData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderRoles(w, r, http.StatusOK, data)
}

func (s *Server) renderRoles(w http.ResponseWriter, r *http.Request, status int, data *view.RolesData) {
	s.render(w, r, status, "staff_roles", s.cat(r).T("roles.title"), data)
}

// rolesData gathers the roles page of the unit in the request.
func (s *Server) rolesData(r *http.Request) (*view.RolesData, error) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	me := userFrom(r.Context())
	staff, err := s.store.StaffMembers(r.Context())
	if err != nil {
		return nil, err
	}
	data := &view.RolesData{AddAction: areaURL(unit.ID, areaRoles), BackupAction: backupURL(unit.ID)}
	for _, role := range runtime.StaffRoles {
		data.Roles = append(data.Roles, view.OptionView{Value: string(role), Label: cat.T("web.role." + string(role))})
	}
	for _, st := range staff {
		roles := st.Roles[unit.ID]
		if len(roles) == 0 {
			continue
		}
		row := view.RoleRow{ID: st.ID, Name: st.Name, Email: st.Email, Action: staffRolesURL(unit.ID, st.ID), Self: st.ID == me.ID}
		for _, role := range runtime.StaffRoles {
			has := slices.Contains(roles, role)
			if has {
				row.Labels = append(row.Labels, cat.T("web.role."+string(role)))
			}
			row.Roles = append(row.Roles, view.OptionView{Value: string(role), Label: cat.T("web.role." + string(role)), Checked: has})
		}
		data.Rows = append(data.Rows, row)
		if st.HasRole(unit.ID, runtime.RoleClinician) {
			data.Backup = append(data.Backup, view.OptionView{Value: st.ID, Label: st.Name, Checked: slices.Contains(unit.Backup, st.ID)})
		}
	}
	slices.SortFunc(data.Rows, func(a, b view.RoleRow) int { return compareFold(a.Name, b.Name) })
	slices.SortFunc(data.Backup, func(a, b view.OptionView) int { return compareFold(a.Label, b.Label) })
	return data, nil
}

// refuseRoles shows the roles page again with why a change was refused,
// for the refusals a unit admin can act on; anything else is an error page.
func (s *Server) refuseRoles(w http.ResponseWriter, r *http.Request, err error, row string, keep func(*view.RolesData)) {
	var key string
	status := http.StatusBadRequest
	switch {
	case errors.Is(err, runtime.ErrLastUnitAdmin):
		key, status = "roles.error.last_admin", http.StatusConflict
	case errors.Is(err, runtime.ErrExists):
		key, status = "roles.error.exists", http.StatusConflict
	case errors.Is(err, runtime.ErrNotFound) && row == "":
		key = "roles.error.unknown"
	case errors.Is(err, runtime.ErrInvalid):
		key = "roles.error.invalid"
	default:
		s.fail(w, r, err)
		return
	}
	s.log.InfoContext(r.Context(), "roles refused", "err", err, "path", r.URL.Path)
	data, derr := s.rolesData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	data.Error, data.ErrorRow = s.cat(r).T(key), row
	if keep != nil {
		keep(data)
	}
	s.renderRoles(w, r, status, data)
}
