package scoring

import "github.com/stegvis/stegvis/designer"

// SubmitTriggers are the flag triggers a form's submission fires; FlagsOnSubmit
// handles each of them. The other designer.Triggers fire as time passes or
// as the enrolment starts, not on a submission.
var SubmitTriggers = []string{designer.TriggerFormSubmitted, designer.TriggerFormAnswer}

// FlagsOnSubmit returns the flags among flags that a submission of f with
// answers a raises, in their order: those on every submission of f and
// those on an answer of f whose condition holds. Both the runtime, which
// raises them, and the preview, which tells the designer, call it, so the
// two never disagree.
func FlagsOnSubmit(flags []*designer.Flag, f *designer.Form, a Answers) []*designer.Flag {
	var out []*designer.Flag
	for _, fl := range flags {
		if fl.Form != f.ID {
			continue
		}
		switch fl.On {
		case designer.TriggerFormSubmitted:
			out = append(out, fl)
		case designer.TriggerFormAnswer:
			if fl.When != nil && Holds(f, fl.When, a) {
				out = append(out, fl)
			}
		}
	}
	return out
}
