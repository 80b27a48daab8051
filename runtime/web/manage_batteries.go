package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// manageBatteries adds every occasion of the batteries given so far, with
// whether it is due, filled (and when) or missed.
func (s *Server) manageBatteries(r *http.Request, data *view.ManageData, l *loaded) {
	cat := s.cat(r)
	for _, o := range l.E.BatteryHistory(l.Program, s.now()) {
		row := view.BatteryRow{
			Battery: o.Battery, Title: o.Title, Day: o.Day, Opens: s.dateTime(o.Opens), State: o.State,
			Forms: cat.T("web.manage.battery.forms", len(o.Filled), len(o.Forms)),
		}
		switch o.State {
		case runtime.OccasionFilled:
			row.Filled = s.dateTime(o.FilledAt)
			row.StateLabel = cat.T("web.manage.battery.filled", row.Filled)
		case runtime.OccasionDue:
			row.StateLabel = cat.T("web.manage.battery.due", row.Forms)
		default:
			row.StateLabel = cat.T("web.manage.battery.missed", row.Forms)
		}
		data.Batteries = append(data.Batteries, row)
	}
}
