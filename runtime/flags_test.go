package runtime

import (
	"slices"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
)

func TestFlagsOnSubmit(t *testing.T) {
	zero, ten := 0.0, 10.0
	opts := []*designer.Option{{Value: "0", Label: "Inte alls"}, {Value: "3", Label: "Nästan varje dag"}}
	f := &designer.Form{ID: "phq-9", Questions: []*designer.Question{
		{ID: "q1", Type: designer.TypeSingle, Options: opts},
		{ID: "q9", Type: designer.TypeSingle, Options: opts},
	}, Scores: []*designer.Score{{ID: "summa"}}}
	p := &designer.Program{Flags: []*designer.Flag{
		{ID: "inskickad", On: designer.TriggerFormSubmitted, Form: "phq-9", Review: true},
		{ID: "fraga-9", On: designer.TriggerFormAnswer, Form: "phq-9", When: &designer.Condition{Question: "q9", Above: &zero}, Review: true, Urgent: true},
		{ID: "hog-summa", On: designer.TriggerFormAnswer, Form: "phq-9", When: &designer.Condition{Score: "summa", AtLeast: &ten}, Review: true},
		{ID: "annat-formular", On: designer.TriggerFormSubmitted, Form: "gad-7", Review: true},
		{ID: "paminnelse", On: designer.TriggerInactivity, Days: 7},
	}}
	tests := []struct {
		name    string
		answers map[string][]string
		want    []string
	}{
		{"every submission", map[string][]string{"q1": {"0"}, "q9": {"0"}}, []string{"inskickad"}},
		{"item 9 above 0 is urgent", map[string][]string{"q1": {"0"}, "q9": {"3"}}, []string{"inskickad", "fraga-9"}},
		{"unanswered item raises nothing", map[string][]string{"q1": {"3"}}, []string{"inskickad"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, fl := range FlagsOnSubmit(p, f, tt.answers) {
				got = append(got, fl.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}

// triggersNotOnSubmit are the flag triggers that a submission does not
// fire, with who raises them. A new trigger must be added either to
// scoring.SubmitTriggers (and to its switch) or here.
var triggersNotOnSubmit = map[string]string{
	designer.TriggerStart:           "the start of the enrolment (not yet raised)",
	designer.TriggerInactivity:      "the scheduler, from the due-time queue (not yet raised)",
	designer.TriggerModuleEnding:    "the scheduler, from the due-time queue (not yet raised)",
	designer.TriggerProgramEnding:   "the scheduler, from the due-time queue (not yet raised)",
	designer.TriggerActivityMissed:  "the scheduler, from the due-time queue (activity_jobs.go)",
	designer.TriggerMessageReceived: "SendMessage and Comment, on the citizen's messages",
}

// TestEveryTriggerHandled: Submit raises the review flags of every trigger
// a submission fires and of no other, and every trigger of the designer is
// one or the other.
func TestEveryTriggerHandled(t *testing.T) {
	zero := 0.0
	for _, trigger := range designer.Triggers {
		t.Run(trigger, func(t *testing.T) {
			onSubmit := slices.Contains(scoring.SubmitTriggers, trigger)
			if _, elsewhere := triggersNotOnSubmit[trigger]; onSubmit == elsewhere {
				t.Fatalf("trigger %q: on submit %v, listed as raised elsewhere %v: want exactly one", trigger, onSubmit, elsewhere)
			}
			p := testProgram()
			p.Flags = append(p.Flags, &designer.Flag{ID: "x", On: trigger, Form: "phq9", Days: 7,
				When: &designer.Condition{Question: "q1", AtLeast: &zero}, Review: true})
			e, err := Fold(logOf(t, started))
			if err != nil {
				t.Fatal(err)
			}
			f, _ := p.Form("phq9")
			cs, err := Submit(p, "intro", "phq", f, map[string][]string{"q1": {"1"}}, time.Now())(e)
			if err != nil {
				t.Fatal(err)
			}
			raised := slices.ContainsFunc(cs, func(c Change) bool {
				fr, ok := c.(*FlagRaised)
				return ok && fr.Flag == "x" && fr.Submission == "2"
			})
			if raised != onSubmit {
				t.Errorf("raised = %v, want %v", raised, onSubmit)
			}
		})
	}
}
