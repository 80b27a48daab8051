package runtime

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/stegvis/stegvis/designer"
)

// The decisions below check one command against the enrolment's state and
// its program, and return the changes it makes. A command that changes
// nothing (showing a step that is not hidden, reading a form twice) returns
// no changes, so repeating it writes nothing. Who may run which command is
// the web layer's to check, from the actor's role.

// Always wraps a single change as a Decision that always makes it, for
// changes that need no check.
func Always(c Change) Decision {
	return func(*Enrolment) ([]Change, error) { return []Change{c}, nil }
}

// Then runs decisions one after another, each on the state the ones before
// it leave, and records all their changes together or none. For example,
// SubmitForm and then RaiseFlag for the submission it makes.
func Then(ds ...Decision) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if len(ds) == 1 {
			return ds[0](e)
		}
		scratch, err := clone(e)
		if err != nil {
			return nil, err
		}
		var all []Change
		for _, d := range ds {
			cs, err := d(scratch)
			if err != nil {
				return nil, err
			}
			if _, err := record(scratch, scratch.LastActive, Actor{}, cs); err != nil {
				return nil, err
			}
			all = append(all, cs...)
		}
		return all, nil
	}
}

func clone(e *Enrolment) (*Enrolment, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("copy state: %w", err)
	}
	c := new(Enrolment)
	if err := json.Unmarshal(b, c); err != nil {
		return nil, fmt.Errorf("copy state: %w", err)
	}
	return c, nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf(format+": %w", append(args, ErrInvalid)...)
}

// Visit records that the citizen came to the program.
func Visit() Decision { return Always(&Visited{}) }

// OpenStep records that the citizen opened a step. The step must be in the
// program, in a module that is current or completed, and not hidden.
func OpenStep(p *designer.Program, module, step string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if _, _, _, ok := p.Step(module, step); !ok {
			return nil, invalid("open step %s: not in the program", StepKey(module, step))
		}
		if e.ModuleStatus(module) == StatusUpcoming {
			return nil, invalid("open step %s: module not started", StepKey(module, step))
		}
		if e.StepHidden(module, step) {
			return nil, invalid("open step %s: hidden", StepKey(module, step))
		}
		return []Change{&StepOpened{Module: module, Step: step}}, nil
	}
}

// HideStep hides a step of the program from the citizen.
func HideStep(p *designer.Program, module, step string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if _, _, _, ok := p.Step(module, step); !ok {
			return nil, invalid("hide step %s: not in the program", StepKey(module, step))
		}
		if e.StepHidden(module, step) {
			return nil, nil
		}
		return []Change{&StepHidden{Module: module, Step: step}}, nil
	}
}

// ShowStep shows a hidden step again.
func ShowStep(module, step string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if !e.StepHidden(module, step) {
			return nil, nil
		}
		return []Change{&StepShown{Module: module, Step: step}}, nil
	}
}

// StartModule makes a module of the program current; starting a completed
// module opens it again.
func StartModule(p *designer.Program, module string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if _, ok := p.Module(module); !ok {
			return nil, invalid("start module %q: not in the program", module)
		}
		if e.ModuleStatus(module) == StatusCurrent {
			return nil, nil
		}
		return []Change{&ModuleStarted{Module: module}}, nil
	}
}

// CompleteModule marks a current module completed.
func CompleteModule(module string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		switch e.ModuleStatus(module) {
		case StatusCompleted:
			return nil, nil
		case StatusUpcoming:
			return nil, invalid("complete module %q: not started", module)
		}
		return []Change{&ModuleCompleted{Module: module}}, nil
	}
}

// QueueModule puts a module back among the upcoming ones.
func QueueModule(module string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if _, ok := e.Modules[module]; !ok {
			return nil, invalid("queue module %q: not in the enrolment", module)
		}
		if e.ModuleStatus(module) == StatusUpcoming {
			return nil, nil
		}
		return []Change{&ModuleQueued{Module: module}}, nil
	}
}

// EditWelcome replaces the welcome text; empty restores the program's.
func EditWelcome(text string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if text == e.Welcome {
			return nil, nil
		}
		return []Change{&WelcomeEdited{Text: text}}, nil
	}
}

// stepForm returns the form shown on a step the citizen can see.
func stepForm(p *designer.Program, e *Enrolment, module, step string) (*designer.Form, error) {
	_, _, st, ok := p.Step(module, step)
	if !ok {
		return nil, invalid("step %s: not in the program", StepKey(module, step))
	}
	if st.Form == "" {
		return nil, invalid("step %s: has no form", StepKey(module, step))
	}
	if e.ModuleStatus(module) == StatusUpcoming || e.StepHidden(module, step) {
		return nil, invalid("step %s: not open to the citizen", StepKey(module, step))
	}
	f, ok := p.Form(st.Form)
	if !ok {
		return nil, invalid("step %s: form %q not in the program", StepKey(module, step), st.Form)
	}
	return f, nil
}

// checkAnswers checks that every answer is to a question of the form.
// Whether the answers are complete and well-formed is the form decoder's
// job, before the decision.
func checkAnswers(f *designer.Form, answers map[string][]string) error {
	for q := range answers {
		if _, ok := f.Question(q); !ok {
			return invalid("form %q: no question %q", f.ID, q)
		}
	}
	return nil
}

// SaveDraft keeps the answers of a step's form before it is submitted.
func SaveDraft(p *designer.Program, module, step string, answers map[string][]string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		f, err := stepForm(p, e, module, step)
		if err != nil {
			return nil, err
		}
		if err := checkAnswers(f, answers); err != nil {
			return nil, err
		}
		return []Change{&DraftSaved{Module: module, Step: step, Form: f.ID, Answers: answers}}, nil
	}
}

// DiscardDraft throws away a step's draft.
func DiscardDraft(module, step string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if _, ok := e.Drafts[StepKey(module, step)]; !ok {
			return nil, nil
		}
		return []Change{&DraftDiscarded{Module: module, Step: step}}, nil
	}
}

// SubmitForm submits answers to a form. With a module and step, the form is
// the one shown on that step; without, form names a form of the program
// filled outside the steps (a battery or an activity registration). The
// submission's id will be strconv.FormatInt(e.Seq+1, 10) when it is the
// first change recorded.
func SubmitForm(p *designer.Program, module, step, form string, answers map[string][]string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		var f *designer.Form
		if module != "" || step != "" {
			var err error
			if f, err = stepForm(p, e, module, step); err != nil {
				return nil, err
			}
			if form != "" && form != f.ID {
				return nil, invalid("step %s: shows form %q, not %q", StepKey(module, step), f.ID, form)
			}
		} else {
			var ok bool
			if f, ok = p.Form(form); !ok {
				return nil, invalid("submit form %q: not in the program", form)
			}
		}
		if err := checkAnswers(f, answers); err != nil {
			return nil, err
		}
		return []Change{&FormSubmitted{Module: module, Step: step, Form: f.ID, Version: f.Version, Answers: answers}}, nil
	}
}

// MarkRead records that the clinician read a submission.
func MarkRead(submission string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		s, ok := e.Submission(submission)
		if !ok {
			return nil, invalid("read submission %q: no such submission", submission)
		}
		if !s.ReadAt.IsZero() {
			return nil, nil
		}
		return []Change{&FormRead{Submission: submission}}, nil
	}
}

// RaiseFlag raises a flag of the program for review; submission is the id
// of the submission that raised it, or empty.
func RaiseFlag(p *designer.Program, flag, submission string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.ID == flag })
		if i < 0 {
			return nil, invalid("raise flag %q: not in the program", flag)
		}
		if submission != "" {
			if _, ok := e.Submission(submission); !ok {
				return nil, invalid("raise flag %q: no submission %q", flag, submission)
			}
		}
		return []Change{&FlagRaised{Flag: flag, Urgent: p.Flags[i].Urgent, Submission: submission}}, nil
	}
}

// ReviewFlag marks a raised flag as reviewed.
func ReviewFlag(review string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		r, ok := e.Review(review)
		if !ok {
			return nil, invalid("review %q: no such event", review)
		}
		if !r.ReviewedAt.IsZero() {
			return nil, nil
		}
		return []Change{&FlagReviewed{Review: review}}, nil
	}
}

// ChangeClinician hands the enrolment to another responsible clinician.
// That the new one is a clinician on the unit is the web layer's check.
func ChangeClinician(to string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if to == "" {
			return nil, invalid("change clinician: no clinician")
		}
		if to == e.Clinician {
			return nil, nil
		}
		return []Change{&ClinicianChanged{From: e.Clinician, To: to}}, nil
	}
}

// ShareMobile records the mobile number the citizen shares; empty withdraws it.
func ShareMobile(mobile string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if mobile == e.Mobile {
			return nil, nil
		}
		return []Change{&MobileShared{Mobile: mobile}}, nil
	}
}

// MoveBundle pins the enrolment to another bundle of its program, as when
// a unit rolls out a new minor version. Moving to another major version is
// refused: a major version may change what the recorded answers mean.
func MoveBundle(to string) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if to == e.Bundle {
			return nil, nil
		}
		id, version, _, err := designer.ParseBundleName(to)
		if err != nil {
			return nil, invalid("move bundle: %v", err)
		}
		if id != e.Program {
			return nil, invalid("move bundle: %q is not of program %q", to, e.Program)
		}
		_, from, _, err := designer.ParseBundleName(e.Bundle)
		if err == nil && major(from) != major(version) {
			return nil, invalid("move bundle from %s to %s: another major version", from, version)
		}
		return []Change{&BundleMoved{From: e.Bundle, To: to}}, nil
	}
}

func major(version string) string {
	for i := range len(version) {
		if version[i] == '.' {
			return version[:i]
		}
	}
	return version
}

// SetMaintenance starts or stops the maintenance period.
func SetMaintenance(on bool) Decision {
	return func(e *Enrolment) ([]Change, error) {
		if on == e.Maintenance {
			return nil, nil
		}
		return []Change{&MaintenanceSet{On: on}}, nil
	}
}

// End ends the enrolment with one of EndReasons.
func End(reason string) Decision {
	return func(*Enrolment) ([]Change, error) {
		if !slices.Contains(EndReasons, reason) {
			return nil, invalid("end: unknown reason %q", reason)
		}
		return []Change{&Ended{Reason: reason}}, nil
	}
}
