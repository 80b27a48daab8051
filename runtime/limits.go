package runtime

import (
	"fmt"
	"unicode/utf8"

	"github.com/stegvis/stegvis/designer"
)

// Limits on the text people type. Every decision that records typed text
// checks them, so no page, script or client can store more; the web layer
// bounds request bodies before they are read. Lengths are in characters
// (Unicode code points), as a browser's maxlength counts them.
const (
	// MaxAnswerText is the longest single answer; the form pages say the
	// same (formdata.MaxText).
	MaxAnswerText = 10_000
	// MaxFormText is the most text one form's answers hold together, as a
	// draft or a submission.
	MaxFormText = 100_000
	// MaxDraftsText is the most text all of an enrolment's drafts hold
	// together, so that drafts cannot make every page of it slow.
	MaxDraftsText = 300_000
	// MaxCitizenName is the longest citizen name.
	MaxCitizenName = 200
	// MaxWelcome is the longest welcome text a clinician writes.
	MaxWelcome = 5_000
	// MaxMobile is the longest mobile number, as typed.
	MaxMobile = 32
	// MaxMessage is the longest message or page comment, and its draft.
	MaxMessage = 5_000
	// MaxTitle is the longest title of a conversation.
	MaxTitle = 100
	// MaxConversations is the most conversations an enrolment holds, so
	// that its state stays small.
	MaxConversations = 200
)

// ErrTooLong means a text is longer than its limit. It wraps ErrInvalid.
var ErrTooLong = fmt.Errorf("text too long: %w", ErrInvalid)

// TooLongError says which text is too long. It wraps ErrTooLong.
type TooLongError struct {
	// What names the text: "answer", "form", "drafts", "citizen name",
	// "welcome", "mobile", "message" or "title".
	What string
	// Question is the id of the question whose answer is too long, or,
	// for a form or the drafts, of the longest answer; empty otherwise.
	Question string
	// Len is the text's length and Max its limit, in characters.
	Len, Max int
}

func (e *TooLongError) Error() string {
	s := e.What
	if e.Question != "" {
		s += fmt.Sprintf(" (question %q)", e.Question)
	}
	return fmt.Sprintf("%s: %d characters, at most %d: %s", s, e.Len, e.Max, ErrTooLong)
}

// Unwrap returns ErrTooLong.
func (e *TooLongError) Unwrap() error { return ErrTooLong }

// checkLen returns a *TooLongError when text is longer than max characters.
func checkLen(what, text string, max int) error {
	// Bytes bound characters from above: most texts need no count.
	if len(text) <= max {
		return nil
	}
	if n := utf8.RuneCountInString(text); n > max {
		return &TooLongError{What: what, Len: n, Max: max}
	}
	return nil
}

// CheckCitizenName returns an error wrapping ErrInvalid when name is not a
// name a citizen can be started with: empty or longer than MaxCitizenName.
func CheckCitizenName(name string) error {
	if name == "" {
		return fmt.Errorf("no citizen name: %w", ErrInvalid)
	}
	return checkLen("citizen name", name, MaxCitizenName)
}

// answersLen returns the characters in answers and the question of the
// longest answer, or a *TooLongError when one answer is longer than
// MaxAnswerText or a question that takes one answer has several.
func answersLen(f *designer.Form, answers map[string][]string) (int, string, error) {
	total, longest, longestQ := 0, -1, ""
	for q, vals := range answers {
		max := 1
		if fq, ok := f.Question(q); ok && fq.Type == designer.TypeMultiple {
			max = len(fq.Options)
		}
		if len(vals) > max {
			return 0, "", invalid("form %q: %d answers to question %q, at most %d", f.ID, len(vals), q, max)
		}
		for _, v := range vals {
			if err := checkLen("answer", v, MaxAnswerText); err != nil {
				err.(*TooLongError).Question = q
				return 0, "", err
			}
			n := utf8.RuneCountInString(v)
			total += n
			if n > longest || n == longest && q < longestQ {
				longest, longestQ = n, q
			}
		}
	}
	return total, longestQ, nil
}

// checkFormText checks the answers to one form against MaxAnswerText and
// MaxFormText, and returns their length.
func checkFormText(f *designer.Form, answers map[string][]string) (int, error) {
	n, longest, err := answersLen(f, answers)
	if err != nil {
		return 0, err
	}
	if n > MaxFormText {
		return 0, &TooLongError{What: "form", Question: longest, Len: n, Max: MaxFormText}
	}
	return n, nil
}

// draftsLen returns the characters in the enrolment's drafts, but for the
// draft of the step key skip, which a new draft replaces.
func (e *Enrolment) draftsLen(skip string) int {
	n := 0
	for k, d := range e.Drafts {
		if k == skip {
			continue
		}
		for _, vals := range d.Answers {
			for _, v := range vals {
				n += utf8.RuneCountInString(v)
			}
		}
	}
	return n
}
