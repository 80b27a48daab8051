package check_test

import (
	"slices"
	"testing"
	"testing/fstest"

	"go.yaml.in/yaml/v3"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/synth"
)

// programYAML is a program that follows every rule; flags is put under
// "flags:", and the form f holds the questions.
const programYAML = `id: p
version: "1.0"
title: P
recommended_days: 30
features: [activities]
modules:
  - id: m
    start: current
activity_plans:
  - id: plan
    title: Plan
    form: f
    times: {mon: "07:30"}
flags:
`

// build compiles the program with the given flags (YAML list items) and
// questions, and returns the keys of its errors.
func build(t *testing.T, flags string, questions ...*designer.Question) []string {
	t.Helper()
	qs, err := yaml.Marshal(map[string]any{"title": "F", "questions": questions})
	if err != nil {
		t.Fatal(err)
	}
	if flags == "" {
		flags = "  []\n"
	}
	fsys := fstest.MapFS{
		"program.yaml":                   {Data: []byte(programYAML + flags)},
		"modules/01-m/module.yaml":       {Data: []byte("title: M\nduration_days: 14\n")},
		"modules/01-m/01-s/section.yaml": {Data: []byte("title: S\n")},
		"modules/01-m/01-s/01-a.md":      {Data: []byte("---\ntitle: A\nform: f\n---\nSvara.\n")},
		"forms/f.yaml":                   {Data: qs},
	}
	res, err := compiler.New(fsys, "p", compiler.Options{}).Build()
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range res.Diagnostics {
		if d.Severity == designer.Error {
			keys = append(keys, d.Key)
		}
	}
	return keys
}

// TestEveryQuestionType decodes and checks a form with a question of each
// type: the example passes, and the rule that sets the type apart from
// the others catches the example broken.
func TestEveryQuestionType(t *testing.T) {
	lo, hi := 5.0, 1.0
	type testCase struct {
		breakIt func(q *designer.Question)
		want    string
	}
	broken := map[string]testCase{
		designer.TypeSingle:   {func(q *designer.Question) { q.Options = q.Options[:1] }, "designer.question.one_option"},
		designer.TypeMultiple: {func(q *designer.Question) { q.Options = nil }, "designer.question.no_options"},
		designer.TypeScale:    {func(q *designer.Question) { q.Scale = nil }, "designer.question.no_scale"},
		designer.TypeNumber:   {func(q *designer.Question) { q.Min, q.Max = &lo, &hi }, "designer.question.min_above_max"},
		designer.TypeText:     {func(q *designer.Question) { q.Unit = "kg" }, "designer.question.min_not_number"},
		designer.TypeDate:     {func(q *designer.Question) { q.Multiline = true }, "designer.question.multiline_not_text"},
		designer.TypeTime:     {func(q *designer.Question) { q.Scale = &designer.Scale{Max: 3} }, "designer.question.scale_not_scale"},
		designer.TypeDuration: {func(q *designer.Question) { q.Options = []*designer.Option{{Value: "1", Label: "En"}} }, "designer.question.options_not_choice"},
	}
	synth.EachQuestionType(t, broken, "add the rule that sets it apart to designer/check, and a case here", func(t *testing.T, q *designer.Question, b testCase) {
		if errs := build(t, "", q); len(errs) != 0 {
			t.Fatalf("the example of %q fails: %v", q.Type, errs)
		}
		b.breakIt(q)
		if errs := build(t, "", q); !slices.Contains(errs, b.want) {
			t.Errorf("broken, the errors are %v, want %s", errs, b.want)
		}
	})
}

// TestEveryTrigger checks a flag on each trigger: with what the trigger
// needs it passes, and without it the check says so.
func TestEveryTrigger(t *testing.T) {
	tests := map[string]struct {
		ok, broken string // YAML of the flag after "on: …"
		want       string
	}{
		designer.TriggerStart:           {"", "days: 3", "designer.flag.takes_no_days"},
		designer.TriggerInactivity:      {"days: 7", "", "designer.flag.needs_days"},
		designer.TriggerModuleEnding:    {"days: 3", "", "designer.flag.needs_days"},
		designer.TriggerProgramEnding:   {"days: 3", "days: 30", "designer.flag.before_start"},
		designer.TriggerFormSubmitted:   {"form: f", "", "designer.flag.needs_form"},
		designer.TriggerFormAnswer:      {"form: f\n    when: {question: q-single, equals: \"1\"}", "form: f", "designer.flag.no_when"},
		designer.TriggerActivityMissed:  {"plan: plan", "plan: ingen", "designer.flag.unknown_plan"},
		designer.TriggerMessageReceived: {"", "days: 3", "designer.flag.takes_no_days"},
	}
	q, _ := synth.Question(designer.TypeSingle)
	flag := func(on, rest string) string {
		s := "  - id: fl\n    on: " + on + "\n    review: true\n"
		if rest != "" {
			s += "    " + rest + "\n"
		}
		return s
	}
	for _, on := range designer.Triggers {
		t.Run(on, func(t *testing.T) {
			tt, ok := tests[on]
			if !ok {
				t.Fatalf("trigger %q: add what it needs to designer/check, and a case here", on)
			}
			if errs := build(t, flag(on, tt.ok), q); len(errs) != 0 {
				t.Fatalf("a flag on %s with %q fails: %v", on, tt.ok, errs)
			}
			if errs := build(t, flag(on, tt.broken), q); !slices.Contains(errs, tt.want) {
				t.Errorf("a flag on %s with %q: the errors are %v, want %s", on, tt.broken, errs, tt.want)
			}
		})
	}
}
