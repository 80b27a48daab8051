package web

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/chart"
	"github.com/stegvis/stegvis/themes/view"
)

// resultSet is one series of results made ready to show: its table (in
// View, newest first) and the values and bands its chart is laid out from,
// so that the page and the PDF each draw it at their own size.
type resultSet struct {
	View   view.ResultSeries
	Points []chart.Point
	Bands  []chart.Band
	// Title and Desc are the chart's texts for a screen reader.
	Title, Desc string
}

// results returns the enrolment's results, in runtime.Results' order.
func (s *Server) results(r *http.Request, l *loaded) []resultSet {
	e, p := l.E, l.Program
	formOf := func(sub *runtime.Submission) *designer.Form {
		f, err := s.bundles.formVersion(r.Context(), p, e.Bundle, sub.Form, sub.FormVersion)
		if err != nil {
			s.log.WarnContext(r.Context(), "form version", "enrolment", e.ID, "form", sub.Form, "version", sub.FormVersion, "err", err)
			return nil
		}
		return f
	}
	// The activity plans' registrations are shown the same way as scores.
	return s.resultSets(s.cat(r), p, e, e.Results(formOf, e.ActivitySeries(p)...))
}

// resultSets turns results into tables and chart data, in cat's words.
func (s *Server) resultSets(cat *themes.Catalog, p *designer.Program, e *runtime.Enrolment, results []runtime.Result) []resultSet {
	batteryOf := map[string]string{}
	for _, sub := range e.Submissions {
		if sub.Battery != "" {
			batteryOf[sub.ID] = batteryTitle(p, sub.Battery)
		}
	}
	out := make([]resultSet, 0, len(results))
	for i, res := range results {
		rs := view.ResultSeries{ID: strconv.Itoa(i + 1), Score: cmp.Or(res.Title, res.Score), Form: seriesSource(p, e, res.Form), Registered: res.Extra}
		set := resultSet{Points: make([]chart.Point, 0, len(res.Points))}
		for _, b := range res.Bands {
			set.Bands = append(set.Bands, chart.Band{Min: b.Min, Max: b.Max, Label: b.Label})
		}
		// Each value as text once, for the table and the chart's titles.
		values := make([]string, len(res.Points))
		for j, pt := range res.Points {
			values[j] = formdata.FormatNumber(pt.Value)
		}
		// The table: newest first, as one looks for the latest value.
		rs.Points = make([]view.ResultPoint, 0, len(res.Points))
		for j := len(res.Points) - 1; j >= 0; j-- {
			pt := res.Points[j]
			rp := view.ResultPoint{At: s.dateTime(pt.At), Value: values[j], Band: pt.Band, Battery: batteryOf[pt.Submission]}
			if pt.Answered < pt.Items {
				rp.Partly = cat.T("timeline.results.partly", pt.Answered, pt.Items)
				rs.HasPartly = true
			}
			rs.HasBands = rs.HasBands || pt.Band != ""
			rs.HasBattery = rs.HasBattery || rp.Battery != ""
			rs.Points = append(rs.Points, rp)
		}
		cells := make([]string, 0, 3*len(rs.Points))
		for j := range rs.Points {
			rp := &rs.Points[j]
			n := len(cells)
			if rs.HasBands {
				cells = append(cells, rp.Band)
			}
			if rs.HasBattery {
				cells = append(cells, rp.Battery)
			}
			if rs.HasPartly {
				cells = append(cells, rp.Partly)
			}
			rp.Cells = cells[n:len(cells):len(cells)]
		}
		rs.Rows = view.ResultRows(rs.Points)
		// The chart: oldest first, each point titled with its value and day.
		lo, hi := 0, 0
		for j, pt := range res.Points {
			var label string
			if pt.Band != "" {
				label = cat.T("results.chart.point.band", values[j], s.date(pt.At), pt.Band)
			} else {
				label = cat.T("results.chart.point", values[j], s.date(pt.At))
			}
			set.Points = append(set.Points, chart.Point{At: pt.At, Value: pt.Value, Label: label})
			if pt.Value < res.Points[lo].Value {
				lo = j
			}
			if pt.Value > res.Points[hi].Value {
				hi = j
			}
		}
		set.Title = cat.T("results.chart.title", rs.Score)
		if n := len(res.Points); n == 1 {
			set.Desc = cat.T("results.chart.desc.one", values[0], s.date(res.Points[0].At))
		} else if n > 1 {
			set.Desc = cat.T("results.chart.desc", n, s.date(res.Points[0].At), s.date(res.Points[n-1].At), values[lo], values[hi], values[n-1])
		}
		if len(res.Bands) > 0 {
			bands := make([]string, len(res.Bands))
			for j, b := range res.Bands {
				bands[j] = cat.T("results.chart.band", b.Label, formdata.FormatNumber(b.Min), formdata.FormatNumber(b.Max))
			}
			set.Desc += " " + cat.T("results.chart.bands", strings.Join(bands, ", "))
		}
		set.View = rs
		out = append(out, set)
	}
	return out
}

// seriesSource names what a series comes from: the title of its form or
// activity plan, or its id when it has none.
func seriesSource(p *designer.Program, e *runtime.Enrolment, id string) string {
	if f, ok := p.Form(id); ok && f.Title != "" {
		return f.Title
	}
	// The enrolment's plans, a plan made for this citizen included.
	for _, plan := range e.Plans(p) {
		if plan.ID == id && plan.Title != "" {
			return plan.Title
		}
	}
	return id
}

// resultViews lays out each set's chart for the page.
func (s *Server) resultViews(sets []resultSet) []view.ResultSeries {
	out := make([]view.ResultSeries, len(sets))
	for i, set := range sets {
		v := set.View
		v.Chart = view.NewResultChart("chart-"+v.ID, set.Title, set.Desc,
			chart.Layout(set.Points, set.Bands, s.zone, chart.Small, chart.Format{Date: s.date, Value: formdata.FormatNumber}))
		out[i] = v
	}
	return out
}
