package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
)

// setMaintenance starts or stops the maintenance period
// ("vidmakthållande"), when the citizen may read but not submit.
func (s *Server) setMaintenance(w http.ResponseWriter, r *http.Request) {
	on := r.PostFormValue("on") == "1"
	key := "web.flash.maintenance_off"
	if on {
		key = "web.flash.maintenance_on"
	}
	s.act(w, r, runtime.SetMaintenance(on), "", key)
}
