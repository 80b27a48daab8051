// Package chart lays out a line chart of values over time: the scales, the
// ticks of both axes, the rectangles of a score's bands and the position of
// every point. It draws nothing: the SVG template of the results page and
// the PDF renderer both draw from the same Chart, so the page and the paper
// show one picture.
package chart

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Point is one value at one time. Label is its text for a screen reader or
// a tooltip, e.g. "12 poäng, 2026-11-23".
type Point struct {
	At    time.Time
	Value float64
	Label string
}

// Band is a named range of values, both ends included, as a form's score
// bands are.
type Band struct {
	Min, Max float64
	Label    string
}

// Frame is the size of the drawing and the room left around the plot for
// the axes' labels, in the drawing's units (SVG user units, millimetres).
type Frame struct {
	Width, Height            float64
	Left, Right, Top, Bottom float64
	// MaxXTicks and MaxYTicks bound the ticks of each axis, so that the
	// labels never overlap at the frame's size.
	MaxXTicks, MaxYTicks int
	// FontSize is the size of the labels, to keep a date at either end
	// of the time axis inside the drawing.
	FontSize float64
}

// Small is the frame of the results page: a viewBox that stays readable
// when the page is 320 px wide, where it is drawn at about 220 px, its
// labels at about 10 px.
var Small = Frame{Width: 250, Height: 180, Left: 30, Right: 6, Top: 8, Bottom: 24, MaxXTicks: 3, MaxYTicks: 5, FontSize: 11}

// Rect is a rectangle with its top left corner at X, Y.
type Rect struct{ X, Y, W, H Num }

// Tick is one mark on an axis: Pos is its x (on the time axis) or y (on
// the value axis) and Label its text. Anchor is where a date's label is
// held, as SVG's text-anchor says it: "middle", or "start" and "end" at
// the ends of the axis so that the label stays inside the drawing.
type Tick struct {
	Pos    Num
	Label  string
	Anchor string
}

// BandRect is a band drawn over the plot. Index counts the bands from the
// lowest, from 1, for the theme's colours; Top is the band's upper limit
// as drawn (a value between two bands belongs to the lower one, so a band
// reaches up to the next band's minimum). LabelY is where its label's
// baseline goes; ShowLabel is false when the band is too thin to hold it.
type BandRect struct {
	Rect
	Band
	Index     int
	LabelY    Num
	ShowLabel bool
}

// Mark is a point placed on the plot. Band is the index of the band its
// value falls in, or 0 when it falls in none.
type Mark struct {
	Point
	X, Y Num
	Band int
}

// Chart is the laid-out chart.
type Chart struct {
	Width, Height Num
	// Plot is the area inside the axes.
	Plot Rect
	// Lo and Hi are the ends of the value axis, Start and End of the time
	// axis (local dates).
	Lo, Hi     float64
	Start, End time.Time
	XTicks     []Tick
	YTicks     []Tick
	Bands      []BandRect
	// Limits are the y of every band limit inside the plot, lowest value
	// first: the boundaries between bands and the outer ends of the bands.
	Limits []Tick
	Marks  []Mark
	// Line joins the marks, as an SVG points attribute: "x,y x,y …".
	Line string
}

// Right is the x of the plot's right edge.
func (c Chart) Right() Num { return c.Plot.X + c.Plot.W }

// Bottom is the y of the plot's foot, where the time axis runs.
func (c Chart) Bottom() Num { return c.Plot.Y + c.Plot.H }

// YLabelX is the x where the value axis' labels end.
func (c Chart) YLabelX() Num { return c.Plot.X - 4 }

// TickEnd is the y where a tick of the time axis ends, below the plot.
func (c Chart) TickEnd() Num { return c.Bottom() + 4 }

// XLabelY is the baseline of the time axis' labels.
func (c Chart) XLabelY() Num { return c.Bottom() + 16 }

// BandLabelX is the x where the bands' labels end.
func (c Chart) BandLabelX() Num { return c.Right() - 4 }

// Num is a coordinate. It prints with at most one decimal, so that the
// SVG stays small and its golden files stable.
type Num float64

func (n Num) String() string {
	// In tenths as an integer: a chart prints hundreds of coordinates, and
	// this is a fraction of the work of formatting a float.
	t := int64(math.Round(float64(n) * 10))
	var b [24]byte
	out := b[:0]
	if t < 0 {
		out = append(out, '-')
		t = -t
	}
	out = strconv.AppendInt(out, t/10, 10)
	if t%10 != 0 {
		out = append(out, '.', byte('0'+t%10))
	}
	return string(out)
}

// Format says how ticks are written: Date a day of the time axis, Value a
// number of the value axis. Nil fields write ISO dates and plain numbers.
type Format struct {
	Date  func(time.Time) string
	Value func(float64) string
}

// Layout places points (in any order; a value that is not a finite
// number is left out) and bands in frame fr, with the
// time axis in days of location loc: every day is as wide as every other,
// even when it has 23 or 25 hours, so that weekly values sit evenly. The
// value axis reaches over every value and every band, so that a value
// outside the bands shows where it is. No points give a chart with axes
// and bands only.
func Layout(points []Point, bands []Band, loc *time.Location, fr Frame, f Format) Chart {
	if loc == nil {
		loc = time.UTC
	}
	if f.Date == nil {
		f.Date = func(t time.Time) string { return t.Format(time.DateOnly) }
	}
	if f.Value == nil {
		f.Value = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	pts := slices.DeleteFunc(slices.Clone(points), func(p Point) bool {
		return math.IsNaN(p.Value) || math.IsInf(p.Value, 0)
	})
	slices.SortStableFunc(pts, func(a, b Point) int { return a.At.Compare(b.At) })
	bs := slices.Clone(bands)
	slices.SortStableFunc(bs, func(a, b Band) int { return cmp.Compare(a.Min, b.Min) })

	c := Chart{Width: Num(fr.Width), Height: Num(fr.Height)}
	plot := Rect{X: Num(fr.Left), Y: Num(fr.Top), W: Num(fr.Width - fr.Left - fr.Right), H: Num(fr.Height - fr.Top - fr.Bottom)}
	c.Plot = plot

	// The value axis.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
	}
	for _, b := range bs {
		lo, hi = min(lo, b.Min), max(hi, b.Max)
	}
	var step float64
	lo, hi, step = niceRange(lo, hi, max(fr.MaxYTicks, 2))
	c.Lo, c.Hi = lo, hi
	y := func(v float64) Num {
		return Num(float64(plot.Y) + float64(plot.H)*(hi-v)/(hi-lo))
	}
	for i := 0; ; i++ {
		v := lo + float64(i)*step
		if v > hi+step/1e6 {
			break
		}
		v = roundTo(v, step)
		c.YTicks = append(c.YTicks, Tick{Pos: y(v), Label: f.Value(v)})
	}

	// The time axis, in local days, each point's day reckoned once.
	first, last := math.Inf(1), math.Inf(-1)
	pday := make([]float64, len(pts))
	for i, p := range pts {
		d := dayOf(p.At, loc)
		pday[i] = d
		first, last = min(first, d), max(last, d)
	}
	if len(pts) == 0 {
		first, last = 0, 0
	}
	pad := max((last-first)*0.04, 0.5)
	if last-first < 1 {
		pad = 3.5 // a week around one day
	}
	start, end := first-pad, last+pad
	c.Start, c.End = dateOf(math.Floor(start), loc), dateOf(math.Floor(end), loc)
	x := func(d float64) Num {
		return Num(float64(plot.X) + float64(plot.W)*(d-start)/(end-start))
	}
	// A few values are marked on their own days, right under them; more
	// on a calendar's days.
	labelW := float64(utf8.RuneCountInString(f.Date(dateOf(first, loc)))) * 0.6 * fr.FontSize
	var days []float64
	for _, d := range pday {
		if len(days) > 0 && math.Floor(days[len(days)-1]) == math.Floor(d) {
			continue
		}
		if len(days) > 0 && float64(x(d)-x(days[len(days)-1])) < labelW*1.2 {
			days = nil // too close to print each
			break
		}
		days = append(days, d)
	}
	if len(days) == 0 || len(days) > max(fr.MaxXTicks, 1) {
		days = dayTicks(start, end, max(fr.MaxXTicks, 1), loc)
	}
	// Every other tick goes while two labels would touch.
	for len(days) > 1 && tooClose(days, float64(x(1)-x(0)), labelW*1.15) {
		kept := days[:0]
		for i := 0; i < len(days); i += 2 {
			kept = append(kept, days[i])
		}
		days = kept
	}
	if len(pts) > 0 {
		for _, d := range days {
			tk := Tick{Pos: x(d), Label: f.Date(dateOf(d, loc)), Anchor: "middle"}
			half := float64(utf8.RuneCountInString(tk.Label)) * 0.6 * fr.FontSize / 2
			switch {
			case float64(tk.Pos)-half < 0:
				tk.Anchor = "start"
			case float64(tk.Pos)+half > fr.Width:
				tk.Anchor = "end"
			}
			c.XTicks = append(c.XTicks, tk)
		}
	}

	// The bands, and their limits; a band's label sits at its top.
	fs := cmp.Or(fr.FontSize, 10)
	limits := map[float64]bool{}
	for i, b := range bs {
		top := b.Max
		if i+1 < len(bs) && bs[i+1].Min > top {
			top = bs[i+1].Min
		}
		r := BandRect{Band: b, Index: i + 1}
		r.X, r.W = plot.X, plot.W
		r.Y = y(top)
		r.H = y(b.Min) - r.Y
		r.LabelY = r.Y + Num(fs*1.1)
		r.ShowLabel = float64(r.H) >= fs*1.4
		c.Bands = append(c.Bands, r)
		limits[b.Min], limits[top] = true, true
	}
	for _, v := range slices.Sorted(mapsKeys(limits)) {
		if v > lo && v < hi {
			c.Limits = append(c.Limits, Tick{Pos: y(v), Label: f.Value(v)})
		}
	}

	// The points, and the line through them: a year of weekly values is
	// some fifty of each, so both are made at their size at once.
	c.Marks = make([]Mark, 0, len(pts))
	for i, p := range pts {
		m := Mark{Point: p, X: x(pday[i]), Y: y(p.Value)}
		m.Band = bandOf(bs, p.Value)
		c.Marks = append(c.Marks, m)
	}
	line := make([]byte, 0, 12*len(c.Marks))
	for i, m := range c.Marks {
		if i > 0 {
			line = append(line, ' ')
		}
		line = append(line, m.X.String()...)
		line = append(line, ',')
		line = append(line, m.Y.String()...)
	}
	c.Line = string(line)
	return c
}

// tooClose reports whether two of days, sorted, are less than gap apart
// at perDay units a day.
func tooClose(days []float64, perDay, gap float64) bool {
	for i := 1; i < len(days); i++ {
		if (days[i]-days[i-1])*perDay < gap {
			return true
		}
	}
	return false
}

// bandOf is the index, from 1, of the band v falls in among bands sorted
// by minimum, as scoring.BandOf decides it, or 0.
func bandOf(bands []Band, v float64) int {
	for i, b := range bands {
		if v >= b.Min && v <= b.Max {
			return i + 1
		}
		if i+1 < len(bands) && v > b.Max && v < bands[i+1].Min {
			return i + 1
		}
	}
	return 0
}

func mapsKeys(m map[float64]bool) func(func(float64) bool) {
	return func(yield func(float64) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// epoch is day 0 of the time axis, a Thursday.
var epoch = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// dayOf is t as a number of local days since 1970-01-01 in loc, the time
// of day counted on the clock, so that 17:00 is 17/24 of its day whether
// the day is 23, 24 or 25 hours long.
func dayOf(t time.Time, loc *time.Location) float64 {
	// The clock in loc, in seconds since 1970-01-01 00:00 on that clock.
	_, off := t.In(loc).Zone()
	wall := t.Unix() + int64(off)
	days := wall / 86400
	if wall%86400 < 0 {
		days-- // before 1970: floor, not towards zero
	}
	return float64(days) + float64(wall-days*86400)/86400
}

// dateOf is the local midnight of day d in loc.
func dateOf(d float64, loc *time.Location) time.Time {
	u := epoch.AddDate(0, 0, int(math.Floor(d)))
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, loc)
}

// dayTicks returns the days, at midnight, to mark between start and end:
// every day, every other day, Mondays, every other Monday, or the first of
// every 1, 2, 3, 6 or 12 months, the finest that gives at most n.
func dayTicks(start, end float64, n int, loc *time.Location) []float64 {
	first := math.Ceil(start)
	var ticks []float64
	for _, every := range []int{1, 2, 7, 14} {
		if (end-first)/float64(every) > float64(n)+1 {
			continue // too many, without counting them
		}
		ticks = ticks[:0]
		for d := first; d <= end; d++ {
			if keepDay(int(d), every) {
				ticks = append(ticks, d)
			}
		}
		if len(ticks) <= n {
			return ticks
		}
	}
	for _, months := range []int{1, 2, 3, 6, 12, 24, 60, 120} {
		ticks = ticks[:0]
		t := dateOf(first, loc)
		m := time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
		if t.Day() != 1 {
			m = m.AddDate(0, 1, 0)
		}
		for ; ; m = m.AddDate(0, 1, 0) {
			d := math.Round(m.Sub(epoch).Hours() / 24)
			if d > end {
				break
			}
			if (int(m.Month())-1)%months == 0 && (months < 12 || m.Year()%(months/12) == 0) {
				ticks = append(ticks, d)
			}
		}
		if len(ticks) <= n {
			return ticks
		}
	}
	return ticks[:n]
}

// keepDay reports whether day d is marked when marking every n days: days
// counted from the epoch for 1 and 2, Mondays for 7, Mondays of even weeks
// for 14.
func keepDay(d, n int) bool {
	switch n {
	case 7:
		return mod(d-4, 7) == 0
	case 14:
		return mod(d-4, 14) == 0
	default:
		return mod(d, n) == 0
	}
}

func mod(a, b int) int { return ((a % b) + b) % b }

// niceRange widens lo..hi to whole steps of 1, 2 or 5 times a power of
// ten, with at most n ticks. Equal ends, or none, are widened around
// their value (never below zero for a value at or above zero).
func niceRange(lo, hi float64, n int) (float64, float64, float64) {
	if math.IsInf(lo, 1) {
		lo, hi = 0, 1
	}
	if lo == hi {
		if lo >= 0 && lo < 1 {
			lo, hi = 0, lo+1
		} else {
			lo, hi = lo-1, hi+1
		}
	}
	for _, step := range steps((hi - lo) / float64(n-1)) {
		a, b := math.Floor(lo/step+1e-9)*step, math.Ceil(hi/step-1e-9)*step
		if int(math.Round((b-a)/step))+1 <= n {
			return a, b, step
		}
	}
	// Unreachable: the last step is at least (hi-lo), two ticks.
	return lo, hi, hi - lo
}

// steps returns the nice steps at least raw, smallest first.
func steps(raw float64) []float64 {
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	var out []float64
	for _, m := range []float64{1, 2, 5, 10, 20, 50, 100} {
		if s := m * p; s >= raw*(1-1e-9) {
			out = append(out, s)
		}
	}
	return out
}

// roundTo drops the float noise of adding steps: 0.1+0.2 is 0.3 here.
func roundTo(v, step float64) float64 {
	p := math.Pow(10, math.Max(0, -math.Floor(math.Log10(step))+1))
	return math.Round(v*p) / p
}
