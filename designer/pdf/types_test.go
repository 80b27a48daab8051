package pdf

import (
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/synth"
)

// TestEveryQuestionType prints a question of each type blank, with the
// hint and the room to answer of its type, and filled, with its answer in
// words, so that a new type is printed on purpose.
func TestEveryQuestionType(t *testing.T) {
	needTools(t, "pdftotext")
	tests := map[string]struct {
		blank  string // the hint printed blank; "" for none
		answer []string
		filled string
	}{
		designer.TypeSingle:   {"Välj ett alternativ.", []string{"1"}, "Ja"},
		designer.TypeMultiple: {"Välj ett eller flera alternativ.", []string{"1", "2"}, "Två"},
		designer.TypeScale:    {"Välj en siffra från 0 till 4.", []string{"3"}, "3 (på en skala från 0 till 4)"},
		designer.TypeNumber:   {"Ett tal från 0 till 600.", []string{"2.5"}, "2,5 min"},
		designer.TypeText:     {"", []string{"Det gick bra."}, "Det gick bra."},
		designer.TypeDate:     {"ÅÅÅÅ-MM-DD", []string{"2026-01-02"}, "2026-01-02"},
		designer.TypeTime:     {"TT:MM", []string{"07:30"}, "07:30"},
		designer.TypeDuration: {"Ange timmar och minuter.", []string{"90"}, "1 tim 30 min"},
	}
	p := sampleProgram()
	r := New()
	for _, typ := range designer.QuestionTypes {
		t.Run(typ, func(t *testing.T) {
			q, ok := synth.Question(typ)
			if !ok {
				t.Fatalf("synth.Question has no example of %q: add one", typ)
			}
			tt, ok := tests[typ]
			if !ok {
				t.Fatalf("question type %q: print it in form.go (kindHint, field, answerText), and add a case here", typ)
			}
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
		})
	}
}
