package runtime

import (
	"testing"

	"github.com/stegvis/stegvis/designer"
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
