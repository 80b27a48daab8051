package pdf

import (
	"math"
	"testing"
	"time"

	"github.com/stegvis/stegvis/themes/chart"
)

func TestResults(t *testing.T) {
	p := sampleProgram()
	start := time.Date(2025, 3, 3, 17, 0, 0, 0, time.UTC)
	var pts []chart.Point
	var rows [][]string
	for i := range 52 {
		at := start.AddDate(0, 0, 7*i)
		v := float64(i % 15)
		pts = append(pts, chart.Point{At: at, Value: v})
		rows = append(rows, []string{at.Format("2006-01-02 15:04"), chart.Num(v).String()})
	}
	bands := []chart.Band{{Min: 0, Max: 4, Label: "Minimal"}, {Min: 5, Max: 9, Label: "Lindrig"}, {Min: 10, Max: 27, Label: "Svår"}}
	year := ResultSeries{Heading: "PHQ-9 summa – PHQ-9", Chart: chart.Layout(pts, bands, time.UTC, ChartFrame, chart.Format{}),
		Columns: []string{"Inskickat", "Värde"}, Rows: rows}
	odd := ResultSeries{Heading: "Steg – Ödmjuk plan", Columns: []string{"Inskickat", "Värde"},
		Chart: chart.Layout([]chart.Point{{At: start, Value: math.Inf(1)}, {At: start, Value: -3.5}}, nil, time.UTC, ChartFrame, chart.Format{}),
		Rows:  [][]string{{"2025-03-03 17:00", "-3,5"}}}
	tests := []struct {
		name string
		res  Results
		want []string // in this order
	}{
		{"a year", Results{Title: "Resultat", Subject: "Eva Ödman 19900101-1234", Facts: []string{"Invånare: Eva Ödman, 19900101-1234"},
			Series: []ResultSeries{year, odd}},
			[]string{"Resultat", "Invånare: Eva Ödman", "PHQ-9 summa – PHQ-9", "Svår", "Lindrig", "Minimal", "2025-07-01",
				"Inskickat", "Värde", "2025-03-03 17:00", "2026-02-23 17:00", "Steg – Ödmjuk plan", "-3,5"}},
		{"empty", Results{Title: "Resultat", Empty: "Inga formulär med poäng har skickats in ännu."},
			[]string{"Resultat", "Inga formulär med poäng har skickats in ännu."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := New().Results(p, tt.res)
			if err != nil {
				t.Fatal(err)
			}
			inOrder(t, pdfText(t, b, false), tt.want)
		})
	}
}
