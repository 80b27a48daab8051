package pdf

import (
	"slices"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/synth"
)

// TestEveryQuestionType prints a question of each type blank, with the
// hint and the room to answer of its type; filled, with its answer in
// words; and in the legend of an activity plan's sheet, with how to
// answer it, so that a new type is printed on purpose.
func TestEveryQuestionType(t *testing.T) {
	needTools(t, "pdftotext")
	type testCase struct {
		blank  string // the hint printed blank; "" for none
		answer []string
		filled string
		legend string // in the plan's legend, after the hint
	}
	tests := map[string]testCase{
		designer.TypeSingle:   {"Välj ett alternativ.", []string{"1"}, "Ja", "Nej / Ja"},
		designer.TypeMultiple: {"Välj ett eller flera alternativ.", []string{"1", "2"}, "Två", "Ett / Två"},
		designer.TypeScale:    {"Välj en siffra från 0 till 4.", []string{"3"}, "3 (på en skala från 0 till 4)", "0 = Aldrig, 4 = Alltid"},
		designer.TypeNumber:   {"Ett tal från 0 till 600.", []string{"2.5"}, "2,5 min", "min"},
		designer.TypeText:     {"", []string{"Det gick bra."}, "Det gick bra.", ""},
		designer.TypeDate:     {"ÅÅÅÅ-MM-DD", []string{"2026-01-02"}, "2026-01-02", "ÅÅÅÅ-MM-DD"},
		designer.TypeTime:     {"TT:MM", []string{"07:30"}, "07:30", "TT:MM"},
		designer.TypeDuration: {"Ange timmar och minuter.", []string{"90"}, "1 tim 30 min", "Ange timmar och minuter."},
	}
	p := sampleProgram()
	r := New()
	synth.EachQuestionType(t, tests, "print it in form.go (kindHint, field, answerText), and add a case here", func(t *testing.T, q *designer.Question, tt testCase) {
		f := &designer.Form{ID: "f", Title: "Formulär", Questions: []*designer.Question{q}}
		blank, err := r.Form(p, f)
		if err != nil {
			t.Fatal(err)
		}
		if got := pdfText(t, blank, false); !strings.Contains(got, q.Text) || !strings.Contains(got, tt.blank) {
			t.Errorf("blank, the text lacks %q or %q:\n%s", q.Text, tt.blank, got)
		}
		filled, err := r.FilledForm(p, f, FilledAnswers{Answers: map[string][]string{q.ID: tt.answer}})
		if err != nil {
			t.Fatal(err)
		}
		if got := pdfText(t, filled, false); !strings.Contains(got, tt.filled) {
			t.Errorf("filled with %q, the text lacks %q:\n%s", tt.answer, tt.filled, got)
		}
		pp := *p
		pp.Forms = append(slices.Clone(p.Forms), f)
		plan := &designer.ActivityPlan{ID: "plan", Title: "Planen", Form: f.ID,
			Occasions: []designer.Occasion{{Weekday: "mon", Time: "07:30"}}, EveryWeeks: 1}
		sheet, err := r.PlanSheet(&pp, plan)
		if err != nil {
			t.Fatal(err)
		}
		if got := pdfText(t, sheet, false); !strings.Contains(got, q.Text) || !strings.Contains(got, tt.legend) {
			t.Errorf("the plan's legend lacks %q or %q:\n%s", q.Text, tt.legend, got)
		}
	})
}
