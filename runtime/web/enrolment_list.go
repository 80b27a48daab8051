package web

import (
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// listEnrolments shows the clinician's lists: "mine" (where they are the
// responsible clinician), "all" running ones of the unit, "maintenance"
// (running ones in maintenance) and "ended".
// Enrolments with flags to review come first.
func (s *Server) listEnrolments(which string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cat := s.cat(r)
		u, unit := userFrom(r.Context()), unitFrom(r.Context())
		var ix runtime.Index
		switch which {
		case "mine":
			ix = runtime.ByClinician(u.ID)
		case "all", areaMaintenance:
			ix = runtime.ByUnit(unit.ID)
		default:
			ix = runtime.EndedIn(unit.ID)
		}
		es, err := s.svc.List(r.Context(), ix)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		data := &view.ListData{View: which}
		// The main navigation switches between the lists.
		if area(areaStart).allows(u.Staff.Roles[unit.ID]) {
			data.StartURL = areaURL(unit.ID, areaStart)
		}
		names := map[string]string{}
		titles := map[string]string{}
		for _, e := range es {
			if e.Unit != unit.ID {
				continue // a clinician's index spans units
			}
			if which == areaMaintenance && !e.Maintenance {
				continue
			}
			name, pnr := s.citizenIdentity(r, e)
			row := view.ListRow{
				Href: enrolmentURL(unit.ID, e.ID), Name: name, PNR: pnr,
				Program: s.programTitle(r, e, titles), Clinician: s.staffName(r, e.Clinician, names),
				Started: s.date(e.StartedAt), LastActive: s.date(e.LastActive),
				Unread: len(e.Unread()),
			}
			// From the snapshot the list loaded: no enrolment's log is read.
			if n := unreadForStaff(e); n > 0 {
				row.Messages = cat.N("messages.list.badge", n)
			}
			for _, rv := range e.Unreviewed() {
				row.Flags++
				row.Urgent = row.Urgent || rv.Urgent
			}
			if e.Maintenance {
				row.MaintenanceLastDay = s.date(e.MaintenanceLastDay())
			}
			if e.Ended() {
				row.Ended, row.EndReason = s.date(e.EndedAt), cat.T("web.end."+e.EndReason)
			}
			data.Rows = append(data.Rows, row)
		}
		slices.SortStableFunc(data.Rows, func(a, b view.ListRow) int {
			switch {
			case a.Urgent != b.Urgent:
				if a.Urgent {
					return -1
				}
				return 1
			case (a.Flags > 0) != (b.Flags > 0):
				if a.Flags > 0 {
					return -1
				}
				return 1
			}
			return compareFold(a.Name, b.Name)
		})
		s.render(w, r, http.StatusOK, "staff_list", cat.T("web.title.list."+which), data)
	}
}

// programTitle returns the title of an enrolment's program.
func (s *Server) programTitle(r *http.Request, e *runtime.Enrolment, cache map[string]string) string {
	if t, ok := cache[e.Bundle]; ok {
		return t
	}
	t := e.Program
	if p, err := s.bundles.program(r.Context(), e.Bundle); err == nil {
		t = p.Title
	}
	cache[e.Bundle] = t
	return t
}
