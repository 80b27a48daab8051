package designer

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/themes"
)

// Severity says whether a diagnostic stops a build.
type Severity int

// Severities, most serious first.
const (
	Error Severity = iota
	Warning
)

// key is the catalogue key of the severity's word.
func (s Severity) key() string {
	if s == Warning {
		return "designer.severity.warning"
	}
	return "designer.severity.error"
}

// String is the severity's English word.
func (s Severity) String() string { return English(s.key()) }

// Translator returns the text of a catalogue key with args formatted into
// it, as themes.Catalog.T does.
type Translator func(key string, args ...any) string

// Phrase is a catalogue text used as an argument of another, such as the
// name of a kind of value inside a sentence about it. It is translated with
// the sentence, so that each language words it in its own way.
type Phrase struct {
	Key  string
	Args []any
}

// Diagnostic is one problem found in a content folder.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Key names the catalogue text (themes/locales/*/designer.json) that
	// says what is wrong and, in plain words, how to fix it; Args are
	// formatted into it. An argument that is a Phrase is translated too.
	Key  string
	Args []any
	// Excerpt is the source line the problem is on, if known.
	Excerpt string
}

// Message returns the diagnostic's text in the language of t.
func (d Diagnostic) Message(t Translator) string { return translate(t, d.Key, d.Args) }

// Format formats d as a compiler would, in the language of t:
// path:line:col: error: message, then the source line with a caret under
// the column.
func (d Diagnostic) Format(t Translator) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s", d.Pos, t(d.Severity.key()), d.Message(t))
	if d.Excerpt != "" {
		fmt.Fprintf(&b, "\n    %s", d.Excerpt)
		if d.Pos.Col > 0 {
			fmt.Fprintf(&b, "\n    %s^", caretPad(d.Excerpt, d.Pos.Col))
		}
	}
	return b.String()
}

// String formats d in English.
func (d Diagnostic) String() string { return d.Format(English) }

// English translates with the English catalogue: for tests, logs and
// errors, where no reader's language is known.
func English(key string, args ...any) string { return themes.Lookup("en").T(key, args...) }

// translate renders key with args in the language of t, translating the
// arguments that are phrases first.
func translate(t Translator, key string, args []any) string {
	if len(args) == 0 {
		return t(key)
	}
	out := make([]any, len(args))
	for i, a := range args {
		if p, ok := a.(Phrase); ok {
			a = translate(t, p.Key, p.Args)
		}
		out[i] = a
	}
	return t(key, out...)
}

// caretPad returns the white space that puts a caret under column col of
// line, keeping tabs so the caret lines up.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i, r := range []rune(line) {
		if i >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// Diagnostics is a list of problems.
type Diagnostics []Diagnostic

// Errorf adds an error at pos: the catalogue text key with args.
func (ds *Diagnostics) Errorf(pos Pos, key string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Severity: Error, Key: key, Args: args})
}

// Warnf adds a warning at pos: the catalogue text key with args.
func (ds *Diagnostics) Warnf(pos Pos, key string, args ...any) {
	*ds = append(*ds, Diagnostic{Pos: pos, Severity: Warning, Key: key, Args: args})
}

// HasErrors reports whether any diagnostic is an error.
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Count returns the number of errors and warnings.
func (ds Diagnostics) Count() (errors, warnings int) {
	for _, d := range ds {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Sort orders ds by file, line and column, and drops exact repeats.
// Diagnostics at one place are ordered by their English text, so that the
// order is the same whatever language they are shown in.
func (ds *Diagnostics) Sort() {
	type keyed struct {
		d   Diagnostic
		msg string
	}
	ks := make([]keyed, len(*ds))
	for i, d := range *ds {
		ks[i] = keyed{d, d.Message(English)}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		return cmp.Or(
			cmp.Compare(a.d.Pos.File, b.d.Pos.File),
			cmp.Compare(a.d.Pos.Line, b.d.Pos.Line),
			cmp.Compare(a.d.Pos.Col, b.d.Pos.Col),
			cmp.Compare(a.d.Severity, b.d.Severity),
			cmp.Compare(a.msg, b.msg),
		)
	})
	ks = slices.CompactFunc(ks, func(a, b keyed) bool {
		return a.d.Pos == b.d.Pos && a.d.Severity == b.d.Severity && a.msg == b.msg
	})
	out := (*ds)[:0]
	for _, k := range ks {
		out = append(out, k.d)
	}
	*ds = out
}

// Error makes Diagnostics an error: the errors among them, one a line, in
// English.
func (ds Diagnostics) Error() string {
	var lines []string
	for _, d := range ds {
		if d.Severity == Error {
			lines = append(lines, d.String())
		}
	}
	return strings.Join(lines, "\n")
}
