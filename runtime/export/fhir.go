package export

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// The FHIR R4 subset stegvis writes. Field names and cardinalities follow
// the R4 StructureDefinitions; empty fields are left out, as FHIR JSON
// wants.

// Bundle is a FHIR R4 Bundle of type "collection".
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource of a Bundle.
type BundleEntry struct {
	FullURL  string `json:"fullUrl,omitempty"`
	Resource any    `json:"resource"`
}

// Questionnaire is a FHIR R4 Questionnaire: one version of a form.
type Questionnaire struct {
	ResourceType string              `json:"resourceType"`
	ID           string              `json:"id,omitempty"`
	URL          string              `json:"url,omitempty"`
	Version      string              `json:"version,omitempty"`
	Title        string              `json:"title,omitempty"`
	Status       string              `json:"status"`
	Item         []QuestionnaireItem `json:"item,omitempty"`
}

// QuestionnaireItem is a question of a Questionnaire.
type QuestionnaireItem struct {
	LinkID       string         `json:"linkId"`
	Text         string         `json:"text,omitempty"`
	Type         string         `json:"type"`
	Required     bool           `json:"required,omitempty"`
	Repeats      bool           `json:"repeats,omitempty"`
	AnswerOption []AnswerOption `json:"answerOption,omitempty"`
}

// AnswerOption is an option of a choice question.
type AnswerOption struct {
	ValueCoding *Coding `json:"valueCoding"`
}

// Coding is a code in a system.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// QuestionnaireResponse is a FHIR R4 QuestionnaireResponse: one
// submission of a form.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Status        string         `json:"status"`
	Subject       *Reference     `json:"subject,omitempty"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// Reference points at the citizen by personal identity number.
type Reference struct {
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Identifier is an identifier in a system.
type Identifier struct {
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// ResponseItem is the answer to one question.
type ResponseItem struct {
	LinkID string   `json:"linkId"`
	Text   string   `json:"text,omitempty"`
	Answer []Answer `json:"answer,omitempty"`
}

// Answer is one value of an answer; exactly one field is set.
type Answer struct {
	ValueCoding   *Coding   `json:"valueCoding,omitempty"`
	ValueString   *string   `json:"valueString,omitempty"`
	ValueInteger  *int64    `json:"valueInteger,omitempty"`
	ValueDecimal  *float64  `json:"valueDecimal,omitempty"`
	ValueDate     *string   `json:"valueDate,omitempty"`
	ValueTime     *string   `json:"valueTime,omitempty"`
	ValueQuantity *Quantity `json:"valueQuantity,omitempty"`
}

// Quantity is a measured amount, here a duration in minutes.
type Quantity struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit,omitempty"`
	System string  `json:"system,omitempty"`
	Code   string  `json:"code,omitempty"`
}

// PersonnummerSystem is the identifier system of Swedish personal
// identity numbers.
const PersonnummerSystem = "http://electronichealth.se/identifier/personnummer"

// FormURL is the canonical URL of a form; a Questionnaire's version is
// the form's.
func FormURL(form string) string { return "urn:stegvis:form:" + form }

// FHIR writes the enrolment's submissions as a Bundle: a Questionnaire
// for each version of a form that p, the enrolment's program, holds and
// a submission used, then a QuestionnaireResponse for each submission,
// oldest first. A submission of a form version p no longer holds is
// exported with its answers as strings.
func FHIR(w io.Writer, e *runtime.Enrolment, p *designer.Program, at time.Time) error {
	b := NewBundle(e, p, at)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(b); err != nil {
		return fmt.Errorf("export %s as fhir: %w", e.ID, err)
	}
	return nil
}

// NewBundle builds the Bundle FHIR writes.
func NewBundle(e *runtime.Enrolment, p *designer.Program, at time.Time) *Bundle {
	b := &Bundle{ResourceType: "Bundle", Type: "collection", Timestamp: at.UTC().Format(time.RFC3339)}
	used := map[string]*designer.Form{}
	for _, s := range e.Submissions {
		if f, ok := p.Form(s.Form); ok && f.Version == s.FormVersion {
			used[f.ID] = f
		}
	}
	for _, id := range slices.Sorted(maps.Keys(used)) {
		q := NewQuestionnaire(used[id])
		b.Entry = append(b.Entry, BundleEntry{FullURL: q.URL + "|" + q.Version, Resource: q})
	}
	for _, s := range e.Submissions {
		f, ok := p.Form(s.Form)
		if ok && f.Version != s.FormVersion {
			f = nil
		}
		r := NewResponse(e, s, f)
		b.Entry = append(b.Entry, BundleEntry{FullURL: "urn:stegvis:submission:" + r.ID, Resource: r})
	}
	return b
}

// NewQuestionnaire is a form as a Questionnaire.
func NewQuestionnaire(f *designer.Form) *Questionnaire {
	q := &Questionnaire{
		ResourceType: "Questionnaire", ID: fhirID(f.ID + "-" + f.Version), URL: FormURL(f.ID),
		Version: f.Version, Title: f.Title, Status: "active",
	}
	for _, qu := range f.Questions {
		it := QuestionnaireItem{LinkID: qu.ID, Text: qu.Text, Required: qu.Required}
		switch qu.Type {
		case designer.TypeSingle, designer.TypeMultiple:
			it.Type, it.Repeats = "choice", qu.Type == designer.TypeMultiple
			for _, o := range qu.Options {
				it.AnswerOption = append(it.AnswerOption, AnswerOption{ValueCoding: &Coding{System: optionSystem(f, qu), Code: o.Value, Display: o.Label}})
			}
		case designer.TypeScale:
			it.Type = "integer"
		case designer.TypeNumber:
			it.Type = "decimal"
		case designer.TypeDuration:
			it.Type = "quantity"
		case designer.TypeDate:
			it.Type = "date"
		case designer.TypeTime:
			it.Type = "time"
		case designer.TypeText:
			it.Type = "string"
			if qu.Multiline {
				it.Type = "text"
			}
		default:
			it.Type = "string"
		}
		q.Item = append(q.Item, it)
	}
	return q
}

// optionSystem is the code system of a choice question's options.
func optionSystem(f *designer.Form, q *designer.Question) string {
	return FormURL(f.ID) + ":" + q.ID
}

// NewResponse is a submission as a QuestionnaireResponse; f is its form
// at the submission's version, nil when the program no longer holds it.
func NewResponse(e *runtime.Enrolment, s *runtime.Submission, f *designer.Form) *QuestionnaireResponse {
	r := &QuestionnaireResponse{
		ResourceType: "QuestionnaireResponse", ID: fhirID(e.ID + "-" + s.ID),
		Questionnaire: FormURL(s.Form) + "|" + s.FormVersion, Status: "completed",
		Subject:  &Reference{Identifier: &Identifier{System: PersonnummerSystem, Value: e.Citizen}, Display: e.CitizenName},
		Authored: s.SubmittedAt.UTC().Format(time.RFC3339),
	}
	var order []string
	texts := map[string]*designer.Question{}
	if f != nil {
		for _, q := range f.Questions {
			order = append(order, q.ID)
			texts[q.ID] = q
		}
	}
	for _, id := range slices.Sorted(maps.Keys(s.Answers)) {
		if !slices.Contains(order, id) {
			order = append(order, id)
		}
	}
	for _, id := range order {
		vals := s.Answers[id]
		if len(vals) == 0 {
			continue
		}
		it := ResponseItem{LinkID: id}
		q := texts[id]
		if q != nil {
			it.Text = q.Text
		}
		for _, v := range vals {
			it.Answer = append(it.Answer, answer(f, q, v))
		}
		r.Item = append(r.Item, it)
	}
	return r
}

// answer is one stored answer value in the FHIR type of its question; a
// value that does not parse as its type is kept as a string.
func answer(f *designer.Form, q *designer.Question, v string) Answer {
	str := func() Answer { return Answer{ValueString: &v} }
	if q == nil {
		return str()
	}
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		c := &Coding{System: optionSystem(f, q), Code: v}
		for _, o := range q.Options {
			if o.Value == v {
				c.Display = o.Label
			}
		}
		return Answer{ValueCoding: c}
	case designer.TypeScale:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return Answer{ValueInteger: &n}
		}
	case designer.TypeNumber:
		if n, err := strconv.ParseFloat(strings.Replace(v, ",", ".", 1), 64); err == nil {
			return Answer{ValueDecimal: &n}
		}
	case designer.TypeDuration:
		if n, err := strconv.ParseFloat(v, 64); err == nil {
			return Answer{ValueQuantity: &Quantity{Value: n, Unit: "min", System: "http://unitsofmeasure.org", Code: "min"}}
		}
	case designer.TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err == nil {
			return Answer{ValueDate: &v}
		}
	case designer.TypeTime:
		if _, err := time.Parse("15:04", v); err == nil {
			t := v + ":00"
			return Answer{ValueTime: &t}
		}
	}
	return str()
}

// fhirID makes s a FHIR id: letters, digits, '-' and '.', at most 64.
func fhirID(s string) string {
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			b[i] = '-'
		}
	}
	if len(b) > 64 {
		b = b[:64]
	}
	return string(b)
}
