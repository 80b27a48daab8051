package view

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/themes/chart"
)

// A year of weekly values is hundreds of marks and table rows, and every
// action of an html/template costs a reflected call to its escaper: the
// page kept to its few milliseconds only once the repeated elements (a
// chart's marks and its frame of bands, grid and axes, a table's rows)
// were put together here, each text escaped, and printed by one action
// each. The rest of the chart and the table stays in
// templates/partials/chart.html.

// ResultChart is the chart of one series of results: its geometry, with
// the title and description a screen reader reads for the whole picture.
// Build it with NewResultChart.
type ResultChart struct {
	// ID is unique on the page, for the title's and description's ids.
	ID    string
	Title string
	Desc  string
	chart.Chart
	// FrameSVG is what the marks are drawn over: the bands (a rectangle
	// each, labelled when there is room), the grid at the value ticks, the
	// band limits, and the axes with their ticks and labels.
	FrameSVG template.HTML
	// MarksSVG are the chart's marks: a focusable circle per value, with
	// its own title (the mark's Label: value and day).
	MarksSVG template.HTML
}

// NewResultChart returns the chart c with its texts and its marks.
func NewResultChart(id, title, desc string, c chart.Chart) *ResultChart {
	var b strings.Builder
	b.Grow(len(c.Marks) * 120)
	for _, m := range c.Marks {
		b.WriteString(`<circle class="point`)
		if m.Band > 0 {
			b.WriteString(" in-band-")
			b.WriteString(strconv.Itoa(m.Band))
		}
		b.WriteString(`" cx="`)
		b.WriteString(m.X.String())
		b.WriteString(`" cy="`)
		b.WriteString(m.Y.String())
		b.WriteString(`" r="4" tabindex="0"><title>`)
		b.WriteString(html.EscapeString(m.Label))
		b.WriteString("</title></circle>")
	}
	return &ResultChart{ID: id, Title: title, Desc: desc, Chart: c, FrameSVG: frameSVG(c), MarksSVG: template.HTML(b.String())}
}

// frameSVG writes the chart's bands, grid, limits and axes, each text
// escaped, as the groups the stylesheet draws.
func frameSVG(c chart.Chart) template.HTML {
	var b strings.Builder
	b.Grow(1024 + 160*len(c.Bands) + 160*len(c.YTicks) + 180*len(c.XTicks))
	num := func(n chart.Num) { b.WriteString(n.String()) }
	line := func(x1, x2, y1, y2 chart.Num, class string) {
		b.WriteString(`<line x1="`)
		num(x1)
		b.WriteString(`" x2="`)
		num(x2)
		b.WriteString(`" y1="`)
		num(y1)
		b.WriteString(`" y2="`)
		num(y2)
		b.WriteString(`"`)
		if class != "" {
			b.WriteString(` class="`)
			b.WriteString(class)
			b.WriteString(`"`)
		}
		b.WriteString(`/>`)
	}
	b.WriteString(`<g class="bands">`)
	for _, r := range c.Bands {
		b.WriteString(`<rect class="band band-`)
		b.WriteString(strconv.Itoa(r.Index))
		b.WriteString(`" x="`)
		num(r.X)
		b.WriteString(`" y="`)
		num(r.Y)
		b.WriteString(`" width="`)
		num(r.W)
		b.WriteString(`" height="`)
		num(r.H)
		b.WriteString(`"/>`)
		if r.ShowLabel {
			b.WriteString(`<text class="band-label" x="`)
			num(c.BandLabelX())
			b.WriteString(`" y="`)
			num(r.LabelY)
			b.WriteString(`" text-anchor="end">`)
			b.WriteString(html.EscapeString(r.Label))
			b.WriteString(`</text>`)
		}
	}
	b.WriteString("</g>\n<g class=\"grid\">")
	for _, t := range c.YTicks {
		line(c.Plot.X, c.Right(), t.Pos, t.Pos, "")
	}
	b.WriteString("</g>\n<g class=\"limits\">")
	for _, t := range c.Limits {
		line(c.Plot.X, c.Right(), t.Pos, t.Pos, "")
	}
	b.WriteString("</g>\n<g class=\"axis\">\n")
	line(c.Plot.X, c.Plot.X, c.Plot.Y, c.Bottom(), "")
	line(c.Plot.X, c.Right(), c.Bottom(), c.Bottom(), "")
	b.WriteString("\n")
	for _, t := range c.YTicks {
		b.WriteString(`<text x="`)
		num(c.YLabelX())
		b.WriteString(`" y="`)
		num(t.Pos)
		b.WriteString(`" text-anchor="end" dominant-baseline="middle">`)
		b.WriteString(html.EscapeString(t.Label))
		b.WriteString(`</text>`)
	}
	b.WriteString("\n")
	for _, t := range c.XTicks {
		line(t.Pos, t.Pos, c.Bottom(), c.TickEnd(), "tick")
		b.WriteString(`<text x="`)
		num(t.Pos)
		b.WriteString(`" y="`)
		num(c.XLabelY())
		b.WriteString(`" text-anchor="`)
		b.WriteString(html.EscapeString(t.Anchor))
		b.WriteString(`">`)
		b.WriteString(html.EscapeString(t.Label))
		b.WriteString(`</text>`)
	}
	b.WriteString("\n</g>")
	return template.HTML(b.String())
}

// ResultRows returns the table rows of points: the time, the value (a
// number cell) and the point's Cells.
func ResultRows(points []ResultPoint) template.HTML {
	var b strings.Builder
	b.Grow(len(points) * 80)
	for _, p := range points {
		b.WriteString("<tr><td>")
		b.WriteString(html.EscapeString(p.At))
		b.WriteString(`</td><td class="num">`)
		b.WriteString(html.EscapeString(p.Value))
		b.WriteString("</td>")
		for _, c := range p.Cells {
			b.WriteString("<td>")
			b.WriteString(html.EscapeString(c))
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

// CitizenResultsData is the citizen's results tab.
type CitizenResultsData struct {
	Title  string
	Tabs   []Link
	Notice string
	Series []ResultSeries
	// Activities is set when the program has activity plans, whose
	// registrations the results show beside the forms' scores.
	Activities bool
}
