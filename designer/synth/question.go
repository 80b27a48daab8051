package synth

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// Question returns a question of type typ that follows every rule, with
// the id "q-<typ>", for the tests that go through designer.QuestionTypes
// so that a new type cannot be half-added. ok is false for a type it has
// no example of: add one here first.
func Question(typ string) (q *designer.Question, ok bool) {
	q = &designer.Question{ID: "q-" + typ, Type: typ, Text: "Fråga " + typ}
	switch typ {
	case designer.TypeSingle:
		q.Options = []*designer.Option{{Value: "0", Label: "Nej"}, {Value: "1", Label: "Ja"}}
	case designer.TypeMultiple:
		q.Options = []*designer.Option{{Value: "1", Label: "Ett"}, {Value: "2", Label: "Två"}}
	case designer.TypeScale:
		q.Scale = &designer.Scale{Min: 0, Max: 4, MinLabel: "Aldrig", MaxLabel: "Alltid"}
	case designer.TypeNumber:
		lo, hi := 0.0, 600.0
		q.Min, q.Max, q.Unit = &lo, &hi, "min"
	case designer.TypeText, designer.TypeDate, designer.TypeTime, designer.TypeDuration:
	default:
		return nil, false
	}
	return q, true
}

// EachQuestionType runs test in a subtest for every type of
// designer.QuestionTypes, with the type's example question and its case
// of cases. A type without an example, or without a case, fails its
// subtest with "question type "typ": todo", todo saying where the type is
// to be handled, so that a new type cannot be half-added.
func EachQuestionType[C any](t *testing.T, cases map[string]C, todo string, test func(t *testing.T, q *designer.Question, c C)) {
	t.Helper()
	for _, typ := range designer.QuestionTypes {
		t.Run(typ, func(t *testing.T) {
			q, ok := Question(typ)
			if !ok {
				t.Fatalf("synth.Question has no example of %q: add one", typ)
			}
			c, ok := cases[typ]
			if !ok {
				t.Fatalf("question type %q: %s", typ, todo)
			}
			test(t, q, c)
		})
	}
}
