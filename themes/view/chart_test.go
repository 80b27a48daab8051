package view

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/themes/chart"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestChartSVG renders the chart partial for charts of each kind and
// compares the SVG with testdata/chart/*.svg: the markup a screen reader
// and the stylesheet rely on (role, title, desc, a focusable titled
// point per value, classes, no colours of its own) is in the golden files.
func TestChartSVG(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	day := func(d int) time.Time { return time.Date(2026, 3, 2+d, 17, 0, 0, 0, loc) }
	bands := []chart.Band{{Min: 0, Max: 4, Label: "Minimal"}, {Min: 5, Max: 9, Label: "Lindrig"}, {Min: 10, Max: 27, Label: "Svår"}}
	pt := func(d int, v float64) chart.Point {
		return chart.Point{At: day(d), Value: v, Label: strings.TrimSpace(day(d).Format("2006-01-02")) + ": " + chart.Num(v).String()}
	}
	tests := []struct {
		name   string
		points []chart.Point
		bands  []chart.Band
	}{
		{"one-point", []chart.Point{pt(0, 12)}, bands},
		{"equal-values", []chart.Point{pt(0, 5), pt(7, 5), pt(14, 5)}, nil},
		{"outside-bands", []chart.Point{pt(0, -2), pt(7, 31), pt(14, 8)}, bands},
		{"across-dst", []chart.Point{pt(14, 3), pt(21, 6), pt(28, 9), pt(35, 12)}, bands},
		{"<escaped> & \"quoted\"", []chart.Point{{At: day(0), Value: 1, Label: `<b>1</b> & "ett"`}}, []chart.Band{{Min: 0, Max: 2, Label: "<låg>"}}},
	}
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewResultChart("c1", "PHQ-9 över tid", "Beskrivning "+tt.name, chart.Layout(tt.points, tt.bands, loc, chart.Small, chart.Format{}))
			var buf bytes.Buffer
			if err := tpl.RenderPartial(&buf, "sv", "chart", c); err != nil {
				t.Fatal(err)
			}
			got := buf.Bytes()
			if err := xml.Unmarshal(got, new(struct{})); err != nil {
				t.Errorf("not well-formed XML: %v\n%s", err, got)
			}
			for _, want := range []string{`role="img"`, `aria-labelledby="c1-t c1-d"`, `<title id="c1-t">`, `<desc id="c1-d">`} {
				if !bytes.Contains(got, []byte(want)) {
					t.Errorf("lacks %s", want)
				}
			}
			if n, want := bytes.Count(got, []byte(`tabindex="0"><title>`)), len(tt.points); n != want {
				t.Errorf("%d focusable titled points, want %d", n, want)
			}
			for _, bad := range []string{"fill=\"#", "stroke=\"#", "style="} {
				if bytes.Contains(got, []byte(bad)) {
					t.Errorf("has a colour of its own: %s", bad)
				}
			}
			file := filepath.Join("testdata", "chart", []string{"one-point", "equal-values", "outside-bands", "across-dst", "escaped"}[i]+".svg")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("differs from %s (run with -update to rewrite it):\n%s", file, got)
			}
		})
	}
}
