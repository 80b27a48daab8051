package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/themes/view"
)

// showResults is the clinician's results tab: every series of the
// citizen's results over time as a chart and a table, the batteries'
// occasions, and a link to the same as a PDF for the record.
func (s *Server) showResults(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	unit := unitFrom(r.Context())
	data := &view.ResultsData{
		Header: s.manageHeader(r, l, unit, tabResults, map[string]string{}),
		Series: s.resultViews(s.results(r, l)),
		PDF:    enrolmentResultsPDFURL(unit.ID, l.E.ID),
	}
	batteries := &view.ManageData{}
	s.manageBatteries(r, batteries, l)
	data.Batteries = batteries.Batteries
	s.render(w, r, http.StatusOK, "staff_results", s.cat(r).T("timeline.results.title", l.E.CitizenName), data)
}

// batteryTitle is a battery's title, or its id when it has none.
func batteryTitle(p *designer.Program, id string) string {
	for _, b := range p.Batteries {
		if b.ID == id && b.Title != "" {
			return b.Title
		}
	}
	return id
}
