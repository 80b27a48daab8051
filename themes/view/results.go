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
// chart's marks, a table's rows) were put together here, each text
// escaped, and printed by one action each. The rest of the chart and the
// table stays in templates/partials/chart.html.

// ResultChart is the chart of one series of results: its geometry, with
// the title and description a screen reader reads for the whole picture.
// Build it with NewResultChart.
type ResultChart struct {
	// ID is unique on the page, for the title's and description's ids.
	ID    string
	Title string
	Desc  string
	chart.Chart
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
	return &ResultChart{ID: id, Title: title, Desc: desc, Chart: c, MarksSVG: template.HTML(b.String())}
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
