package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Decision decides what a command changes, given the enrolment's current
// state: it returns the changes to record, none when there is nothing to
// do, or an error (wrapping ErrInvalid when the command does not fit). It
// must not modify the state, and it may run more than once, on fresher
// state each time, when writers race. Each idea's file (lifecycle.go,
// modules.go, forms.go, flags.go) has one for each of its commands.
type Decision func(e *Enrolment) ([]Change, error)

// A decision checks one command against the enrolment's state and its
// program, and returns the changes it makes. A command that changes nothing
// (showing a step that is not hidden, reading a form twice) returns no
// changes, so repeating it writes nothing. Who may run which command is the
// web layer's to check, from the actor's role.
//
// Every decision made here obeys the rule of the end (refuseEnded) by
// itself, so a decision run outside Do, by the scheduler or a test, is as
// safe as one run by Do. The citizen's writes also obey maintenance
// (Enrolment.CheckWrite).

// decision wraps the body of a decision with the rules every command
// obeys.
func decision(d Decision) Decision {
	return func(e *Enrolment) ([]Change, error) {
		changes, err := d(e)
		if err := refuseEnded(e, changes, err); err != nil {
			return nil, err
		}
		return changes, err
	}
}

// refuseEnded is the rule of the end: an ended enrolment takes no changes
// but the clinician's acknowledgements of what came in before the end
// (afterEnd). A command that changes nothing is not refused; one that
// fails for another reason is refused as ended.
func refuseEnded(e *Enrolment, changes []Change, err error) error {
	if e.Ended() && (err != nil || !afterEnd(changes)) {
		if errors.Is(err, ErrEnded) {
			return err
		}
		return fmt.Errorf("enrolment %s: %w", e.ID, ErrEnded)
	}
	return nil
}

// Always wraps a single change as a Decision that always makes it, for
// changes that need no check but the rule of the end.
func Always(c Change) Decision {
	return decision(func(*Enrolment) ([]Change, error) { return []Change{c}, nil })
}

// Then runs decisions one after another, each on the state the ones before
// it leave, and records all their changes together or none. For example,
// SubmitForm and then RaiseFlag for the submission it makes.
func Then(ds ...Decision) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
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
	})
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

// afterEnd reports whether an ended enrolment takes these changes: only a
// clinician's reading of a submission or review of a flag raised before
// the end, and the reading of a conversation, so nothing is left
// unacknowledged.
func afterEnd(changes []Change) bool {
	for _, c := range changes {
		switch c.(type) {
		case *FormRead, *FlagReviewed, *ConversationRead:
		default:
			return false
		}
	}
	return true
}
