package view

import (
	"encoding/json"
	"html/template"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
)

// Translate is a catalogue lookup: themes.Catalog.T.
type Translate func(key string, args ...any) string

// FormView is a form to fill in, or submitted answers to read.
type FormView struct {
	ID      string
	Version string
	Title   string
	Intro   template.HTML
	// Action is where the form posts; DraftAction saves a draft.
	Action      string
	DraftAction string
	CSRF        string
	Questions   []*QuestionView
	// Errors is the number of questions with an error.
	Errors int
	// DraftSaved says when a draft was last saved, formatted.
	DraftSaved string
	// Submitted lists earlier submissions of the form on this step.
	Submitted []Submitted
	ReadOnly  bool
	// PDF is the URL of the blank printable form, if offered.
	PDF string
}

// Submitted is an earlier submission of a form.
type Submitted struct {
	At  string
	PDF string
}

// QuestionView is one question, with what was answered and what is wrong.
type QuestionView struct {
	ID   string
	Num  int
	Type string
	Text string
	Help string
	// Required marks the question as one that must be answered.
	Required bool
	// Name is the field name; HoursName and MinutesName those of a duration.
	Name        string
	HoursName   string
	MinutesName string
	Options     []OptionView
	// Layout is how the options are laid out: designer.LayoutRow or
	// designer.LayoutColumn.
	Layout string
	// Scale lists the values of a scale question as options.
	Scale    []OptionView
	MinLabel string
	MaxLabel string
	Unit     string
	Min      string
	Max      string
	// Step is the number input's step: "any" unless both bounds are whole.
	Multiline bool
	Value     string
	Hours     string
	Minutes   string
	// Error is the translated problem with the answer.
	Error string
	// Visible is false when the question's condition does not hold for
	// the answers so far. Without JavaScript every question is shown with
	// Condition; the script hides the ones not visible.
	Visible bool
	// Condition says in words when the question applies.
	Condition string
	// ShowIf is the condition as JSON, for the script.
	ShowIf string
	// Answer is the answer in words, for reading.
	Answer string
	// Answered is set when there is an answer.
	Answered bool
}

// OptionView is one option of a choice or scale question.
type OptionView struct {
	Value  string
	Label  string
	Points string
	// Checked marks the chosen option.
	Checked bool
}

// NewForm fills a FormView for filling in f with answers a and the errors
// errs (both may be nil). Actions, CSRF and links are for the caller.
func NewForm(f *designer.Form, a formdata.Answers, errs formdata.Errors, t Translate) *FormView {
	fv := &FormView{ID: f.ID, Version: f.Version, Title: f.Title, Intro: HTML(f.Intro)}
	vis := formdata.Visible(f, a)
	for i, q := range f.Questions {
		qv := newQuestion(f, q, i+1, a[q.ID], t)
		qv.Visible = vis[q.ID]
		if m, ok := errs[q.ID]; ok {
			qv.Error = t(m.Key, m.Args...)
			fv.Errors++
		}
		fv.Questions = append(fv.Questions, qv)
	}
	return fv
}

func newQuestion(f *designer.Form, q *designer.Question, num int, vals []string, t Translate) *QuestionView {
	qv := &QuestionView{
		ID: q.ID, Num: num, Type: q.Type, Text: q.Text, Help: q.Help, Required: q.Required,
		Name:      formdata.FieldName(q.ID),
		Unit:      q.Unit,
		Multiline: q.Multiline,
		Answered:  len(vals) > 0,
		Layout:    q.OptionLayout(),
	}
	if len(vals) > 0 {
		qv.Value = vals[0]
	}
	for _, o := range q.Options {
		ov := OptionView{Value: o.Value, Label: o.Label, Checked: contains(vals, o.Value)}
		if p, ok := o.Points(); ok {
			ov.Points = formdata.FormatNumber(p)
		}
		qv.Options = append(qv.Options, ov)
	}
	switch q.Type {
	case designer.TypeScale:
		lo, hi := 0, 10
		if q.Scale != nil {
			lo, hi = q.Scale.Min, q.Scale.Max
			qv.MinLabel, qv.MaxLabel = q.Scale.MinLabel, q.Scale.MaxLabel
		}
		for n := lo; n <= hi && n-lo < 101; n++ {
			s := strconv.Itoa(n)
			qv.Scale = append(qv.Scale, OptionView{Value: s, Label: s, Points: s, Checked: qv.Value == s})
		}
	case designer.TypeNumber:
		if q.Min != nil {
			qv.Min = formdata.FormatNumber(*q.Min)
		}
		if q.Max != nil {
			qv.Max = formdata.FormatNumber(*q.Max)
		}
	case designer.TypeDuration:
		qv.HoursName, qv.MinutesName = formdata.HoursField(q.ID), formdata.MinutesField(q.ID)
		if qv.Value != "" {
			qv.Hours, qv.Minutes = formdata.SplitDuration(qv.Value)
		}
	}
	if q.ShowIf != nil && q.ShowIf.Question != "" {
		var parts []string
		for _, m := range formdata.Describe(f, q.ShowIf) {
			parts = append(parts, t(m.Key, m.Args...))
		}
		qv.Condition = strings.Join(parts, " "+t("form.cond.and")+" ")
		if b, err := json.Marshal(q.ShowIf); err == nil {
			qv.ShowIf = string(b)
		}
	}
	qv.Answer = answerText(q, vals, t)
	return qv
}

// Answers fills a FormView to read submitted answers: every question with
// its answer in words and, for choice questions, every option that was
// offered with the chosen ones checked. f must be the version of the form
// the answers were given on.
func Answers(f *designer.Form, a formdata.Answers, t Translate) *FormView {
	fv := NewForm(f, a, nil, t)
	fv.ReadOnly = true
	return fv
}

func answerText(q *designer.Question, vals []string, t Translate) string {
	if len(vals) == 0 {
		return ""
	}
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		var ls []string
		for _, v := range vals {
			l := v
			for _, o := range q.Options {
				if o.Value == v {
					l = o.Label
				}
			}
			ls = append(ls, l)
		}
		return strings.Join(ls, ", ")
	case designer.TypeDuration:
		h, m := formdata.SplitDuration(vals[0])
		return t("form.duration.value", h, m)
	case designer.TypeNumber:
		if q.Unit != "" {
			return vals[0] + " " + q.Unit
		}
	}
	return vals[0]
}

func contains(vals []string, v string) bool {
	for _, x := range vals {
		if x == v {
			return true
		}
	}
	return false
}
