package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// formWith is a form of one question (and a yes/no question before it, for
// conditions to refer to).
func formWith(q *designer.Question) *designer.Form {
	return &designer.Form{ID: "f", Title: "Formulär", Questions: []*designer.Question{
		{ID: "fore", Type: designer.TypeSingle, Text: "Första frågan",
			Options: []*designer.Option{{Value: "1", Label: "Ja"}, {Value: "0", Label: "Nej"}}},
		q,
	}, Scores: []*designer.Score{{ID: "total", Title: "Totalpoäng"}}}
}

func TestQuestions(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	r := New()
	opts := []*designer.Option{{Value: "a", Label: "Alltid"}, {Value: "b", Label: "Ibland"}, {Value: "c", Label: "Aldrig"}}
	var many []*designer.Option
	for i := range 50 {
		many = append(many, &designer.Option{Value: fmt.Sprint(i + 1), Label: fmt.Sprintf("Val nummer %d", i+1)})
	}
	tests := []struct {
		name   string
		q      designer.Question
		want   []string // in this order, in the text laid out
		absent []string
	}{
		{"single", designer.Question{Type: designer.TypeSingle, Text: "Hur ofta?", Options: opts},
			[]string{"2.", "Hur ofta?", "Välj ett alternativ.", "Alltid", "Ibland", "Aldrig"}, []string{"*"}},
		{"multiple", designer.Question{Type: designer.TypeMultiple, Text: "Vilka?", Options: opts},
			[]string{"Vilka?", "Välj ett eller flera alternativ.", "Alltid", "Aldrig"}, nil},
		{"longer than a page", designer.Question{Type: designer.TypeSingle, Text: "Välj kommun", Options: many},
			[]string{"Välj kommun", "Val nummer 1\n", "sida 1 av 2", "Val nummer 50\n", "sida 2 av 2"}, nil},
		{"required", designer.Question{Type: designer.TypeText, Text: "Namn på läkemedel", Required: true},
			[]string{"Frågor märkta med * ska besvaras.", "Namn på läkemedel *"}, nil},
		{"text", designer.Question{Type: designer.TypeText, Text: "Beskriv", Help: "Med egna ord."},
			[]string{"Beskriv", "Med egna ord."}, []string{"Frågor märkta"}},
		{"scale", designer.Question{Type: designer.TypeScale, Text: "Hur mår du?",
			Scale: &designer.Scale{Min: 0, Max: 10, MinLabel: "Inte alls", MaxLabel: "Mycket"}},
			[]string{"Välj en siffra från 0 till 10.", "0", "1", "5", "9", "10", "Inte alls", "Mycket"}, nil},
		{"wide scale", designer.Question{Type: designer.TypeScale, Text: "Procent", Scale: &designer.Scale{Min: 0, Max: 100}},
			[]string{"Välj en siffra från 0 till 100.", "Svar:"}, nil},
		{"number", designer.Question{Type: designer.TypeNumber, Text: "Vikt", Unit: "kg", Min: ptr(20), Max: ptr(250.5)},
			[]string{"Vikt", "Ett tal från 20 till 250,5.", "Svar:", "kg"}, nil},
		{"number min", designer.Question{Type: designer.TypeNumber, Text: "Antal", Min: ptr(0)},
			[]string{"Ett tal, minst 0."}, nil},
		{"date", designer.Question{Type: designer.TypeDate, Text: "När?"},
			[]string{"När?", "Svar:", "ÅÅÅÅ-MM-DD"}, nil},
		{"time", designer.Question{Type: designer.TypeTime, Text: "Klockan?"},
			[]string{"Klockan?", "Svar:", "TT:MM"}, nil},
		{"duration", designer.Question{Type: designer.TypeDuration, Text: "Hur länge?"},
			[]string{"Hur länge?", "Ange timmar och minuter.", "tim", "min"}, nil},
		{"show_if equals", designer.Question{Type: designer.TypeText, Text: "Varför?",
			ShowIf: &designer.Condition{Question: "fore", Equals: "1"}},
			[]string{"Varför?", "Besvara om svaret på fråga 1 är ”Ja”."}, nil},
		{"show_if any_of", designer.Question{Type: designer.TypeText, Text: "Varför?",
			ShowIf: &designer.Condition{Question: "fore", AnyOf: []string{"1", "0"}}},
			[]string{"Besvara om svaret på fråga 1 är ”Ja” eller ”Nej”."}, nil},
		{"show_if range", designer.Question{Type: designer.TypeText, Text: "Varför?",
			ShowIf: &designer.Condition{Question: "fore", AtLeast: ptr(1), Below: ptr(2.5)}},
			[]string{"Besvara om svaret på fråga 1 är minst 1 och svaret på fråga 1 är mindre än 2,5."}, nil},
		{"show_if score", designer.Question{Type: designer.TypeText, Text: "Varför?",
			ShowIf: &designer.Condition{Score: "total", Above: ptr(9)}},
			[]string{"Besvara om poängen för ”Totalpoäng” är mer än 9."}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.ID = "q"
			b, err := r.Form(p, formWith(&q))
			if err != nil {
				t.Fatal(err)
			}
			// Laid out, the text reads line by line from the top.
			text := pdfText(t, b, true)
			body := text[strings.Index(text, "Första frågan"):]
			containsInOrder(t, text, tc.want)
			for _, s := range tc.absent {
				if strings.Contains(body, s) {
					t.Errorf("text has %q:\n%s", s, text)
				}
			}
		})
	}
}

func TestFilledQuestions(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	r := New()
	opts := []*designer.Option{{Value: "a", Label: "Alltid"}, {Value: "b", Label: "Ibland"}, {Value: "c", Label: "Aldrig"}}
	tests := []struct {
		name   string
		q      designer.Question
		vals   []string
		want   []string
		absent []string
	}{
		{"single", designer.Question{Type: designer.TypeSingle, Text: "Hur ofta?", Options: opts}, []string{"b"},
			[]string{"Hur ofta?", "Ibland"}, []string{"Alltid", "Välj ett"}},
		{"multiple", designer.Question{Type: designer.TypeMultiple, Text: "Vilka?", Options: opts}, []string{"a", "c"},
			[]string{"Alltid", "Aldrig"}, []string{"Ibland"}},
		{"scale", designer.Question{Type: designer.TypeScale, Text: "Mående", Scale: &designer.Scale{Min: 0, Max: 4}}, []string{"3"},
			[]string{"3 (på en skala från 0 till 4)"}, nil},
		{"number", designer.Question{Type: designer.TypeNumber, Text: "Vikt", Unit: "kg"}, []string{"72.5"},
			[]string{"72,5 kg"}, []string{"Svar:"}},
		{"duration", designer.Question{Type: designer.TypeDuration, Text: "Sömn"}, []string{"455"},
			[]string{"7 tim 35 min"}, nil},
		{"text", designer.Question{Type: designer.TypeText, Text: "Tankar", Multiline: true}, []string{"Första raden\nAndra raden"},
			[]string{"Första raden", "Andra raden"}, nil},
		{"unanswered", designer.Question{Type: designer.TypeDate, Text: "Datum"}, nil,
			[]string{"Datum", "(inget svar)"}, nil},
		{"hidden by condition", designer.Question{Type: designer.TypeText, Text: "Dold fråga",
			ShowIf: &designer.Condition{Question: "fore", Equals: "1"}}, nil,
			nil, []string{"Dold fråga"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.ID = "q"
			a := FilledAnswers{Answers: map[string][]string{"fore": {"0"}}}
			if tc.vals != nil {
				a.Answers["q"] = tc.vals
			}
			b, err := r.FilledForm(p, formWith(&q), a)
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b, false)
			body := text[strings.Index(text, "Första frågan"):]
			containsInOrder(t, body, tc.want)
			for _, s := range tc.absent {
				if strings.Contains(body, s) {
					t.Errorf("text has %q:\n%s", s, body)
				}
			}
		})
	}
}

func TestFilledScores(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	f := p.Forms[0]
	a := FilledAnswers{Scores: []ScoreResult{{ID: "somnkvalitet", Value: 4}, {ID: "okand", Value: 2.3333, Band: "Given"}}}
	b, err := New().FilledForm(p, f, a)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b, true)
	for _, want := range []string{"Resultat", "Sömnkvalitet", "4", "God", "okand", "2,33", "Given"} {
		if !strings.Contains(text, want) {
			t.Errorf("scores lack %q:\n%s", want, text)
		}
	}
}

func TestPlanSheetColumns(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	walk := p.Forms[1]
	walk.Questions = append(walk.Questions, &designer.Question{ID: "kansla", Type: designer.TypeScale, Text: "Hur kändes det?",
		Scale: &designer.Scale{Min: 1, Max: 5, MinLabel: "Tungt", MaxLabel: "Lätt"}})
	plan := *p.ActivityPlans[0]
	plan.Comments = false
	plan.Occasions = nil
	plan.Times = map[string]string{"sun": "18:00", "tue": "08:15"}
	b, err := New().PlanSheet(p, &plan)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, b, true)
	containsInOrder(t, text, []string{"Dag", "Tid", "Hur länge gick du?", "Hur kändes det?", "tisdag", "08:15", "söndag", "18:00",
		"1 = Tungt, 5 = Lätt"})
	if strings.Contains(text, "Kommentar") || strings.Contains(text, "Värde") {
		t.Errorf("unexpected column:\n%s", text)
	}
}

// containsInOrder checks that each of want occurs in text after the one
// before it.
func containsInOrder(t *testing.T, text string, want []string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("after the text before it, %q is missing:\n%s", w, text)
			return
		}
		rest = rest[i+len(w):]
	}
}

// TestBundleHTML prints intros and transcripts that a bundle holds as HTML.
func TestBundleHTML(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	f := *p.Forms[1]
	f.Intro = "<p>Hej <strong>där</strong> &amp; välkommen *inte kursiv*</p>\n<ul>\n<li>Ett</li>\n<li>Två</li>\n</ul>"
	b, err := New().FilledForm(p, &f, FilledAnswers{})
	if err != nil {
		t.Fatal(err)
	}
	containsInOrder(t, pdfText(t, b, false), []string{"Hej där & välkommen *inte kursiv*", "• Ett", "• Två", "(inget svar)"})
}

// TestOptionRow prints a rating's options side by side, as the web form
// shows them, and a question with a column layout one under the other.
func TestOptionRow(t *testing.T) {
	needTools(t, "pdftotext")
	p := sampleProgram()
	var rating []*designer.Option
	for i, l := range []string{"Inte alls", "Lite", "Måttligt", "Mycket", "Väldigt mycket"} {
		rating = append(rating, &designer.Option{Value: fmt.Sprint(i), Label: l})
	}
	tests := []struct {
		name   string
		layout string
		oneRow bool
	}{
		{"a rating is a row", "", true},
		{"a column asked for", designer.LayoutColumn, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := designer.Question{ID: "q", Type: designer.TypeSingle, Text: "Hur svårt?", Options: rating, Layout: tc.layout}
			b, err := New().Form(p, formWith(&q))
			if err != nil {
				t.Fatal(err)
			}
			text := pdfText(t, b, true)
			var line string
			for _, l := range strings.Split(text, "\n") {
				if strings.Contains(l, "Inte alls") {
					line = l
				}
			}
			if got := strings.Contains(line, "Väldigt") && strings.Contains(line, "Måttligt"); got != tc.oneRow {
				t.Errorf("options on one line = %v, want %v:\n%s", got, tc.oneRow, text)
			}
		})
	}
}
