package runtime

import (
	"cmp"
	"math"
	"slices"

	"github.com/stegvis/stegvis/designer"
)

// Results: what the citizen and the clinician see under "Resultat", every
// series of values over time with the bands they are read against.

// Result is one series of the results: a score of a form over time, or
// another series (an activity plan's registrations) handed in as is.
type Result struct {
	ScoreSeries
	// Bands are the score's bands on the form version of the series'
	// newest submission, lowest first; a series without bands has none.
	Bands []designer.Band
	// Extra is set for a series handed in as is (an activity plan's
	// registrations, dated by their occasions), not a form's score.
	Extra bool
}

// Results returns the scores of the citizen's forms over time, as
// ScoreSeries orders them, each with its bands, and then the extra series
// in their order, their points sorted oldest first and any value that is
// not a finite number left out. A series without points is left out: it
// has nothing to show. formOf is as for ScoreSeries.
func (e *Enrolment) Results(formOf func(*Submission) *designer.Form, extra ...ScoreSeries) []Result {
	scores := e.ScoreSeries(formOf)
	out := make([]Result, 0, len(scores)+len(extra))
	if len(scores) > 0 {
		subs := make(map[string]*Submission, len(e.Submissions))
		for _, sub := range e.Submissions {
			subs[sub.ID] = sub
		}
		for _, ser := range scores {
			res := Result{ScoreSeries: ser}
			if sub := subs[ser.Points[len(ser.Points)-1].Submission]; sub != nil {
				res.Bands = scoreBands(formOf(sub), ser.Score)
			}
			out = append(out, res)
		}
	}
	for _, ser := range extra {
		if len(ser.Points) == 0 {
			continue
		}
		ser.Points = slices.DeleteFunc(slices.Clone(ser.Points), func(p ScorePoint) bool {
			return math.IsNaN(p.Value) || math.IsInf(p.Value, 0)
		})
		if len(ser.Points) == 0 {
			continue
		}
		slices.SortStableFunc(ser.Points, func(a, b ScorePoint) int { return a.At.Compare(b.At) })
		out = append(out, Result{ScoreSeries: ser, Extra: true})
	}
	return out
}

// scoreBands returns copies of the bands of score id on f, lowest first.
func scoreBands(f *designer.Form, id string) []designer.Band {
	if f == nil {
		return nil
	}
	for _, s := range f.Scores {
		if s.ID != id {
			continue
		}
		bands := make([]designer.Band, 0, len(s.Bands))
		for _, b := range s.Bands {
			bands = append(bands, *b)
		}
		slices.SortStableFunc(bands, func(a, b designer.Band) int { return cmp.Compare(a.Min, b.Min) })
		return bands
	}
	return nil
}
