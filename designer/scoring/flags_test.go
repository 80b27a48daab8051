package scoring

import (
	"slices"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestFlagsOnSubmit(t *testing.T) {
	f := testForm()
	flags := []*designer.Flag{
		{ID: "every", On: designer.TriggerFormSubmitted, Form: "f"},
		{ID: "q1-high", On: designer.TriggerFormAnswer, Form: "f", When: &designer.Condition{Question: "q1", AtLeast: num(2)}},
		{ID: "sum-high", On: designer.TriggerFormAnswer, Form: "f", When: &designer.Condition{Score: "sum", AtLeast: num(3)}},
		{ID: "no-when", On: designer.TriggerFormAnswer, Form: "f"},
		{ID: "other-form", On: designer.TriggerFormSubmitted, Form: "g"},
		{ID: "inactive", On: designer.TriggerInactivity, Days: 7},
	}
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"nothing holds", Answers{"q1": {"0"}, "q2": {"0"}}, []string{"every"}},
		{"an answer holds", Answers{"q1": {"2"}, "q2": {"0"}}, []string{"every", "q1-high"}},
		{"the score holds too", Answers{"q1": {"3"}, "q2": {"1"}}, []string{"every", "q1-high", "sum-high"}},
		{"unanswered", Answers{}, []string{"every"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fl := range FlagsOnSubmit(flags, f, tt.a) {
				got = append(got, fl.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestSubmitTriggers: FlagsOnSubmit raises a flag of every trigger in
// SubmitTriggers whose condition holds, and none of the other triggers, so
// a trigger listed there cannot be left out of its switch.
func TestSubmitTriggers(t *testing.T) {
	f := testForm()
	holds := &designer.Condition{Question: "q1", AtLeast: num(0)}
	for _, trigger := range designer.Triggers {
		t.Run(trigger, func(t *testing.T) {
			fl := &designer.Flag{ID: "x", On: trigger, Form: f.ID, When: holds}
			raised := len(FlagsOnSubmit([]*designer.Flag{fl}, f, Answers{"q1": {"1"}})) == 1
			if want := slices.Contains(SubmitTriggers, trigger); raised != want {
				t.Errorf("raised = %v, want %v (listed in SubmitTriggers: %v)", raised, want, want)
			}
		})
	}
	for _, trigger := range SubmitTriggers {
		if !slices.Contains(designer.Triggers, trigger) {
			t.Errorf("SubmitTriggers has %q, which designer.Triggers lacks", trigger)
		}
	}
}
