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
	for _, typ := range designer.QuestionTypes {
		t.Run(typ, func(t *testing.T) {
			q, ok := synth.Question(typ)
			if !ok {
				t.Fatalf("synth.Question has no example of %q: add one", typ)
			}
			w, ok := want[typ]
			if !ok {
				t.Fatalf("question type %q: say here whether Question.Scorable is true for it", typ)
			}
			if got := q.Scorable(); got != w {
				t.Errorf("Scorable() = %v, want %v", got, w)
			}
		})
	}
}
