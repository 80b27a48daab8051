package view

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/designer/synth"
	"github.com/stegvis/stegvis/themes"
)

// TestEveryQuestionType renders a question of each type to be filled in,
// with the fields of its type under the names designer/formdata decodes,
// and to be read, with its answer in words, so that a new type is shown on
// purpose.
func TestEveryQuestionType(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tr := themes.Lookup("sv").T
	type testCase struct {
		answer []string
		fields []string // in the form's HTML
		words  string   // QuestionView.Answer
	}
	tests := map[string]testCase{
		designer.TypeSingle:   {[]string{"1"}, []string{`type="radio" name="q.q-single"`, `value="1" data-points="1" checked`}, "Ja"},
		designer.TypeMultiple: {[]string{"1", "2"}, []string{`type="checkbox" name="q.q-multiple"`, `value="2" data-points="2" checked`}, "Ett, Två"},
		designer.TypeScale:    {[]string{"3"}, []string{`class="scale layout-row"`, `name="q.q-scale" id="f-q-scale-3" value="3" data-points="3" checked`}, "3"},
		designer.TypeText:     {[]string{"Det gick bra."}, []string{`<input type="text" name="q.q-text"`, `value="Det gick bra."`}, "Det gick bra."},
		designer.TypeNumber:   {[]string{"2.5"}, []string{`inputmode="decimal"`, `name="q.q-number"`, `value="2.5"`, `<span class="unit">min</span>`}, "2.5 min"},
		designer.TypeDate:     {[]string{"2026-01-02"}, []string{`type="date" name="q.q-date"`, `value="2026-01-02"`}, "2026-01-02"},
		designer.TypeTime:     {[]string{"07:30"}, []string{`type="time" name="q.q-time"`, `value="07:30"`}, "07:30"},
		designer.TypeDuration: {[]string{"90"}, []string{`name="q.q-duration.h" id="f-q-duration-h" value="1"`, `name="q.q-duration.m" id="f-q-duration-m" value="30"`}, "1 h 30 min"},
	}
	synth.EachQuestionType(t, tests, "show it in form.go and templates/partials/form.html, and add a case here", func(t *testing.T, q *designer.Question, tt testCase) {
		f := &designer.Form{ID: "f", Title: "F", Questions: []*designer.Question{q}}
		a := formdata.Answers{q.ID: tt.answer}
		var b bytes.Buffer
		if err := tpl.RenderPartial(&b, "sv", "form", NewForm(f, a, nil, tr)); err != nil {
			t.Fatal(err)
		}
		for _, want := range tt.fields {
			if !strings.Contains(b.String(), want) {
				t.Errorf("the form lacks %s:\n%s", want, b.String())
			}
		}
		if got := Answers(f, a, tr).Questions[0].Answer; got != tt.words {
			t.Errorf("the answer reads %q, want %q", got, tt.words)
		}
	})
}
