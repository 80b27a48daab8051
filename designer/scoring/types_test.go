package scoring

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/synth"
)

// TestEveryQuestionType says for every question type what an answer
// counts (Value) and between which bounds (Range), for the example of
// synth.Question, so that a new type is counted on purpose.
func TestEveryQuestionType(t *testing.T) {
	type testCase struct {
		answer  []string
		value   float64
		valueOK bool
		lo, hi  float64
		rangeOK bool
	}
	tests := map[string]testCase{
		designer.TypeSingle:   {[]string{"1"}, 1, true, 0, 1, true},
		designer.TypeMultiple: {[]string{"1", "2"}, 3, true, 0, 3, true},
		designer.TypeScale:    {[]string{"3"}, 3, true, 0, 4, true},
		designer.TypeNumber:   {[]string{"2,5"}, 2.5, true, 0, 600, true},
		designer.TypeText:     {[]string{"hej"}, 0, false, 0, 0, false},
		designer.TypeDate:     {[]string{"2026-01-02"}, 0, false, 0, 0, false},
		designer.TypeTime:     {[]string{"07:30"}, 0, false, 0, 0, false},
		designer.TypeDuration: {[]string{"90"}, 90, true, 0, 0, false},
	}
	synth.EachQuestionType(t, tests, "decide how Value and Range count it, and add a case here", func(t *testing.T, q *designer.Question, tt testCase) {
		if v, ok := Value(q, tt.answer); v != tt.value || ok != tt.valueOK {
			t.Errorf("Value(%q) = %v, %v; want %v, %v", tt.answer, v, ok, tt.value, tt.valueOK)
		}
		if lo, hi, ok := Range(q); lo != tt.lo || hi != tt.hi || ok != tt.rangeOK {
			t.Errorf("Range = %v, %v, %v; want %v, %v, %v", lo, hi, ok, tt.lo, tt.hi, tt.rangeOK)
		}
	})
}
