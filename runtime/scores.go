package runtime

import (
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
)

// Scores: what the citizen's submitted forms score, one submission at a
// time for the manage view and as series over time for results.

// ScorePoint is the value of one score of a form on one submission.
type ScorePoint struct {
	// Submission is the submission's id; At is when it was submitted.
	Submission string
	At         time.Time
	Form       string
	// Score is the score's id and Title its title on the form version
	// the submission was given on.
	Score string
	Title string
	Value float64
	// Band is the label of the band the value falls in, or empty.
	Band string
	// Answered and Items count the score's items answered and counted.
	Answered, Items int
}

// SubmissionScores returns the scores of a submission, computed on f, the
// version of its form it was given on, in the form's order. A score none
// of whose items was answered is left out: it has no value to show.
func SubmissionScores(f *designer.Form, sub *Submission) []ScorePoint {
	var out []ScorePoint
	for _, res := range scoring.Compute(f, scoring.Answers(sub.Answers)) {
		if res.Answered == 0 {
			continue
		}
		out = append(out, ScorePoint{
			Submission: sub.ID, At: sub.SubmittedAt, Form: sub.Form,
			Score: res.Score.ID, Title: res.Score.Title, Value: res.Value, Band: res.BandLabel(),
			Answered: res.Answered, Items: res.Items,
		})
	}
	return out
}

// ScoreSeries is one score of one form over time.
type ScoreSeries struct {
	Form  string
	Score string
	// Title is the score's title on the newest submission's form version.
	Title string
	// Points are the score's values, oldest first.
	Points []ScorePoint
}

// ScoreSeries returns, for every score of the forms the citizen submitted,
// its values over time, oldest first. The series come in the order their
// forms were first submitted, and a form's scores in the form's order.
// formOf returns the version of its form a submission was given on; a
// submission it returns nil for is left out, as its scores cannot be
// computed.
func (e *Enrolment) ScoreSeries(formOf func(*Submission) *designer.Form) []ScoreSeries {
	var out []ScoreSeries
	index := map[[2]string]int{}
	for _, sub := range e.Submissions {
		f := formOf(sub)
		if f == nil {
			continue
		}
		for _, pt := range SubmissionScores(f, sub) {
			key := [2]string{pt.Form, pt.Score}
			i, ok := index[key]
			if !ok {
				i = len(out)
				index[key] = i
				out = append(out, ScoreSeries{Form: pt.Form, Score: pt.Score})
			}
			out[i].Title = pt.Title
			out[i].Points = append(out[i].Points, pt)
		}
	}
	return out
}
