package web

import (
	"cmp"
	"net/http"
	"strconv"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showResults is the results tab: every score of the citizen's forms over
// time as a table, with its band, and the batteries' occasions.
func (s *Server) showResults(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	unit := unitFrom(r.Context())
	cat := s.cat(r)
	e, p := l.E, l.Program
	data := &view.ResultsData{Header: s.manageHeader(r, l, unit, tabResults, map[string]string{})}
	formOf := func(sub *runtime.Submission) *designer.Form {
		f, err := s.bundles.formVersion(r.Context(), p, e.Bundle, sub.Form, sub.FormVersion)
		if err != nil {
			s.log.WarnContext(r.Context(), "form version", "enrolment", e.ID, "form", sub.Form, "version", sub.FormVersion, "err", err)
			return nil
		}
		return f
	}
	batteryOf := map[string]string{}
	for _, sub := range e.Submissions {
		if sub.Battery != "" {
			batteryOf[sub.ID] = batteryTitle(p, sub.Battery)
		}
	}
	for i, ser := range e.ScoreSeries(formOf) {
		rs := view.ResultSeries{ID: strconv.Itoa(i + 1), Score: cmp.Or(ser.Title, ser.Score), Form: ser.Form}
		if f, ok := p.Form(ser.Form); ok && f.Title != "" {
			rs.Form = f.Title
		}
		// Newest first, as the clinician looks for the latest value.
		for j := len(ser.Points) - 1; j >= 0; j-- {
			pt := ser.Points[j]
			rp := view.ResultPoint{At: s.dateTime(pt.At), Value: formdata.FormatNumber(pt.Value), Band: pt.Band, Battery: batteryOf[pt.Submission]}
			if pt.Answered < pt.Items {
				rp.Partly = cat.T("timeline.results.partly", pt.Answered, pt.Items)
				rs.HasPartly = true
			}
			rs.HasBands = rs.HasBands || pt.Band != ""
			rs.Points = append(rs.Points, rp)
		}
		data.Series = append(data.Series, rs)
	}
	batteries := &view.ManageData{}
	s.manageBatteries(r, batteries, l)
	data.Batteries = batteries.Batteries
	s.render(w, r, http.StatusOK, "staff_results", cat.T("timeline.results.title", e.CitizenName), data)
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
