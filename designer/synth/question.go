package synth

import "github.com/stegvis/stegvis/designer"

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
