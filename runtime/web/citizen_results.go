package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/themes/view"
)

// showCitizenResults is the citizen's results tab: the scores of their
// forms and the values registered in their activity plans over time, as a
// chart and a table. It only shows, so it stays
// open in maintenance and after the end.
func (s *Server) showCitizenResults(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasResults(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	cat := s.cat(r)
	over := s.overviewData(r, l)
	data := &view.CitizenResultsData{
		Title:  l.Program.Title,
		Tabs:   s.tabs(r, l, "results"),
		Notice: over.Notice,
		Series: s.resultViews(s.results(r, l)),
		// The texts name the registrations only where there are plans.
		Activities: hasActivities(l.Program),
	}
	s.render(w, r, http.StatusOK, "citizen_results", cat.T("results.tab"), data)
}

// hasResults reports whether the program shows the citizen a results tab.
func hasResults(p *designer.Program) bool { return p.Has(designer.FeatureResults) }
