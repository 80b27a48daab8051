package pdf

import (
	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/themes/chart"
)

// Results is a citizen's results for the patient record: per series a
// chart and the table of its values. Every text comes translated from the
// caller, as Record's do.
type Results struct {
	// Title, Subject and Facts are as in Record.
	Title   string
	Subject string
	Facts   []string
	Series  []ResultSeries
	// Empty is printed when there are no series.
	Empty string
}

// ResultSeries is one series: a heading, its chart laid out in ChartFrame,
// and its table.
type ResultSeries struct {
	Heading string
	Chart   chart.Chart
	Columns []string
	Rows    [][]string
}

// ChartFrame is the frame, in millimetres, a results chart is laid out in
// for the PDF: the width of the text, with room for the axes' labels.
var ChartFrame = chart.Frame{Width: contentW, Height: 62, Left: 12, Right: 2, Top: 2, Bottom: 8,
	MaxXTicks: 6, MaxYTicks: 6, FontSize: chartFont * 0.3528}

// chartFont is the size, in points, of a chart's labels.
const chartFont = 7.5

// Shades of the chart on paper: bands alternate two greys light enough to
// print over, so that the line and the points stay the darkest marks.
var (
	chartBands = [][3]int{{236, 240, 244}, {220, 227, 234}}
	chartGrid  = [3]int{215, 215, 215}
	chartAxis  = [3]int{90, 90, 90}
	chartLine  = [3]int{11, 92, 138}
)

// Results renders a citizen's results with the program's fonts and header.
func (r *Renderer) Results(p *designer.Program, res Results) ([]byte, error) {
	d, err := r.recordDoc(p, res.Title, res.Subject, res.Facts)
	if err != nil {
		return nil, err
	}
	if len(res.Series) == 0 {
		d.paragraph(res.Empty)
		return d.bytes()
	}
	for _, s := range res.Series {
		d.heading(s.Heading, 1, 13)
		d.flushGap()
		d.chart(s.Chart)
		cols := titledColumns(s.Columns)
		d.fitColumns(cols, s.Rows)
		d.table(cols, s.Rows, 0)
		d.spaceAfter(6)
	}
	return d.bytes()
}

// chart draws c at the current position, the same picture as the SVG of
// the results page: bands, grid, limits, axes and their labels, the line
// and a dot per value.
func (d *doc) chart(c chart.Chart) {
	f := d.f
	d.ensure(float64(c.Height) + 2)
	ox, oy := d.indent(), f.GetY()
	X := func(n chart.Num) float64 { return ox + float64(n) }
	Y := func(n chart.Num) float64 { return oy + float64(n) }
	left, right, top, bottom := X(c.Plot.X), X(c.Right()), Y(c.Plot.Y), Y(c.Bottom())

	d.rawFont(fontKey{sans, ""}, chartFont)
	f.SetTextColor(60, 60, 60)
	for i, b := range c.Bands {
		sh := chartBands[i%len(chartBands)]
		f.SetFillColor(sh[0], sh[1], sh[2])
		f.Rect(X(b.X), Y(b.Y), float64(b.W), float64(b.H), "F")
		if b.ShowLabel {
			w := f.GetStringWidth(b.Label)
			f.Text(X(c.BandLabelX())-w, Y(b.LabelY), b.Label)
		}
	}
	f.SetLineWidth(0.15)
	f.SetDrawColor(chartGrid[0], chartGrid[1], chartGrid[2])
	for _, t := range c.YTicks {
		f.Line(left, Y(t.Pos), right, Y(t.Pos))
	}
	f.SetDrawColor(chartAxis[0], chartAxis[1], chartAxis[2])
	f.SetDashPattern([]float64{1, 0.8}, 0)
	for _, t := range c.Limits {
		f.Line(left, Y(t.Pos), right, Y(t.Pos))
	}
	f.SetDashPattern(nil, 0)
	f.SetLineWidth(0.25)
	f.Line(left, top, left, bottom)
	f.Line(left, bottom, right, bottom)
	for _, t := range c.YTicks {
		w := f.GetStringWidth(t.Label)
		f.Text(X(c.YLabelX())-w, Y(t.Pos)+chartFont*0.3528/2.8, t.Label)
	}
	for _, t := range c.XTicks {
		x := X(t.Pos)
		f.Line(x, bottom, x, bottom+1.2)
		w := f.GetStringWidth(t.Label)
		switch t.Anchor {
		case "start":
		case "end":
			x -= w
		default:
			x -= w / 2
		}
		f.Text(x, bottom+4.2, t.Label)
	}
	f.SetDrawColor(chartLine[0], chartLine[1], chartLine[2])
	f.SetFillColor(chartLine[0], chartLine[1], chartLine[2])
	f.SetLineWidth(0.4)
	for i := 1; i < len(c.Marks); i++ {
		a, b := c.Marks[i-1], c.Marks[i]
		f.Line(X(a.X), Y(a.Y), X(b.X), Y(b.Y))
	}
	for _, m := range c.Marks {
		f.Circle(X(m.X), Y(m.Y), 0.8, "F")
	}
	f.SetDrawColor(0, 0, 0)
	f.SetTextColor(colorText[0], colorText[1], colorText[2])
	d.apply()
	f.SetXY(ox, oy+float64(c.Height)+2)
}
