package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// The usage statistics ("Statistik") of a unit's admins: the region's
// figures, their own unit's and the programs' (runtime/statistics.go),
// as a page and as a CSV file. A unit admin sees the region's totals and
// their own unit, never another unit's rows: the figures are protected
// as if every unit's were shown (runtime.Protect), so what one admin sees
// beside another's cannot be subtracted into a small cell either.

// statistics counts the region's statistics for the request.
func (s *Server) statistics(ctx context.Context) (*runtime.Statistics, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	staff, err := s.store.StaffMembers(ctx)
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	return runtime.ComputeStatistics(ctx, s.store, runtime.StatisticsInput{Units: units, Staff: staff, Now: s.now(), Zone: s.zone})
}

// showStatistics is the statistics page of a unit.
func (s *Server) showStatistics(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	st, err := s.statistics(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	titles := s.programTitles(r.Context())
	f := statFormat{cat: cat}
	data := &view.StatisticsData{
		Period: f.period(st), At: st.At.In(s.zone).Format("2006-01-02 15:04"),
		CSV: areaURL(unit.ID, areaStatistics) + ".csv",
	}
	data.Blocks = append(data.Blocks, f.block(st, "region", cat.T("statistics.region"), &st.Region))
	if u := st.Unit(unit.ID); u != nil {
		data.Blocks = append(data.Blocks, f.block(st, "unit", cat.T("statistics.unit", unit.Name), u))
	}
	data.UnitPrograms.Caption = cat.T("statistics.programs.unit", unit.Name)
	for _, r := range st.ProgramsOf(unit.ID) {
		data.UnitPrograms.Rows = append(data.UnitPrograms.Rows, f.programRow(titles, &r))
	}
	data.Programs.Caption = cat.T("statistics.programs.region")
	for i := range st.Programs {
		data.Programs.Rows = append(data.Programs.Rows, f.programRow(titles, &st.Programs[i]))
	}
	s.render(w, r, http.StatusOK, "staff_statistics", cat.T("statistics.title"), data)
}

// programTitles maps program ids to the title of their latest
// publication; a program without one keeps its id.
func (s *Server) programTitles(ctx context.Context) map[string]string {
	out := map[string]string{}
	pubs, err := s.store.Publications(ctx)
	if err != nil {
		return out
	}
	latest := map[string]string{}
	for _, p := range pubs {
		latest[p.Program] = p.Bundle
	}
	for prog, bundle := range latest {
		if p, err := s.bundles.program(ctx, bundle); err == nil {
			out[prog] = p.Title
		}
	}
	return out
}

// statFormat writes the figures as texts of a catalogue.
type statFormat struct {
	cat *themes.Catalog
}

// count is a cell's number, or "färre än 5".
func (f statFormat) count(c runtime.Cell) view.StatValue {
	if !c.Shown() {
		return view.StatValue{Text: f.cat.T("statistics.suppressed"), Suppressed: true}
	}
	return view.StatValue{Text: strconv.Itoa(c.N)}
}

// share is the share completed, with the people it is of.
func (f statFormat) share(r *runtime.StatRow) view.StatValue {
	if !r.ShareShown() {
		return view.StatValue{Text: f.cat.T("statistics.suppressed"), Suppressed: true}
	}
	return view.StatValue{Text: f.cat.T("statistics.share", f.decimal(100*r.Share()), r.Ended.N)}
}

// median is the median days, with the people it is of.
func (f statFormat) median(r *runtime.StatRow) view.StatValue {
	if !r.MedianShown() {
		return view.StatValue{Text: f.cat.T("statistics.suppressed"), Suppressed: true}
	}
	return view.StatValue{Text: f.cat.T("statistics.median", f.decimal(r.MedianDays), r.Ended.N)}
}

// decimal writes a number with at most one decimal, with a decimal comma
// in Swedish.
func (f statFormat) decimal(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if f.cat.Lang == "sv" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// month names a month as the tables do, year first.
func (f statFormat) month(st *runtime.Statistics, i int) string {
	return st.Months[i].Format("2006-01")
}

// period names the months covered.
func (f statFormat) period(st *runtime.Statistics) string {
	return f.month(st, 0) + " – " + f.month(st, len(st.Months)-1)
}

// ongoingNow is the ongoing of the current month.
func ongoingNow(r *runtime.StatRow) runtime.Cell { return r.Months[len(r.Months)-1].Ongoing }

// block is the section of the region or a unit.
func (f statFormat) block(st *runtime.Statistics, id, heading string, r *runtime.StatRow) view.StatBlock {
	b := view.StatBlock{ID: id, Heading: heading}
	if r.HasStaff {
		b.Facts = append(b.Facts, view.StatFact{Label: f.cat.T("statistics.fact.staff"), Value: f.count(r.Staff)})
	}
	b.Facts = append(b.Facts,
		view.StatFact{Label: f.cat.T("statistics.fact.ongoing"), Value: f.count(ongoingNow(r))},
		view.StatFact{Label: f.cat.T("statistics.fact.started"), Value: f.count(r.Started)},
		view.StatFact{Label: f.cat.T("statistics.fact.ended"), Value: f.count(r.Ended)},
		view.StatFact{Label: f.cat.T("statistics.fact.share"), Value: f.share(r)},
		view.StatFact{Label: f.cat.T("statistics.fact.median"), Value: f.median(r)},
	)
	var points []view.ChartPoint
	for i, m := range r.Months {
		name := f.month(st, i)
		b.Months = append(b.Months, view.StatMonthRow{Month: name, Ongoing: f.count(m.Ongoing), Started: f.count(m.Started), Ended: f.count(m.Ended)})
		points = append(points, view.ChartPoint{
			Month: f.cat.T(fmt.Sprintf("statistics.mon.%d", st.Months[i].Month())), Value: m.Ongoing.N, Suppressed: !m.Ongoing.Shown(),
			Name: f.cat.T("statistics.chart.bar", name, f.count(m.Ongoing).Text),
		})
	}
	b.Chart = view.NewBarChart(id+"-chart", f.cat.T("statistics.chart.title", heading),
		f.cat.T("statistics.chart.desc", len(st.Months), f.month(st, 0), f.month(st, len(st.Months)-1)), points)
	return b
}

// programRow is a program's row of the period.
func (f statFormat) programRow(titles map[string]string, r *runtime.StatRow) view.StatProgramRow {
	title := titles[r.Program]
	if title == "" {
		title = r.Program
	}
	return view.StatProgramRow{Title: title, Ongoing: f.count(ongoingNow(r)), Started: f.count(r.Started), Ended: f.count(r.Ended), Share: f.share(r), Median: f.median(r)}
}
