package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showMaintenance shows the page that starts the maintenance period
// ("vidmakthållande"): its length and the modules that stay visible, the
// started ones chosen at first, with the warning that it cannot be undone.
// Once started, the page tells the period instead.
func (s *Server) showMaintenance(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	data := s.maintenanceData(r, l, strconv.Itoa(defaultMaintenanceDays), l.E.StartedModules())
	s.render(w, r, http.StatusOK, "staff_maintenance", s.cat(r).T("lifecycle.maintenance.title"), data)
}

// defaultMaintenanceDays is the length the page suggests: about six months.
const defaultMaintenanceDays = 180

// startMaintenance starts the maintenance period as chosen on its page.
func (s *Server) startMaintenance(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	l := enrolmentFrom(r.Context())
	if l.E.Ended() {
		s.fail(w, r, errEnded)
		return
	}
	raw := strings.TrimSpace(r.PostFormValue("days"))
	visible := r.PostForm["module"]
	days, err := strconv.Atoi(raw)
	if err != nil || days < 1 || days > runtime.MaxMaintenanceDays {
		data := s.maintenanceData(r, l, raw, visible)
		data.Errors = map[string]string{"days": cat.T("lifecycle.maintenance.error.days", runtime.MaxMaintenanceDays)}
		s.render(w, r, http.StatusUnprocessableEntity, "staff_maintenance", cat.T("lifecycle.maintenance.title"), data)
		return
	}
	for _, m := range visible {
		if _, ok := l.Program.Module(m); !ok {
			s.fail(w, r, errBadRequest)
			return
		}
	}
	s.act(w, r, runtime.StartMaintenance(days, visible), "", "lifecycle.flash.maintenance", days)
}

func (s *Server) maintenanceData(r *http.Request, l *loaded, days string, visible []string) *view.MaintenanceData {
	e, p := l.E, l.Program
	data := &view.MaintenanceData{
		EnrolmentHead: s.enrolmentHead(r, l),
		Days:          days, MaxDays: runtime.MaxMaintenanceDays,
	}
	if e.Maintenance {
		data.Started, data.LastDay = s.date(e.MaintenanceFrom), s.date(e.MaintenanceLastDay())
		for _, m := range p.Modules {
			if e.ModuleVisible(m.ID) {
				data.Visible = append(data.Visible, m.Title)
			}
		}
		return data
	}
	data.Action = manageURL(r) + "/maintenance"
	for _, m := range p.Modules {
		data.Modules = append(data.Modules, view.OptionView{Value: m.ID, Label: m.Title, Checked: slices.Contains(visible, m.ID)})
	}
	return data
}

// enrolmentHead names the enrolment in the context for a page about it.
func (s *Server) enrolmentHead(r *http.Request, l *loaded) view.EnrolmentHead {
	return view.EnrolmentHead{
		Name: l.E.CitizenName, PNR: runtime.FormatPnr(l.E.Citizen), Program: l.Program.Title,
		Back: manageURL(r),
	}
}
