package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// saveBackup sets the unit's backup clinicians, whom an urgent flag
// reaches first when the responsible clinician has not acknowledged it
// (unit admins only; runtime.SetBackup).
func (s *Server) saveBackup(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, errBadRequest.with(err))
		return
	}
	if _, err := runtime.SetBackup(r.Context(), s.store, userFrom(r.Context()).Staff, unit.ID, r.PostForm["backup"]); err != nil {
		s.refuseRoles(w, r, err, "backup", nil)
		return
	}
	s.log.InfoContext(r.Context(), "backup set", "unit", unit.ID, "backup", r.PostForm["backup"], "by", userFrom(r.Context()).ID)
	s.setFlash(w, r, "roles.flash.backup")
	redirect(w, r, areaURL(unit.ID, areaRoles))
}
