package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// The enrolment's life: it starts, the citizen visits, the clinician edits
// the welcome text, hands it to another clinician or moves it to another
// bundle, the citizen shares a mobile number, maintenance starts and
// stops, and it ends.

func init() {
	register(func() Change { return new(EnrolmentStarted) })
	register(func() Change { return new(Visited) })
	register(func() Change { return new(WelcomeEdited) })
	register(func() Change { return new(ClinicianChanged) })
	register(func() Change { return new(MobileShared) })
	register(func() Change { return new(BundleMoved) })
	register(func() Change { return new(MaintenanceSet) })
	register(func() Change { return new(Ended) })
}

// Ended reports whether the enrolment has ended.
func (e *Enrolment) Ended() bool { return !e.EndedAt.IsZero() }

// ReadOnly reports whether the citizen may only read: during maintenance
// and after the end. Commands that write the citizen's answers are refused
// then, with ErrReadOnly or ErrEnded.
func (e *Enrolment) ReadOnly() bool { return e.Ended() || e.Maintenance }

// EnrolmentStarted is the first event of every log.
type EnrolmentStarted struct {
	ID          string `json:"id"`
	Program     string `json:"program"`
	Bundle      string `json:"bundle"`
	Unit        string `json:"unit"`
	Citizen     string `json:"citizen"`
	CitizenName string `json:"name"`
	Clinician   string `json:"clinician"`
	// Current and Upcoming are the modules' statuses at start.
	Current  []string `json:"current,omitempty"`
	Upcoming []string `json:"upcoming,omitempty"`
	Welcome  string   `json:"welcome,omitempty"`
}

// EventType returns "started".
func (*EnrolmentStarted) EventType() string { return "started" }

func (c *EnrolmentStarted) apply(e *Enrolment, ev Event) {
	e.ID, e.Program, e.Bundle, e.Unit = c.ID, c.Program, c.Bundle, c.Unit
	e.Citizen, e.CitizenName, e.Clinician = c.Citizen, c.CitizenName, c.Clinician
	e.StartedAt = ev.At
	e.Welcome = c.Welcome
	for _, id := range c.Upcoming {
		e.module(id)
	}
	for _, id := range c.Current {
		m := e.module(id)
		m.Status, m.StartedAt = StatusCurrent, ev.At
	}
}

// Visited records that the citizen signed in or came back to the program.
// It only moves LastActive, which every citizen event does.
type Visited struct{}

// EventType returns "visited".
func (*Visited) EventType() string { return "visited" }

func (*Visited) apply(*Enrolment, Event) {}

// WelcomeEdited replaces the welcome text; empty restores the program's.
type WelcomeEdited struct {
	Text string `json:"text"`
}

// EventType returns "welcome_edited".
func (*WelcomeEdited) EventType() string { return "welcome_edited" }

func (c *WelcomeEdited) apply(e *Enrolment, _ Event) { e.Welcome = c.Text }

// ClinicianChanged hands the enrolment to another responsible clinician.
type ClinicianChanged struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// EventType returns "clinician_changed".
func (*ClinicianChanged) EventType() string { return "clinician_changed" }

func (c *ClinicianChanged) apply(e *Enrolment, _ Event) { e.Clinician = c.To }

// MobileShared records the mobile number the citizen shares for
// notifications; empty withdraws it.
type MobileShared struct {
	Mobile string `json:"mobile"`
}

// EventType returns "mobile_shared".
func (*MobileShared) EventType() string { return "mobile_shared" }

func (c *MobileShared) apply(e *Enrolment, _ Event) { e.Mobile = c.Mobile }

// BundleMoved pins the enrolment to another bundle of its program, as when
// a new minor version is rolled out.
type BundleMoved struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// EventType returns "bundle_moved".
func (*BundleMoved) EventType() string { return "bundle_moved" }

func (c *BundleMoved) apply(e *Enrolment, _ Event) { e.Bundle = c.To }

// MaintenanceSet started or stopped a maintenance period without a length
// in logs from before MaintenanceStarted; it is kept so that they fold.
// No decision makes it any more.
type MaintenanceSet struct {
	On bool `json:"on"`
}

// EventType returns "maintenance_set".
func (*MaintenanceSet) EventType() string { return "maintenance_set" }

func (c *MaintenanceSet) apply(e *Enrolment, _ Event) { e.Maintenance = c.On }

// End reasons a clinician picks from.
const (
	EndCompleted    = "completed"    // the program was completed
	EndDiscontinued = "discontinued" // the citizen stopped
	EndNoShow       = "no_show"      // the citizen never started
	EndOther        = "other"
)

// EndReasons lists the end reasons.
var EndReasons = []string{EndCompleted, EndDiscontinued, EndNoShow, EndOther}

// Ended ends the enrolment; it is read-only afterwards.
type Ended struct {
	Reason string `json:"reason"`
}

// EventType returns "ended".
func (*Ended) EventType() string { return "ended" }

func (c *Ended) apply(e *Enrolment, ev Event) { e.EndedAt, e.EndReason = ev.At, c.Reason }

// Visit records that the citizen came to the program.
func Visit() Decision { return Always(&Visited{}) }

// EditWelcome replaces the welcome text; empty restores the program's.
func EditWelcome(text string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if text == e.Welcome {
			return nil, nil
		}
		if err := checkLen("welcome", text, MaxWelcome); err != nil {
			return nil, fmt.Errorf("edit welcome: %w", err)
		}
		return []Change{&WelcomeEdited{Text: text}}, nil
	})
}

// ChangeClinician hands the enrolment to another responsible clinician.
// That the new one is a clinician on the unit is the web layer's check.
func ChangeClinician(to string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if to == "" {
			return nil, invalid("change clinician: no clinician")
		}
		if to == e.Clinician {
			return nil, nil
		}
		return []Change{&ClinicianChanged{From: e.Clinician, To: to}}, nil
	})
}

// ShareMobile records the mobile number the citizen shares; empty withdraws it.
func ShareMobile(mobile string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if mobile == e.Mobile {
			return nil, nil
		}
		if err := checkLen("mobile", mobile, MaxMobile); err != nil {
			return nil, fmt.Errorf("share mobile: %w", err)
		}
		return []Change{&MobileShared{Mobile: mobile}}, nil
	})
}

// MoveBundle pins the enrolment to another bundle of its program, as when
// a unit rolls out a new minor version. Moving to another major version is
// refused: a major version may change what the recorded answers mean.
func MoveBundle(to string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
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
	})
}

func major(version string) string {
	for i := range len(version) {
		if version[i] == '.' {
			return version[:i]
		}
	}
	return version
}

// End ends the enrolment with one of EndReasons.
func End(reason string) Decision {
	return decision(func(*Enrolment) ([]Change, error) {
		if !slices.Contains(EndReasons, reason) {
			return nil, invalid("end: unknown reason %q", reason)
		}
		return []Change{&Ended{Reason: reason}}, nil
	})
}

// StartInput is what starting a program for a citizen takes.
type StartInput struct {
	// Program is the compiled program of Bundle, as read from its program.json.
	Program *designer.Program
	Bundle  string
	Unit    string
	// Citizen is the personal identity number in any form ParsePnr takes.
	Citizen     string
	CitizenName string
	// Clinician is the responsible clinician's staff id.
	Clinician string
	// Current lists the modules to start as current; nil takes the
	// program's own choice (designer.Module.Start).
	Current []string
	// Welcome overrides the program's welcome text when not empty.
	Welcome string
	// Actor is who starts it: the clinician or a citizen admin.
	Actor Actor
	// Key is the command's idempotency key (see KeysKept); empty for none.
	// It makes a retried append of the first event, after a timeout that
	// hid whether it was stored, not start a second enrolment.
	Key string
}

// Start starts a program for a citizen and returns the new enrolment. It
// returns an error wrapping ErrPnrFormat, ErrPnrDate or ErrPnrChecksum for
// a bad number, ErrInvalid for input that does not fit the program, and
// ErrExists when the citizen already runs the program. That last check
// reads the citizen's index, so two clinicians starting the same program
// in the same instant could both succeed; ending one of them is enough.
func (s *Enrolments) Start(ctx context.Context, in StartInput) (*Enrolment, error) {
	now := s.now()
	pnr, err := ParsePnr(in.Citizen, now)
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	if in.Program == nil {
		return nil, fmt.Errorf("start: no program: %w", ErrInvalid)
	}
	id, _, _, err := designer.ParseBundleName(in.Bundle)
	if err != nil || id != in.Program.ID {
		return nil, fmt.Errorf("start: bundle %q is not of program %q: %w", in.Bundle, in.Program.ID, ErrInvalid)
	}
	switch {
	case in.Unit == "":
		return nil, fmt.Errorf("start: no unit: %w", ErrInvalid)
	case in.Clinician == "":
		return nil, fmt.Errorf("start: no responsible clinician: %w", ErrInvalid)
	case in.Actor.ID == "" || !in.Actor.Role.Valid():
		return nil, fmt.Errorf("start: no actor: %w", ErrInvalid)
	}
	if err := CheckCitizenName(strings.TrimSpace(in.CitizenName)); err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	if err := checkLen("welcome", in.Welcome, MaxWelcome); err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	started := &EnrolmentStarted{
		Program: in.Program.ID, Bundle: in.Bundle, Unit: in.Unit,
		Citizen: pnr, CitizenName: strings.TrimSpace(in.CitizenName), Clinician: in.Clinician,
		Welcome: in.Welcome,
	}
	current := map[string]bool{}
	for _, m := range in.Current {
		if _, ok := in.Program.Module(m); !ok {
			return nil, fmt.Errorf("start: unknown module %q: %w", m, ErrInvalid)
		}
		current[m] = true
	}
	for _, m := range in.Program.Modules {
		if in.Current == nil && m.Start == designer.StartCurrent || current[m.ID] {
			started.Current = append(started.Current, m.ID)
		} else {
			started.Upcoming = append(started.Upcoming, m.ID)
		}
	}

	running, err := s.Store.Enrolments(ctx, ByCitizen(pnr))
	if err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	for _, e := range running {
		if e.Program == in.Program.ID && !e.Ended() {
			return nil, fmt.Errorf("start %s for %s: enrolment %s runs it: %w", in.Program.ID, FormatPnr(pnr), e.ID, ErrExists)
		}
	}

	// A fresh id is 80 random bits; the loop only guards a broken NewID.
	for range 3 {
		started.ID = s.newID()
		ev, err := NewEvent(now, in.Actor, started)
		if err != nil {
			return nil, fmt.Errorf("start: %w", err)
		}
		ev.Seq = 1
		e := new(Enrolment)
		if err := e.Apply(ev); err != nil {
			return nil, fmt.Errorf("start: %w", err)
		}
		err = s.Store.Append(ctx, started.ID, 0, in.Key, e, ev)
		if errors.Is(err, ErrDuplicate) {
			// An earlier try of this append stored e.
			return e, nil
		}
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("start %s: %w", started.ID, err)
		}
		s.afterAppend(ctx, e, []Event{ev})
		return e, nil
	}
	return nil, fmt.Errorf("start: enrolment ids collide: %w", ErrConflict)
}
