package view

import "fmt"

// StatisticsData is the unit admin's usage statistics ("Statistik"): the
// region's and the unit's figures month by month, with a chart of the
// ongoing enrolments, and the programs' figures of the period. Every
// figure is already a text: a number, or "färre än 5" when it is
// suppressed.
type StatisticsData struct {
	// Period names the months covered, At when they were counted.
	Period string
	At     string
	// CSV links to the same figures as a CSV file.
	CSV    string
	Blocks []StatBlock
	// Programs are the region's programs, UnitPrograms the unit's.
	Programs     StatProgramTable
	UnitPrograms StatProgramTable
}

// StatBlock is the figures of the region or of a unit.
type StatBlock struct {
	// ID is the section's id, for its heading and its chart.
	ID      string
	Heading string
	Facts   []StatFact
	Months  []StatMonthRow
	Chart   *BarChart
}

// StatFact is one figure of a period: a label and its value.
type StatFact struct {
	Label string
	Value StatValue
}

// StatValue is one shown figure; Suppressed marks "färre än 5".
type StatValue struct {
	Text       string
	Suppressed bool
}

// StatMonthRow is a month's figures.
type StatMonthRow struct {
	Month                   string
	Ongoing, Started, Ended StatValue
}

// StatProgramTable is the figures of programs over the period.
type StatProgramTable struct {
	Caption string
	Rows    []StatProgramRow
}

// StatProgramRow is one program's figures over the period.
type StatProgramRow struct {
	Title                                  string
	Ongoing, Started, Ended, Share, Median StatValue
}

// BarChart is an accessible SVG bar chart: the SVG has role="img", a
// title and a description, and every bar is focusable with its month and
// value as its name. Colours come from CSS custom properties (app.css,
// .chart), never from the markup. The same figures are always in a table
// beside it.
type BarChart struct {
	ID, Title, Desc string
	Width, Height   int
	// Baseline is the y of the axis; Max the value at the top.
	Baseline int
	MaxLabel string
	Bars     []Bar
}

// Bar is one bar: its box, the month under it and its accessible name.
// A suppressed bar is drawn as a short hatched stub.
type Bar struct {
	X, Y, W, H int
	Month      string
	Name       string
	Suppressed bool
}

// ChartPoint is a value of a chart: its month, its value, and whether it
// is suppressed (then Value is not drawn); Name is its accessible name.
type ChartPoint struct {
	Month      string
	Value      int
	Suppressed bool
	Name       string
}

// Geometry of NewBarChart, in SVG user units.
const (
	chartBarWidth = 40
	chartGap      = 12
	chartTop      = 16
	chartPlot     = 160
	chartBottom   = 28
	chartLeft     = 8
	chartStub     = 6
)

// NewBarChart lays out a bar chart of points, one bar per point, scaled
// to the largest shown value.
func NewBarChart(id, title, desc string, points []ChartPoint) *BarChart {
	top := 0
	for _, p := range points {
		if !p.Suppressed && p.Value > top {
			top = p.Value
		}
	}
	c := &BarChart{
		ID: id, Title: title, Desc: desc,
		Width:    chartLeft*2 + len(points)*(chartBarWidth+chartGap),
		Height:   chartTop + chartPlot + chartBottom,
		Baseline: chartTop + chartPlot,
		MaxLabel: fmt.Sprint(top),
	}
	for i, p := range points {
		h := chartStub
		if !p.Suppressed {
			h = 0
			if top > 0 {
				h = p.Value * chartPlot / top
			}
			if p.Value > 0 && h < 2 {
				h = 2
			}
		}
		c.Bars = append(c.Bars, Bar{
			X: chartLeft + i*(chartBarWidth+chartGap) + chartGap/2, Y: c.Baseline - h,
			W: chartBarWidth, H: h, Month: p.Month, Name: p.Name, Suppressed: p.Suppressed,
		})
	}
	return c
}
