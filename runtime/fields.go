package runtime

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Typed entries (a contact, a planned meeting): what a person writes in a
// form of several fields, checked field by field so that the page can say
// which field is wrong and keep the rest of what was typed.

// The reasons a field is refused.
const (
	FieldRequired = "required" // empty where a value is needed
	FieldTooLong  = "too_long" // longer than its limit
	FieldInvalid  = "invalid"  // not in a form the field takes
)

// FieldError is one field of an entry that cannot be taken: Field names
// the field ("name", "phone", "date" …) and Reason is FieldRequired,
// FieldTooLong or FieldInvalid.
type FieldError struct {
	Field, Reason string
}

func (e *FieldError) Error() string { return e.Field + " " + e.Reason }

// FieldErrors are every refused field of one entry, in the form's order.
// It is ErrInvalid.
type FieldErrors []*FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.Error()
	}
	return fmt.Sprintf("fields: %s: %s", strings.Join(parts, ", "), ErrInvalid)
}

// Unwrap makes FieldErrors an ErrInvalid.
func (fe FieldErrors) Unwrap() error { return ErrInvalid }

// Field returns the reason field is refused, or "".
func (fe FieldErrors) Field(field string) string {
	for _, e := range fe {
		if e.Field == field {
			return e.Reason
		}
	}
	return ""
}

// fieldCheck gathers the errors of one entry's fields.
type fieldCheck struct{ errs FieldErrors }

func (c *fieldCheck) fail(field, reason string) { c.errs = append(c.errs, &FieldError{field, reason}) }

// text trims a one-line text and checks it is there when required and
// not longer than max characters; line breaks become spaces.
func (c *fieldCheck) text(field, s string, max int, required bool) string {
	s = strings.Join(strings.Fields(s), " ")
	return c.long(field, s, max, required)
}

// long trims a text that may have several lines (a note) and checks it
// like text.
func (c *fieldCheck) long(field, s string, max int, required bool) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "" && required:
		c.fail(field, FieldRequired)
	case utf8.RuneCountInString(s) > max:
		c.fail(field, FieldTooLong)
	}
	return s
}

// err returns the errors gathered, or nil.
func (c *fieldCheck) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}
