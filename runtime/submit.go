package runtime

import (
	"strconv"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
)

// Submit submits the answers to a form and, in the same append, raises the
// flags on that form that ask for a review: those on every submission and
// those whose condition on an answer or a score holds. Each raised flag
// points at the submission. module and step name the step the form is on;
// both are empty for a form given outside a step (a battery).
func Submit(p *designer.Program, module, step string, f *designer.Form, answers map[string][]string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		// The submission's id is the sequence number of its event, the
		// next one in the log.
		sub := strconv.FormatInt(e.Seq+1, 10)
		ds := []Decision{SubmitForm(p, module, step, f.ID, answers)}
		for _, fl := range FlagsOnSubmit(p, f, answers) {
			if fl.Review {
				ds = append(ds, RaiseFlag(p, fl.ID, sub))
			}
		}
		return Then(ds...)(e)
	}
}

// FlagsOnSubmit returns the flags of p that a submission of f with these
// answers raises, in the program's order.
func FlagsOnSubmit(p *designer.Program, f *designer.Form, answers map[string][]string) []*designer.Flag {
	var out []*designer.Flag
	for _, fl := range p.Flags {
		if fl.Form != f.ID {
			continue
		}
		switch fl.On {
		case designer.TriggerFormSubmitted:
			out = append(out, fl)
		case designer.TriggerFormAnswer:
			if fl.When != nil && scoring.Holds(f, fl.When, scoring.Answers(answers)) {
				out = append(out, fl)
			}
		}
	}
	return out
}
