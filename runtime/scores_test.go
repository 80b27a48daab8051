package runtime

import (
	"math"
	"reflect"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func scoredForms() (v1, v2, diary *designer.Form) {
	opts := []*designer.Option{{Value: "0"}, {Value: "1"}, {Value: "2"}, {Value: "3"}}
	qs := []*designer.Question{
		{ID: "q1", Type: designer.TypeSingle, Options: opts},
		{ID: "q2", Type: designer.TypeSingle, Options: opts},
	}
	v1 = &designer.Form{ID: "phq9", Version: "v1", Questions: qs, Scores: []*designer.Score{
		{ID: "sum", Title: "Summa", Bands: []*designer.Band{{Min: 0, Max: 2, Label: "Låg"}, {Min: 3, Max: 6, Label: "Hög"}}},
		{ID: "q2only", Items: []string{"q2"}},
	}}
	v2 = &designer.Form{ID: "phq9", Version: "v2", Questions: qs, Scores: []*designer.Score{
		{ID: "sum", Title: "Totalsumma", Bands: v1.Scores[0].Bands},
	}}
	diary = &designer.Form{ID: "diary", Version: "v1", Questions: []*designer.Question{{ID: "hours", Type: designer.TypeNumber}},
		Scores: []*designer.Score{{ID: "hours", Title: "Timmar"}}}
	return v1, v2, diary
}

func TestSubmissionScores(t *testing.T) {
	v1, _, _ := scoredForms()
	tests := []struct {
		name    string
		answers map[string][]string
		want    []ScorePoint
	}{
		{"banded", map[string][]string{"q1": {"1"}, "q2": {"3"}}, []ScorePoint{
			{Submission: "2", At: t0, Form: "phq9", Score: "sum", Title: "Summa", Value: 4, Band: "Hög", Answered: 2, Items: 2},
			{Submission: "2", At: t0, Form: "phq9", Score: "q2only", Value: 3, Answered: 1, Items: 1},
		}},
		{"unanswered score left out", map[string][]string{"q1": {"2"}}, []ScorePoint{
			{Submission: "2", At: t0, Form: "phq9", Score: "sum", Title: "Summa", Value: 2, Band: "Låg", Answered: 1, Items: 2},
		}},
		{"nothing answered", map[string][]string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sub := &Submission{ID: "2", Form: "phq9", FormVersion: "v1", Answers: tt.answers, SubmittedAt: t0}
			if got := SubmissionScores(v1, sub); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestScoreSeries(t *testing.T) {
	v1, v2, diary := scoredForms()
	e := &Enrolment{Submissions: []*Submission{
		{ID: "2", Form: "phq9", FormVersion: "v1", Answers: map[string][]string{"q1": {"3"}, "q2": {"3"}}, SubmittedAt: minute(1)},
		{ID: "3", Form: "diary", FormVersion: "v1", Answers: map[string][]string{"hours": {"6"}}, SubmittedAt: minute(2)},
		{ID: "4", Form: "phq9", FormVersion: "v0", Answers: map[string][]string{"q1": {"0"}}, SubmittedAt: minute(3)},
		{ID: "5", Form: "phq9", FormVersion: "v2", Answers: map[string][]string{"q1": {"1"}, "q2": {"0"}}, SubmittedAt: minute(4)},
	}}
	forms := map[string]*designer.Form{"phq9 v1": v1, "phq9 v2": v2, "diary v1": diary}
	got := e.ScoreSeries(func(s *Submission) *designer.Form { return forms[s.Form+" "+s.FormVersion] })
	type point struct {
		sub   string
		value float64
		band  string
	}
	want := []struct {
		form, score, title string
		points             []point
	}{
		{"phq9", "sum", "Totalsumma", []point{{"2", 6, "Hög"}, {"5", 1, "Låg"}}},
		{"phq9", "q2only", "", []point{{"2", 3, ""}}},
		{"diary", "hours", "Timmar", []point{{"3", 6, ""}}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d series: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Form != w.form || g.Score != w.score || g.Title != w.title {
			t.Errorf("series %d = %s %s %q, want %s %s %q", i, g.Form, g.Score, g.Title, w.form, w.score, w.title)
		}
		var pts []point
		for _, p := range g.Points {
			pts = append(pts, point{p.Submission, p.Value, p.Band})
		}
		if !reflect.DeepEqual(pts, w.points) {
			t.Errorf("series %s %s points %v, want %v", w.form, w.score, pts, w.points)
		}
	}
}

func TestResults(t *testing.T) {
	v1, v2, diary := scoredForms()
	v2.Scores[0].Bands = []*designer.Band{{Min: 4, Max: 6, Label: "Hög"}, {Min: 0, Max: 3, Label: "Låg"}}
	e := &Enrolment{Submissions: []*Submission{
		{ID: "2", Form: "phq9", FormVersion: "v1", Answers: map[string][]string{"q1": {"3"}, "q2": {"3"}}, SubmittedAt: minute(1)},
		{ID: "3", Form: "diary", FormVersion: "v1", Answers: map[string][]string{"hours": {"6"}}, SubmittedAt: minute(2)},
		{ID: "5", Form: "phq9", FormVersion: "v2", Answers: map[string][]string{"q1": {"1"}, "q2": {"0"}}, SubmittedAt: minute(4)},
	}}
	forms := map[string]*designer.Form{"phq9 v1": v1, "phq9 v2": v2, "diary v1": diary}
	formOf := func(s *Submission) *designer.Form { return forms[s.Form+" "+s.FormVersion] }
	walks := ScoreSeries{Form: "walk", Score: "minutes", Title: "Promenad", Points: []ScorePoint{
		{Submission: "r2", At: minute(9), Value: 30}, {Submission: "r1", At: minute(5), Value: 20},
	}}
	broken := ScoreSeries{Form: "broken", Score: "x", Points: []ScorePoint{{At: minute(5), Value: math.NaN()}, {At: minute(6), Value: math.Inf(1)}}}
	got := e.Results(formOf, walks, ScoreSeries{Form: "empty", Score: "x"}, broken)
	type want struct {
		form, score string
		bands       []string
		points      []float64
		extra       bool
	}
	wants := []want{
		{"phq9", "sum", []string{"Låg", "Hög"}, []float64{6, 1}, false},
		{"phq9", "q2only", nil, []float64{3}, false},
		{"diary", "hours", nil, []float64{6}, false},
		{"walk", "minutes", nil, []float64{20, 30}, true},
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d results: %+v", len(got), got)
	}
	for i, w := range wants {
		g := got[i]
		var bands []string
		for _, b := range g.Bands {
			bands = append(bands, b.Label)
		}
		var pts []float64
		for _, p := range g.Points {
			pts = append(pts, p.Value)
		}
		if g.Form != w.form || g.Score != w.score || !reflect.DeepEqual(bands, w.bands) || !reflect.DeepEqual(pts, w.points) || g.Extra != w.extra {
			t.Errorf("result %d = %s/%s bands %v points %v extra %v; want %+v", i, g.Form, g.Score, bands, pts, g.Extra, w)
		}
	}
	if walks.Points[0].Submission != "r2" {
		t.Error("Results sorted the caller's points in place")
	}
	if got := (&Enrolment{}).Results(formOf); len(got) != 0 {
		t.Errorf("no submissions = %+v", got)
	}
}
