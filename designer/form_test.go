package designer_test

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/synth"
)

// TestScorableEveryType says for every question type whether a score can
// add up its answers, so that a new type is placed on purpose.
func TestScorableEveryType(t *testing.T) {
	want := map[string]bool{
		designer.TypeSingle: true, designer.TypeMultiple: true, designer.TypeScale: true,
		designer.TypeNumber: true, designer.TypeDuration: true,
		designer.TypeText: false, designer.TypeDate: false, designer.TypeTime: false,
	}
	synth.EachQuestionType(t, want, "say here whether Question.Scorable is true for it", func(t *testing.T, q *designer.Question, w bool) {
		if got := q.Scorable(); got != w {
			t.Errorf("Scorable() = %v, want %v", got, w)
		}
	})
}
