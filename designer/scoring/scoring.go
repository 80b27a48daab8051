// Package scoring computes a form's scores and bands from answers, tests
// conditions on answers and scores, and runs the test cases a form carries,
// so that a designer can trust the numbers a clinician will see.
package scoring

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// Answers are a form's answers by question id. A choice question holds the
// values of the chosen options; every other question one value.
type Answers map[string][]string

// Result is the outcome of one score.
type Result struct {
	Score *designer.Score
	Value float64
	// Band is the band the value falls in, or nil if none does.
	Band *designer.Band
	// Answered and Items count the items answered and counted.
	Answered, Items int
}

// Complete reports whether every item of the score was answered.
func (r Result) Complete() bool { return r.Answered == r.Items }

// BandLabel returns the band's label, or "".
func (r Result) BandLabel() string {
	if r.Band == nil {
		return ""
	}
	return r.Band.Label
}

// Compute returns every score of f, in the order the form defines them.
func Compute(f *designer.Form, a Answers) []Result {
	out := make([]Result, 0, len(f.Scores))
	for _, s := range f.Scores {
		out = append(out, ComputeOne(f, s, a))
	}
	return out
}

// ComputeOne computes score s of f.
func ComputeOne(f *designer.Form, s *designer.Score, a Answers) Result {
	r := Result{Score: s}
	var sum float64
	for _, q := range Items(f, s) {
		r.Items++
		v, ok := Value(q, a[q.ID])
		if !ok {
			continue
		}
		if slices.Contains(s.Reversed, q.ID) {
			lo, hi, _ := Range(q)
			v = lo + hi - v
		}
		r.Answered++
		sum += v
	}
	r.Value = sum
	if s.Method == "mean" {
		r.Value = 0
		if r.Answered > 0 {
			r.Value = sum / float64(r.Answered)
		}
	}
	r.Band = BandOf(s, r.Value)
	return r
}

// Items returns the questions score s counts: its items, or every
// scorable question of the form when it names none.
func Items(f *designer.Form, s *designer.Score) []*designer.Question {
	var qs []*designer.Question
	if len(s.Items) == 0 {
		for _, q := range f.Questions {
			if q.Scorable() {
				qs = append(qs, q)
			}
		}
		return qs
	}
	for _, id := range s.Items {
		if q, ok := f.Question(id); ok {
			qs = append(qs, q)
		}
	}
	return qs
}

// BandOf returns the band value falls in. A value in a gap between two
// bands (a mean, say) belongs to the lower one; a value outside every band
// has none.
func BandOf(s *designer.Score, value float64) *designer.Band {
	bands := slices.Clone(s.Bands)
	slices.SortStableFunc(bands, func(a, b *designer.Band) int { return cmp.Compare(a.Min, b.Min) })
	for i, b := range bands {
		if value >= b.Min && value <= b.Max {
			return b
		}
		if i+1 < len(bands) && value > b.Max && value < bands[i+1].Min {
			return b
		}
	}
	return nil
}

// Value returns the number an answer counts as. ok is false when the
// question was not answered or its answer is not a number.
func Value(q *designer.Question, vals []string) (float64, bool) {
	if len(vals) == 0 {
		return 0, false
	}
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		var sum float64
		found := false
		for _, v := range vals {
			for _, o := range q.Options {
				if o.Value == v {
					if p, ok := o.Points(); ok {
						sum += p
						found = true
					}
				}
			}
		}
		return sum, found
	default:
		f, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(vals[0]), ",", ".", 1), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, false
		}
		return f, true
	}
}

// Range returns the lowest and highest value a question can count. ok is
// false when it has no bounds (a number question without min or max).
func Range(q *designer.Question) (lo, hi float64, ok bool) {
	switch q.Type {
	case designer.TypeSingle:
		first := true
		for _, o := range q.Options {
			p, ok := o.Points()
			if !ok {
				continue
			}
			if first || p < lo {
				lo = p
			}
			if first || p > hi {
				hi = p
			}
			first = false
		}
		return lo, hi, !first
	case designer.TypeMultiple:
		for _, o := range q.Options {
			if p, ok := o.Points(); ok {
				if p < 0 {
					lo += p
				} else {
					hi += p
				}
			}
		}
		return lo, hi, len(q.Options) > 0
	case designer.TypeScale:
		if q.Scale == nil {
			return 0, 0, false
		}
		return float64(q.Scale.Min), float64(q.Scale.Max), true
	case designer.TypeNumber:
		if q.Min == nil || q.Max == nil {
			return 0, 0, false
		}
		return *q.Min, *q.Max, true
	}
	return 0, 0, false
}

// Holds reports whether condition c holds for the answers a of form f.
// A condition on a question that was not answered does not hold.
func Holds(f *designer.Form, c *designer.Condition, a Answers) bool {
	if c.Score != "" {
		s, ok := f.Score(c.Score)
		if !ok {
			return false
		}
		r := ComputeOne(f, s, a)
		if r.Answered == 0 {
			return false
		}
		return compare(c, []string{formatNumber(r.Value)}, r.Value, true)
	}
	q, ok := f.Question(c.Question)
	if !ok {
		return false
	}
	return HoldsAnswer(c, q, a[q.ID])
}

// HoldsAnswer reports whether condition c holds for the answer vals to
// question q: every comparison that is set must hold, and an unanswered
// question meets none. The citizen's form pages use it for show_if.
func HoldsAnswer(c *designer.Condition, q *designer.Question, vals []string) bool {
	if len(vals) == 0 || (len(vals) == 1 && strings.TrimSpace(vals[0]) == "") {
		return false
	}
	v, numeric := Value(q, vals)
	return compare(c, vals, v, numeric)
}

func compare(c *designer.Condition, vals []string, v float64, numeric bool) bool {
	if c.Equals != "" && !slices.Contains(vals, c.Equals) {
		return false
	}
	if len(c.AnyOf) > 0 && !slices.ContainsFunc(vals, func(s string) bool { return slices.Contains(c.AnyOf, s) }) {
		return false
	}
	if c.Above != nil || c.AtLeast != nil || c.Below != nil || c.AtMost != nil {
		if !numeric {
			return false
		}
		if (c.Above != nil && !(v > *c.Above)) || (c.AtLeast != nil && !(v >= *c.AtLeast)) ||
			(c.Below != nil && !(v < *c.Below)) || (c.AtMost != nil && !(v <= *c.AtMost)) {
			return false
		}
	}
	return true
}

// Describe says a condition in words for people who read code and YAML,
// e.g. "q9 > 0" or "total ≥ 10".
func Describe(c *designer.Condition) string {
	subject := c.Question
	if c.Score != "" {
		subject = c.Score
	}
	var parts []string
	if c.Equals != "" {
		parts = append(parts, fmt.Sprintf("%s = %s", subject, c.Equals))
	}
	if len(c.AnyOf) > 0 {
		parts = append(parts, fmt.Sprintf("%s ∈ {%s}", subject, strings.Join(c.AnyOf, ", ")))
	}
	for _, cmp := range []struct {
		op string
		v  *float64
	}{{">", c.Above}, {"≥", c.AtLeast}, {"<", c.Below}, {"≤", c.AtMost}} {
		if cmp.v != nil {
			parts = append(parts, fmt.Sprintf("%s %s %s", subject, cmp.op, formatNumber(*cmp.v)))
		}
	}
	if len(parts) == 0 {
		return subject + " answered"
	}
	return strings.Join(parts, " and ")
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Failure is a test case whose scores were not what it expected.
type Failure struct {
	Test    *designer.ScoreTest
	ScoreID string
	// Key and Args say what went wrong: a catalogue text for a diagnostic.
	Key  string
	Args []any
}

// RunTests runs the test cases of f and returns those that fail.
func RunTests(f *designer.Form) []Failure {
	var fails []Failure
	for _, t := range f.Tests {
		ids := make([]string, 0, len(t.Expect))
		for id := range t.Expect {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			want := t.Expect[id]
			s, ok := f.Score(id)
			if !ok {
				continue // reported by validation as an unknown score
			}
			got := ComputeOne(f, s, Answers(t.Answers))
			if want.Score != nil && math.Abs(got.Value-*want.Score) > 1e-9 {
				fails = append(fails, Failure{t, id, "designer.test.wrong_score", []any{t.Name, id, formatNumber(got.Value), formatNumber(*want.Score)}})
			}
			if want.Band != "" && got.BandLabel() != want.Band {
				if gotBand := got.BandLabel(); gotBand == "" {
					fails = append(fails, Failure{t, id, "designer.test.no_band", []any{t.Name, id, formatNumber(got.Value), want.Band}})
				} else {
					fails = append(fails, Failure{t, id, "designer.test.wrong_band", []any{t.Name, id, formatNumber(got.Value), gotBand, want.Band}})
				}
			}
		}
	}
	return fails
}
