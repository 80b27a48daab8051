package runtime

import (
	"fmt"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Forms: the citizen's drafts and submitted answers, and the clinician's
// reading of them. In maintenance and after the end the citizen writes
// nothing (CheckWrite).

func init() {
	register(func() Change { return new(DraftSaved) })
	register(func() Change { return new(DraftDiscarded) })
	register(func() Change { return new(FormSubmitted) })
	register(func() Change { return new(FormRead) })
}

// Draft is the answers to a step's form saved before submitting.
type Draft struct {
	Form    string              `json:"form"`
	Answers map[string][]string `json:"answers"`
	SavedAt time.Time           `json:"saved_at"`
}

// Submission is one submitted form.
type Submission struct {
	// ID is the sequence number of the FormSubmitted event, as a string.
	ID          string              `json:"id"`
	Form        string              `json:"form"`
	FormVersion string              `json:"form_version"`
	Module      string              `json:"module,omitempty"`
	Step        string              `json:"step,omitempty"`
	Answers     map[string][]string `json:"answers"`
	SubmittedAt time.Time           `json:"submitted_at"`
	// Battery and Occasion tie a battery's form to the occasion it was
	// filled for; both are empty for any other form.
	Battery  string `json:"battery,omitempty"`
	Occasion string `json:"occasion,omitempty"`
	// ReadAt and ReadBy record when the clinician first read it.
	ReadAt time.Time `json:"read_at,omitzero"`
	ReadBy string    `json:"read_by,omitempty"`
	// Guardian is the number of the guardian who submitted it for the
	// child (guardians.go); empty when the citizen did.
	Guardian string `json:"guardian,omitempty"`
}

// Submission returns the submission with the given id.
func (e *Enrolment) Submission(id string) (*Submission, bool) {
	for _, s := range e.Submissions {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// Unread returns the submissions the clinician has not read, oldest first.
func (e *Enrolment) Unread() []*Submission {
	var out []*Submission
	for _, s := range e.Submissions {
		if s.ReadAt.IsZero() {
			out = append(out, s)
		}
	}
	return out
}

// CheckWrite returns nil when the citizen may write answers, and else
// why not: ErrEnded after the end, ErrReadOnly in maintenance. The
// decisions that write answers ask it, and the pages ask it before they
// read a form, so both refuse alike.
func (e *Enrolment) CheckWrite() error {
	switch {
	case e.Ended():
		return ErrEnded
	case e.Maintenance:
		return ErrReadOnly
	}
	return nil
}

// DraftSaved keeps the answers of a step's form before it is submitted.
type DraftSaved struct {
	Module  string              `json:"module"`
	Step    string              `json:"step"`
	Form    string              `json:"form"`
	Answers map[string][]string `json:"answers"`
}

// EventType returns "draft_saved".
func (*DraftSaved) EventType() string { return "draft_saved" }

func (c *DraftSaved) apply(e *Enrolment, ev Event) {
	if e.Drafts == nil {
		e.Drafts = map[string]*Draft{}
	}
	e.Drafts[StepKey(c.Module, c.Step)] = &Draft{Form: c.Form, Answers: c.Answers, SavedAt: ev.At}
}

// DraftDiscarded throws a draft away.
type DraftDiscarded struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "draft_discarded".
func (*DraftDiscarded) EventType() string { return "draft_discarded" }

func (c *DraftDiscarded) apply(e *Enrolment, _ Event) {
	e.Drafts = without(e.Drafts, StepKey(c.Module, c.Step))
}

// FormSubmitted records a submitted form and drops the step's draft. The
// submission's id is the event's sequence number.
type FormSubmitted struct {
	Module  string              `json:"module,omitempty"`
	Step    string              `json:"step,omitempty"`
	Form    string              `json:"form"`
	Version string              `json:"version"`
	Answers map[string][]string `json:"answers"`
	// Battery and Occasion name the battery occasion a battery's form was
	// filled for (SubmitBattery); empty for other forms and in events
	// written before batteries were given.
	Battery  string `json:"battery,omitempty"`
	Occasion string `json:"occasion,omitempty"`
}

// EventType returns "form_submitted".
func (*FormSubmitted) EventType() string { return "form_submitted" }

func (c *FormSubmitted) apply(e *Enrolment, ev Event) {
	e.Submissions = append(e.Submissions, &Submission{
		ID: strconv.FormatInt(ev.Seq, 10), Form: c.Form, FormVersion: c.Version,
		Module: c.Module, Step: c.Step, Answers: c.Answers, SubmittedAt: ev.At,
		Battery: c.Battery, Occasion: c.Occasion,
	})
	if ev.Actor.Role == RoleGuardian {
		e.Submissions[len(e.Submissions)-1].Guardian = ev.Actor.ID
	}
	if c.Step != "" {
		e.Drafts = without(e.Drafts, StepKey(c.Module, c.Step))
	}
}

// FormRead records that the clinician read a submission.
type FormRead struct {
	Submission string `json:"submission"`
}

// EventType returns "form_read".
func (*FormRead) EventType() string { return "form_read" }

func (c *FormRead) apply(e *Enrolment, ev Event) {
	if s, ok := e.Submission(c.Submission); ok && s.ReadAt.IsZero() {
		s.ReadAt, s.ReadBy = ev.At, ev.Actor.ID
	}
}

// stepForm returns the form shown on a step the citizen can see at now.
func stepForm(p *designer.Program, e *Enrolment, module, step string, now time.Time) (*designer.Form, error) {
	_, _, st, ok := p.Step(module, step)
	if !ok {
		return nil, invalid("step %s: not in the program", StepKey(module, step))
	}
	if st.Form == "" {
		return nil, invalid("step %s: has no form", StepKey(module, step))
	}
	if !e.CanOpen(module, step) {
		return nil, invalid("step %s: not open to the citizen", StepKey(module, step))
	}
	if err := e.ContentOpen(p, now); err != nil {
		return nil, fmt.Errorf("step %s: %w", StepKey(module, step), err)
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

// SaveDraft keeps the answers of a step's form before it is submitted, at
// now: while a battery is due it is refused (ErrBatteryDue).
func SaveDraft(p *designer.Program, module, step string, answers map[string][]string, now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := e.CheckWrite(); err != nil {
			return nil, fmt.Errorf("save draft %s: %w", StepKey(module, step), err)
		}
		f, err := stepForm(p, e, module, step, now)
		if err != nil {
			return nil, err
		}
		if err := checkAnswers(f, answers); err != nil {
			return nil, err
		}
		n, err := checkFormText(f, answers)
		if err != nil {
			return nil, fmt.Errorf("save draft %s: %w", StepKey(module, step), err)
		}
		if n > 0 {
			if total := e.draftsLen(StepKey(module, step)) + n; total > MaxDraftsText {
				_, longest, _ := answersLen(f, answers)
				return nil, fmt.Errorf("save draft %s: %w", StepKey(module, step),
					&TooLongError{What: "drafts", Question: longest, Len: total, Max: MaxDraftsText})
			}
		}
		return []Change{&DraftSaved{Module: module, Step: step, Form: f.ID, Answers: answers}}, nil
	})
}

// DiscardDraft throws away a step's draft.
func DiscardDraft(module, step string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := e.CheckWrite(); err != nil {
			return nil, fmt.Errorf("discard draft %s: %w", StepKey(module, step), err)
		}
		if _, ok := e.Drafts[StepKey(module, step)]; !ok {
			return nil, nil
		}
		return []Change{&DraftDiscarded{Module: module, Step: step}}, nil
	})
}

// SubmitForm submits answers to a form. With a module and step, the form is
// the one shown on that step; without, form names a form of the program
// filled outside the steps (a battery or an activity registration). The
// submission's id will be strconv.FormatInt(e.Seq+1, 10) when it is the
// first change recorded. In maintenance and after the end it is refused,
// a battery's form too; a step's form is refused while a battery is due
// at now (ErrBatteryDue). A battery's form tied to its occasion is
// SubmitBattery's.
func SubmitForm(p *designer.Program, module, step, form string, answers map[string][]string, now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if err := e.CheckWrite(); err != nil {
			return nil, fmt.Errorf("submit form %q on %s: %w", form, StepKey(module, step), err)
		}
		var f *designer.Form
		if module != "" || step != "" {
			var err error
			if f, err = stepForm(p, e, module, step, now); err != nil {
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
		if _, err := checkFormText(f, answers); err != nil {
			return nil, fmt.Errorf("submit form %q: %w", f.ID, err)
		}
		return []Change{&FormSubmitted{Module: module, Step: step, Form: f.ID, Version: f.Version, Answers: answers}}, nil
	})
}

// MarkRead records that the clinician read a submission.
func MarkRead(submission string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		s, ok := e.Submission(submission)
		if !ok {
			return nil, invalid("read submission %q: no such submission", submission)
		}
		if !s.ReadAt.IsZero() {
			return nil, nil
		}
		return []Change{&FormRead{Submission: submission}}, nil
	})
}

// Submit submits the answers to a form and, in the same append, raises the
// flags on that form that ask for a review: those on every submission and
// those whose condition on an answer or a score holds. Each raised flag
// points at the submission. module and step name the step the form is on;
// both are empty for a form given outside a step (a battery). Like
// SubmitForm, it is refused in maintenance and after the end, and a
// step's form while a battery is due at now.
func Submit(p *designer.Program, module, step string, f *designer.Form, answers map[string][]string, now time.Time) Decision {
	return func(e *Enrolment) ([]Change, error) {
		// The submission's id is the sequence number of its event, the
		// next one in the log.
		sub := strconv.FormatInt(e.Seq+1, 10)
		ds := []Decision{SubmitForm(p, module, step, f.ID, answers, now)}
		for _, fl := range FlagsOnSubmit(p, f, answers) {
			if fl.Review {
				ds = append(ds, RaiseFlag(p, fl.ID, sub))
			}
		}
		return Then(ds...)(e)
	}
}
