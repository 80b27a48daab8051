package scoring

import (
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func num(f float64) *float64 { return &f }

func testForm() *designer.Form {
	opts := func() []*designer.Option {
		return []*designer.Option{{Value: "0", Label: "Inte alls"}, {Value: "1", Label: "Några dagar"}, {Value: "2", Label: "Mer än hälften"}, {Value: "3", Label: "Nästan varje dag"}}
	}
	return &designer.Form{
		ID: "f",
		Questions: []*designer.Question{
			{ID: "q1", Type: designer.TypeSingle, Options: opts()},
			{ID: "q2", Type: designer.TypeSingle, Options: opts()},
			{ID: "q3", Type: designer.TypeScale, Scale: &designer.Scale{Min: 1, Max: 5}},
			{ID: "q4", Type: designer.TypeMultiple, Options: []*designer.Option{{Value: "a", Score: num(2)}, {Value: "b", Score: num(3)}}},
			{ID: "note", Type: designer.TypeText},
		},
		Scores: []*designer.Score{
			{ID: "sum", Items: []string{"q1", "q2"}, Bands: []*designer.Band{{Min: 0, Max: 2, Label: "Låg"}, {Min: 3, Max: 6, Label: "Hög"}}},
			{ID: "rev", Items: []string{"q3"}, Reversed: []string{"q3"}},
			{ID: "all"},
			{ID: "mean", Items: []string{"q1", "q2"}, Method: "mean", Bands: []*designer.Band{{Min: 0, Max: 1, Label: "Låg"}, {Min: 2, Max: 3, Label: "Hög"}}},
		},
	}
}

func TestCompute(t *testing.T) {
	f := testForm()
	tests := []struct {
		name    string
		answers Answers
		score   string
		want    float64
		band    string
	}{
		{"sum low edge", Answers{"q1": {"0"}, "q2": {"0"}}, "sum", 0, "Låg"},
		{"sum band edge", Answers{"q1": {"1"}, "q2": {"1"}}, "sum", 2, "Låg"},
		{"sum next band", Answers{"q1": {"2"}, "q2": {"1"}}, "sum", 3, "Hög"},
		{"reversed scale", Answers{"q3": {"5"}}, "rev", 1, ""},
		{"reversed scale low", Answers{"q3": {"2"}}, "rev", 4, ""},
		{"all scorable incl. multiple", Answers{"q1": {"1"}, "q3": {"3"}, "q4": {"a", "b"}, "note": {"hej"}}, "all", 9, ""},
		{"mean in a gap goes to the lower band", Answers{"q1": {"1"}, "q2": {"2"}}, "mean", 1.5, "Låg"},
		{"unanswered counts nothing", Answers{}, "sum", 0, "Låg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := f.Score(tt.score)
			r := ComputeOne(f, s, tt.answers)
			if r.Value != tt.want || r.BandLabel() != tt.band {
				t.Errorf("got %v %q, want %v %q", r.Value, r.BandLabel(), tt.want, tt.band)
			}
		})
	}
}

func TestHolds(t *testing.T) {
	f := testForm()
	tests := []struct {
		name string
		c    designer.Condition
		a    Answers
		want bool
	}{
		{"above holds", designer.Condition{Question: "q2", Above: num(0)}, Answers{"q2": {"1"}}, true},
		{"above fails", designer.Condition{Question: "q2", Above: num(0)}, Answers{"q2": {"0"}}, false},
		{"unanswered never holds", designer.Condition{Question: "q2", Above: num(0)}, Answers{}, false},
		{"equals", designer.Condition{Question: "q4", Equals: "b"}, Answers{"q4": {"a", "b"}}, true},
		{"any_of", designer.Condition{Question: "q1", AnyOf: []string{"2", "3"}}, Answers{"q1": {"1"}}, false},
		{"score at least", designer.Condition{Score: "sum", AtLeast: num(3)}, Answers{"q1": {"3"}}, true},
		{"answered", designer.Condition{Question: "note"}, Answers{"note": {"x"}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Holds(f, &tt.c, tt.a); got != tt.want {
				t.Errorf("Holds = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRunTests(t *testing.T) {
	f := testForm()
	f.Tests = []*designer.ScoreTest{
		{Name: "right", Answers: map[string][]string{"q1": {"1"}, "q2": {"1"}}, Expect: map[string]*designer.Expect{"sum": {Score: num(2), Band: "Låg"}}},
		{Name: "wrong", Answers: map[string][]string{"q1": {"3"}}, Expect: map[string]*designer.Expect{"sum": {Score: num(2), Band: "Låg"}}},
	}
	fails := RunTests(f)
	if len(fails) != 2 {
		t.Fatalf("got %d failures, want 2 (score and band of \"wrong\"): %+v", len(fails), fails)
	}
	msg0 := designer.English(fails[0].Key, fails[0].Args...)
	msg1 := designer.English(fails[1].Key, fails[1].Args...)
	if !strings.Contains(msg0, `score sum is 3, expected 2`) || !strings.Contains(msg1, `band "Hög", expected "Låg"`) {
		t.Errorf("messages: %q, %q", msg0, msg1)
	}
}
