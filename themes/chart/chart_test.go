package chart

import (
	"math"
	"slices"
	"testing"
	"time"
)

var stockholm = mustLoad("Europe/Stockholm")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

// weekly returns n points a week apart from start, at the same local time.
func weekly(start string, n int, value func(i int) float64) []Point {
	t := at(start)
	var out []Point
	for i := range n {
		out = append(out, Point{At: t.AddDate(0, 0, 7*i), Value: value(i)})
	}
	return out
}

var phq = []Band{{Min: 0, Max: 4, Label: "Minimal"}, {Min: 5, Max: 9, Label: "Lindrig"}, {Min: 10, Max: 27, Label: "Svår"}}

func TestLayout(t *testing.T) {
	tests := []struct {
		name   string
		points []Point
		bands  []Band
		// lo, hi: the value axis; yTicks its labels; xTicks the dates marked.
		lo, hi float64
		yTicks []string
		xTicks []string
		limits []string
		marks  []int // the band of each mark
	}{
		{"one point", []Point{{At: at("2026-11-23 10:00"), Value: 12}}, nil,
			11, 13, []string{"11", "11.5", "12", "12.5", "13"}, []string{"2026-11-23"}, nil, []int{0}},
		{"equal values", weekly("2026-11-02 10:00", 3, func(int) float64 { return 5 }), nil,
			4, 6, nil, []string{"2026-11-02", "2026-11-09", "2026-11-16"}, nil, []int{0, 0, 0}},
		{"zero", []Point{{At: at("2026-11-23 10:00"), Value: 0}}, nil,
			0, 1, nil, []string{"2026-11-23"}, nil, []int{0}},
		{"values outside bands", []Point{{At: at("2026-11-02 10:00"), Value: -3}, {At: at("2026-11-09 10:00"), Value: 31}}, phq,
			-20, 40, []string{"-20", "0", "20", "40"}, []string{"2026-11-02", "2026-11-09"}, []string{"0", "5", "10", "27"}, []int{0, 0}},
		{"in the bands, gap to the lower", []Point{{At: at("2026-11-02 10:00"), Value: 4.5}, {At: at("2026-11-09 10:00"), Value: 9.5}, {At: at("2026-11-16 10:00"), Value: 27}}, phq,
			0, 30, nil, []string{"2026-11-02", "2026-11-09", "2026-11-16"}, []string{"5", "10", "27"}, []int{1, 2, 3}},
		{"a year weekly", weekly("2026-01-05 17:00", 52, func(i int) float64 { return float64(i % 20) }), phq,
			0, 30, nil, []string{"2026-01-01", "2026-07-01", "2027-01-01"}, []string{"5", "10", "27"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Layout(tt.points, tt.bands, stockholm, Small, Format{})
			if c.Lo != tt.lo || c.Hi != tt.hi {
				t.Errorf("value axis %v..%v, want %v..%v", c.Lo, c.Hi, tt.lo, tt.hi)
			}
			if len(c.YTicks) < 2 || len(c.YTicks) > Small.MaxYTicks {
				t.Errorf("%d value ticks, want 2..%d", len(c.YTicks), Small.MaxYTicks)
			}
			if tt.yTicks != nil && !slices.Equal(labels(c.YTicks), tt.yTicks) {
				t.Errorf("value ticks %v, want %v", labels(c.YTicks), tt.yTicks)
			}
			if got := labels(c.XTicks); !slices.Equal(got, tt.xTicks) {
				t.Errorf("time ticks %v, want %v", got, tt.xTicks)
			}
			if got := labels(c.Limits); !slices.Equal(got, tt.limits) {
				t.Errorf("limits %v, want %v", got, tt.limits)
			}
			if len(c.Marks) != len(tt.points) {
				t.Fatalf("%d marks, want %d", len(c.Marks), len(tt.points))
			}
			for i, m := range c.Marks {
				if !inside(c.Plot, m.X, m.Y) {
					t.Errorf("mark %d at %v,%v is outside the plot %+v", i, m.X, m.Y, c.Plot)
				}
				if tt.marks != nil && m.Band != tt.marks[i] {
					t.Errorf("mark %d (%v) in band %d, want %d", i, m.Value, m.Band, tt.marks[i])
				}
			}
			for i := 1; i < len(c.Marks); i++ {
				if c.Marks[i].X <= c.Marks[i-1].X {
					t.Errorf("mark %d at x %v, not right of %v", i, c.Marks[i].X, c.Marks[i-1].X)
				}
			}
			for i := 1; i < len(c.XTicks); i++ {
				if gap := float64(c.XTicks[i].Pos - c.XTicks[i-1].Pos); gap < 10*0.6*Small.FontSize {
					t.Errorf("dates %q and %q only %v apart: their labels touch", c.XTicks[i-1].Label, c.XTicks[i].Label, gap)
				}
			}
			for _, tk := range append(c.XTicks, c.YTicks...) {
				if tk.Pos < 0 || float64(tk.Pos) > Small.Width {
					t.Errorf("tick %q at %v, outside the drawing", tk.Label, tk.Pos)
				}
			}
		})
	}
}

// TestLayoutBands: the bands cover the value axis from their minimum to
// the next band's minimum, lowest band first, and stay inside the plot.
func TestLayoutBands(t *testing.T) {
	c := Layout([]Point{{At: at("2026-11-02 10:00"), Value: 3}}, []Band{phq[2], phq[0], phq[1]}, stockholm, Small, Format{})
	if len(c.Bands) != 3 {
		t.Fatalf("%d bands", len(c.Bands))
	}
	y := func(v float64) float64 {
		return float64(c.Plot.Y) + float64(c.Plot.H)*(c.Hi-v)/(c.Hi-c.Lo)
	}
	want := [][2]float64{{0, 5}, {5, 10}, {10, 27}}
	for i, b := range c.Bands {
		if b.Index != i+1 || b.Label != phq[i].Label {
			t.Errorf("band %d = %d %q", i, b.Index, b.Label)
		}
		if !near(float64(b.Y), y(want[i][1])) || !near(float64(b.Y+b.H), y(want[i][0])) {
			t.Errorf("band %q from y %v to %v, want %v to %v", b.Label, b.Y, b.Y+b.H, y(want[i][1]), y(want[i][0]))
		}
		if b.X != c.Plot.X || b.W != c.Plot.W || b.Y < c.Plot.Y || b.Y+b.H > c.Plot.Y+c.Plot.H+0.01 {
			t.Errorf("band %q %+v outside the plot %+v", b.Label, b.Rect, c.Plot)
		}
	}
	if !c.Bands[2].ShowLabel || c.Bands[0].LabelY <= c.Bands[0].Y {
		t.Errorf("labels: %+v", c.Bands)
	}
}

// TestLayoutDST: weekly values at 17:00 local time sit evenly across the
// change to and from summer time, and the ticks are local midnights.
func TestLayoutDST(t *testing.T) {
	for _, start := range []string{"2026-03-09 17:00", "2026-10-12 17:00"} {
		t.Run(start, func(t *testing.T) {
			pts := weekly(start, 6, func(i int) float64 { return float64(i) })
			c := Layout(pts, nil, stockholm, Frame{Width: 600, Height: 200, Left: 30, Right: 10, Top: 10, Bottom: 20, MaxXTicks: 10, MaxYTicks: 5}, Format{})
			gap := float64(c.Marks[1].X - c.Marks[0].X)
			for i := 2; i < len(c.Marks); i++ {
				if g := float64(c.Marks[i].X - c.Marks[i-1].X); math.Abs(g-gap) > 0.01 {
					t.Errorf("gap %d = %v, want %v", i, g, gap)
				}
			}
			if len(c.XTicks) != 6 {
				t.Errorf("ticks %v, want the six Mondays", labels(c.XTicks))
			}
			for _, tk := range c.XTicks {
				d, err := time.ParseInLocation(time.DateOnly, tk.Label, stockholm)
				if err != nil || d.Weekday() != time.Monday {
					t.Errorf("tick %q is not a Monday", tk.Label)
				}
			}
		})
	}
}

// TestLayoutFewDays: a few values are marked on their own days, right
// under them; values too close to label each get a calendar's days.
func TestLayoutFewDays(t *testing.T) {
	pts := weekly("2026-11-02 10:00", 3, func(i int) float64 { return float64(i) })
	c := Layout(pts, nil, stockholm, Small, Format{})
	for i, tk := range c.XTicks {
		if tk.Pos != c.Marks[i].X {
			t.Errorf("tick %q at %v, mark at %v", tk.Label, tk.Pos, c.Marks[i].X)
		}
	}
	close := []Point{{At: at("2026-11-02 10:00")}, {At: at("2026-11-03 10:00")}, {At: at("2026-11-20 10:00")}}
	c = Layout(close, nil, stockholm, Small, Format{})
	if got := labels(c.XTicks); !slices.Equal(got, []string{"2026-11-02", "2026-11-09", "2026-11-16"}) {
		t.Errorf("ticks of close values %v, want the Mondays", got)
	}
}

// TestLayoutCrowded: a frame that asks for more dates than fit keeps
// every other one until the labels stand apart.
func TestLayoutCrowded(t *testing.T) {
	fr := Small
	fr.MaxXTicks = 12
	c := Layout(weekly("2026-01-05 17:00", 12, func(i int) float64 { return float64(i) }), nil, stockholm, fr, Format{})
	if len(c.XTicks) < 2 || len(c.XTicks) > 4 {
		t.Errorf("ticks %v, want 2 to 4", labels(c.XTicks))
	}
	for i := 1; i < len(c.XTicks); i++ {
		if gap := float64(c.XTicks[i].Pos - c.XTicks[i-1].Pos); gap < 10*0.6*fr.FontSize*1.15 {
			t.Errorf("ticks %q and %q %v apart", c.XTicks[i-1].Label, c.XTicks[i].Label, gap)
		}
	}
}

func TestLayoutEmpty(t *testing.T) {
	c := Layout([]Point{{At: at("2026-11-02 10:00"), Value: math.NaN()}}, phq, stockholm, Small, Format{})
	if len(c.Marks) != 0 || len(c.XTicks) != 0 || c.Line != "" || len(c.Bands) != 3 {
		t.Errorf("= %+v", c)
	}
	c = Layout(nil, nil, nil, Small, Format{})
	if c.Lo != 0 || c.Hi != 1 {
		t.Errorf("empty value axis %v..%v", c.Lo, c.Hi)
	}
}

func TestNiceRange(t *testing.T) {
	tests := []struct {
		lo, hi     float64
		n          int
		a, b, step float64
	}{
		{0, 27, 5, 0, 30, 10},
		{0, 10, 5, 0, 10, 5},
		{1.2, 3.7, 5, 1, 4, 1},
		{0.1, 0.35, 5, 0.1, 0.4, 0.1},
		{-3, 31, 5, -20, 40, 20},
		{7, 7, 5, 6, 8, 0.5},
		{1000, 5000, 3, 0, 5000, 5000},
	}
	for _, tt := range tests {
		a, b, step := niceRange(tt.lo, tt.hi, tt.n)
		if !near(a, tt.a) || !near(b, tt.b) || !near(step, tt.step) {
			t.Errorf("niceRange(%v, %v, %d) = %v, %v, %v; want %v, %v, %v", tt.lo, tt.hi, tt.n, a, b, step, tt.a, tt.b, tt.step)
		}
	}
}

func TestNum(t *testing.T) {
	for in, want := range map[float64]string{0: "0", 1.25: "1.3", -0.04: "0", 12.0: "12", 3.14159: "3.1"} {
		if got := Num(in).String(); got != want {
			t.Errorf("Num(%v) = %q, want %q", in, got, want)
		}
	}
}

func labels(ts []Tick) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Label)
	}
	return out
}

func inside(r Rect, x, y Num) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y-0.01 && y <= r.Y+r.H+0.01
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestDayOf: a time is its local day since 1970-01-01 plus the part of
// the day its clock shows, across summer time and before 1970 alike.
func TestDayOf(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		want float64
	}{
		{"the epoch in UTC, one in the morning in Stockholm", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 1.0 / 24},
		{"the epoch's first hour in Stockholm", time.Date(1970, 1, 1, 0, 0, 0, 0, loc), 0},
		{"noon", time.Date(1970, 1, 2, 12, 0, 0, 0, loc), 1.5},
		{"before 1970", time.Date(1969, 12, 31, 18, 0, 0, 0, loc), -0.25},
		{"the day summer time starts, 17:00", time.Date(2026, 3, 29, 17, 0, 0, 0, loc), 20541 + 17.0/24},
		{"the day it ends, 17:00", time.Date(2026, 10, 25, 17, 0, 0, 0, loc), 20751 + 17.0/24},
		{"just before midnight", time.Date(2026, 11, 23, 23, 59, 59, 0, loc), 20780 + 86399.0/86400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dayOf(tt.at, loc); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("dayOf(%s) = %v, want %v", tt.at, got, tt.want)
			}
		})
	}
}
