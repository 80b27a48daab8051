package formdata

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
)

// Answers maps a question id to its values. A question without an answer
// has no key.
type Answers map[string][]string

// Message is a text to show, as a catalogue key and the arguments of its
// format verbs.
type Message struct {
	Key  string
	Args []any
}

// Errors maps a question id to what is wrong with its answer.
type Errors map[string]Message

// Limits on what a citizen may type.
const (
	// MaxText is the longest text answer, in characters.
	MaxText = 10000
	// MaxDurationHours bounds the hours of a duration answer.
	MaxDurationHours = 999
)

// Error message keys, in the "web" catalogue.
const (
	ErrRequired = "form.error.required"
	ErrOption   = "form.error.option"
	ErrScale    = "form.error.scale"    // args: min, max
	ErrNumber   = "form.error.number"   // not a number
	ErrMin      = "form.error.min"      // args: min
	ErrMax      = "form.error.max"      // args: max
	ErrDate     = "form.error.date"     // not YYYY-MM-DD
	ErrTime     = "form.error.time"     // not HH:MM
	ErrDuration = "form.error.duration" // args: max hours
	ErrTooLong  = "form.error.too_long" // args: max characters
	ErrOneValue = "form.error.one_value"
)

// FieldName returns the name of the form field that carries question id.
func FieldName(id string) string { return "q." + id }

// HoursField and MinutesField return the field names of a duration question.
func HoursField(id string) string   { return "q." + id + ".h" }
func MinutesField(id string) string { return "q." + id + ".m" }

// Decode reads the answers to f's questions from a posted form. It keeps
// what was typed even when it is not valid, so that the page can show it
// again beside the error: a duration whose hours or minutes are not whole
// numbers is kept as "H:M". Empty fields give no answer; fields that name no
// question are ignored.
func Decode(f *designer.Form, v url.Values) Answers {
	a := make(Answers)
	for _, q := range f.Questions {
		var vals []string
		switch q.Type {
		case designer.TypeMultiple:
			for _, s := range v[FieldName(q.ID)] {
				s = strings.TrimSpace(s)
				if s != "" && !slices.Contains(vals, s) {
					vals = append(vals, s)
				}
			}
		case designer.TypeDuration:
			h := strings.TrimSpace(v.Get(HoursField(q.ID)))
			m := strings.TrimSpace(v.Get(MinutesField(q.ID)))
			if h == "" && m == "" {
				// A script may post the minutes in the main field.
				if s := strings.TrimSpace(v.Get(FieldName(q.ID))); s != "" {
					vals = []string{s}
				}
				break
			}
			vals = []string{durationValue(h, m)}
		case designer.TypeText:
			s := strings.ReplaceAll(v.Get(FieldName(q.ID)), "\r\n", "\n")
			if strings.TrimSpace(s) != "" {
				vals = []string{strings.TrimRight(s, " \t\n")}
			}
		case designer.TypeNumber:
			if s := strings.TrimSpace(v.Get(FieldName(q.ID))); s != "" {
				vals = []string{normalizeNumber(s)}
			}
		default:
			if s := strings.TrimSpace(v.Get(FieldName(q.ID))); s != "" {
				vals = []string{s}
			}
		}
		if len(vals) > 0 {
			a[q.ID] = vals
		}
	}
	return a
}

// durationValue returns whole minutes when h and m are whole numbers (either
// may be empty), and "h:m" as typed otherwise.
func durationValue(h, m string) string {
	hn, herr := atoiEmpty(h)
	mn, merr := atoiEmpty(m)
	if herr != nil || merr != nil || hn < 0 || mn < 0 || mn > 59 || hn > MaxDurationHours {
		return h + ":" + m
	}
	return strconv.Itoa(hn*60 + mn)
}

func atoiEmpty(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return strconv.Atoi(s)
}

// normalizeNumber accepts a Swedish decimal comma and spaces between
// thousands, and leaves anything else as typed.
func normalizeNumber(s string) string {
	t := strings.NewReplacer(",", ".", " ", "", "\u00a0", "").Replace(s)
	if _, err := strconv.ParseFloat(t, 64); err == nil {
		return t
	}
	return s
}

// SplitDuration returns the hours and minutes to show for a duration value:
// whole minutes are split, a value kept as typed ("H:M") is given back as it
// was.
func SplitDuration(v string) (hours, minutes string) {
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return strconv.Itoa(n / 60), strconv.Itoa(n % 60)
	}
	h, m, _ := strings.Cut(v, ":")
	return h, m
}

// Validate checks every visible question's answer and returns what is
// wrong, by question id. Hidden questions are not checked: their answers
// are dropped by Clean.
func Validate(f *designer.Form, a Answers) Errors {
	errs := make(Errors)
	vis := Visible(f, a)
	for _, q := range f.Questions {
		if !vis[q.ID] {
			continue
		}
		if m, bad := check(q, a[q.ID]); bad {
			errs[q.ID] = m
		}
	}
	return errs
}

// Check checks one answer against its question.
func Check(q *designer.Question, vals []string) (Message, bool) { return check(q, vals) }

func check(q *designer.Question, vals []string) (Message, bool) {
	if len(vals) == 0 {
		if q.Required {
			return Message{Key: ErrRequired}, true
		}
		return Message{}, false
	}
	if q.Type != designer.TypeMultiple && len(vals) > 1 {
		return Message{Key: ErrOneValue}, true
	}
	v := vals[0]
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		for _, v := range vals {
			if !hasOption(q, v) {
				return Message{Key: ErrOption}, true
			}
		}
	case designer.TypeScale:
		lo, hi := 0, 10
		if q.Scale != nil {
			lo, hi = q.Scale.Min, q.Scale.Max
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < lo || n > hi {
			return Message{Key: ErrScale, Args: []any{lo, hi}}, true
		}
	case designer.TypeText:
		if utf8.RuneCountInString(v) > MaxText {
			return Message{Key: ErrTooLong, Args: []any{MaxText}}, true
		}
	case designer.TypeNumber:
		n, err := strconv.ParseFloat(v, 64)
		if err != nil || n != n { // NaN
			return Message{Key: ErrNumber}, true
		}
		if q.Min != nil && n < *q.Min {
			return Message{Key: ErrMin, Args: []any{FormatNumber(*q.Min)}}, true
		}
		if q.Max != nil && n > *q.Max {
			return Message{Key: ErrMax, Args: []any{FormatNumber(*q.Max)}}, true
		}
	case designer.TypeDate:
		if _, err := time.Parse(time.DateOnly, v); err != nil || len(v) != 10 {
			return Message{Key: ErrDate}, true
		}
	case designer.TypeTime:
		if _, err := time.Parse("15:04", v); err != nil || len(v) != 5 {
			return Message{Key: ErrTime}, true
		}
	case designer.TypeDuration:
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > MaxDurationHours*60+59 {
			return Message{Key: ErrDuration, Args: []any{MaxDurationHours}}, true
		}
	}
	return Message{}, false
}

func hasOption(q *designer.Question, v string) bool {
	for _, o := range q.Options {
		if o.Value == v {
			return true
		}
	}
	return false
}

// FormatNumber writes n without a needless fraction: 3, 2.5.
func FormatNumber(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// Visible reports, for every question of f, whether it is shown given the
// answers. A question is shown when it has no condition or its condition
// holds; a condition on a hidden question never holds, so hiding chains.
// Conditions on scores hold: scores are only known once a form is
// submitted, and the compiler keeps them to flags.
func Visible(f *designer.Form, a Answers) map[string]bool {
	vis := make(map[string]bool, len(f.Questions))
	state := make(map[string]int) // 0 unknown, 1 visiting, 2 done
	var visit func(q *designer.Question) bool
	visit = func(q *designer.Question) bool {
		switch state[q.ID] {
		case 1:
			return false // a cycle: the compiler rejects it; hide rather than loop
		case 2:
			return vis[q.ID]
		}
		state[q.ID] = 1
		v := true
		if c := q.ShowIf; c != nil && c.Question != "" {
			dep, ok := f.Question(c.Question)
			v = ok && visit(dep) && Holds(c, dep, a[dep.ID])
		}
		vis[q.ID] = v
		state[q.ID] = 2
		return v
	}
	for _, q := range f.Questions {
		visit(q)
	}
	return vis
}

// Clean drops the answers to hidden questions, as a submit must: a citizen
// without JavaScript sees every question and may answer one that does not
// apply.
func Clean(f *designer.Form, a Answers) Answers {
	vis := Visible(f, a)
	out := make(Answers, len(a))
	for _, q := range f.Questions {
		if vals, ok := a[q.ID]; ok && vis[q.ID] {
			out[q.ID] = vals
		}
	}
	return out
}

// Holds reports whether condition c holds for the answer vals to question q.
// Every comparison that is set must hold; an unanswered question meets none.
func Holds(c *designer.Condition, q *designer.Question, vals []string) bool {
	return scoring.HoldsAnswer(c, q, vals)
}

func option(q *designer.Question, v string) *designer.Option {
	for _, o := range q.Options {
		if o.Value == v {
			return o
		}
	}
	return nil
}

// Condition message keys, for Describe.
const (
	CondEquals  = "form.cond.equals"   // args: question number, option label
	CondAnyOf   = "form.cond.any_of"   // args: question number, labels joined
	CondAbove   = "form.cond.above"    // args: question number, n
	CondAtLeast = "form.cond.at_least" // args: question number, n
	CondBelow   = "form.cond.below"    // args: question number, n
	CondAtMost  = "form.cond.at_most"  // args: question number, n
	CondAnswer  = "form.cond.answered" // args: question number
)

// Describe says in words when a question with condition c is shown, for
// pages read without JavaScript, where every question is on the page. Each
// comparison is one message; the caller joins them with "and". Questions are
// named by their 1-based number in the form.
func Describe(f *designer.Form, c *designer.Condition) []Message {
	if c == nil || c.Question == "" {
		return nil
	}
	num := 0
	var q *designer.Question
	for i, x := range f.Questions {
		if x.ID == c.Question {
			num, q = i+1, x
		}
	}
	if q == nil {
		return nil
	}
	label := func(v string) string {
		if o := option(q, v); o != nil {
			return o.Label
		}
		return v
	}
	var out []Message
	if c.Equals != "" {
		out = append(out, Message{CondEquals, []any{num, label(c.Equals)}})
	}
	if len(c.AnyOf) > 0 {
		ls := make([]string, len(c.AnyOf))
		for i, v := range c.AnyOf {
			ls[i] = "”" + label(v) + "”"
		}
		out = append(out, Message{CondAnyOf, []any{num, strings.Join(ls, ", ")}})
	}
	for _, cmp := range []struct {
		key string
		n   *float64
	}{{CondAbove, c.Above}, {CondAtLeast, c.AtLeast}, {CondBelow, c.Below}, {CondAtMost, c.AtMost}} {
		if cmp.n != nil {
			out = append(out, Message{cmp.key, []any{num, FormatNumber(*cmp.n)}})
		}
	}
	if len(out) == 0 {
		out = append(out, Message{CondAnswer, []any{num}})
	}
	return out
}

// Encode is the inverse of Decode: the form values that post the answers,
// for tests and for a script that saves drafts.
func Encode(f *designer.Form, a Answers) url.Values {
	v := make(url.Values)
	for _, q := range f.Questions {
		vals, ok := a[q.ID]
		if !ok {
			continue
		}
		if q.Type == designer.TypeDuration {
			h, m := SplitDuration(vals[0])
			v.Set(HoursField(q.ID), h)
			v.Set(MinutesField(q.ID), m)
			continue
		}
		v[FieldName(q.ID)] = append([]string(nil), vals...)
	}
	return v
}
