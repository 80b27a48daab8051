package runtime

import (
	"context"
	crand "crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Decision decides what a command changes, given the enrolment's current
// state: it returns the changes to record, none when there is nothing to
// do, or an error (wrapping ErrInvalid when the command does not fit). It
// must not modify the state, and it may run more than once, on fresher
// state each time, when writers race. decide.go has one for each command.
type Decision func(e *Enrolment) ([]Change, error)

// DefaultAttempts is how many times Do tries a decision before it gives up
// with ErrConflict.
const DefaultAttempts = 100

// Enrolments is the service that starts and changes enrolments. It reads
// the current state, runs a Decision on it, and appends the resulting
// events with the sequence number it read, retrying on conflict. It keeps
// no state of its own, so any number of replicas can share one store.
type Enrolments struct {
	Store EnrolmentStore
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// NewID returns a fresh enrolment id; it defaults to NewID.
	NewID func() string
	// Attempts bounds the tries of one command; it defaults to
	// DefaultAttempts.
	Attempts int
}

// NewEnrolments returns the service over a store.
func NewEnrolments(store EnrolmentStore) *Enrolments {
	return &Enrolments{Store: store, Now: time.Now, NewID: NewID, Attempts: DefaultAttempts}
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
	case strings.TrimSpace(in.CitizenName) == "":
		return nil, fmt.Errorf("start: no citizen name: %w", ErrInvalid)
	case in.Actor.ID == "" || !in.Actor.Role.Valid():
		return nil, fmt.Errorf("start: no actor: %w", ErrInvalid)
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
		err = s.Store.Append(ctx, started.ID, 0, e, ev)
		if errors.Is(err, ErrConflict) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("start %s: %w", started.ID, err)
		}
		return e, nil
	}
	return nil, fmt.Errorf("start: enrolment ids collide: %w", ErrConflict)
}

// Get returns the current state of an enrolment. A snapshot folded by an
// older version of Apply is refolded from the log; the store writes each
// snapshot with its events, so a current one is never behind its log.
func (s *Enrolments) Get(ctx context.Context, id string) (*Enrolment, error) {
	e, err := s.Store.Load(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	if e.Schema == SnapshotSchema {
		return e, nil
	}
	events, err := s.Store.Events(ctx, id, 0)
	if err != nil {
		return nil, fmt.Errorf("refold %s: %w", id, err)
	}
	e, err = Fold(events)
	if err != nil {
		return nil, fmt.Errorf("refold %s: %w", id, err)
	}
	return e, nil
}

// Do runs a command on an enrolment: it loads the state, runs decide,
// records the changes as events by actor, and returns the new state. When
// another writer got there first, it loads the fresher state and decides
// again, up to Attempts times, so no change is lost; after that it returns
// ErrConflict. An ended enrolment takes no commands (ErrEnded) but the
// clinician's acknowledgements of what came in before the end: reading a
// submission and reviewing a flag. A decision that returns no changes
// writes nothing.
func (s *Enrolments) Do(ctx context.Context, id string, actor Actor, decide Decision) (*Enrolment, error) {
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	for attempt := 0; ; attempt++ {
		e, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		changes, err := decide(e)
		if e.Ended() && (err != nil || !afterEnd(changes)) {
			return nil, fmt.Errorf("change %s: %w", id, ErrEnded)
		}
		if err != nil {
			return nil, fmt.Errorf("change %s: %w", id, err)
		}
		if len(changes) == 0 {
			return e, nil
		}
		expected := e.Seq
		events, err := record(e, s.now(), actor, changes)
		if err != nil {
			return nil, fmt.Errorf("change %s: %w", id, err)
		}
		err = s.Store.Append(ctx, id, expected, e, events...)
		if err == nil {
			return e, nil
		}
		if !errors.Is(err, ErrConflict) || attempt+1 >= attempts {
			return nil, fmt.Errorf("change %s: %w", id, err)
		}
		if err := backoff(ctx, attempt); err != nil {
			return nil, fmt.Errorf("change %s: %w", id, err)
		}
	}
}

// Timeline returns the whole log of an enrolment, oldest first.
func (s *Enrolments) Timeline(ctx context.Context, id string) ([]Event, error) {
	events, err := s.Store.Events(ctx, id, 0)
	if err != nil {
		return nil, fmt.Errorf("timeline %s: %w", id, err)
	}
	if len(events) == 0 {
		return nil, fmt.Errorf("timeline %s: %w", id, ErrNotFound)
	}
	return events, nil
}

// List returns the enrolments in an index.
func (s *Enrolments) List(ctx context.Context, ix Index) ([]*Enrolment, error) {
	es, err := s.Store.Enrolments(ctx, ix)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	return es, nil
}

// Purge deletes an ended enrolment and all its data ("gallring"). A running
// enrolment must be ended first (ErrInvalid).
func (s *Enrolments) Purge(ctx context.Context, id string) error {
	e, err := s.Get(ctx, id)
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	if !e.Ended() {
		return fmt.Errorf("purge %s: still running: %w", id, ErrInvalid)
	}
	if err := s.Store.Purge(ctx, id); err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	return nil
}

// record numbers the changes as events after e.Seq and applies them to e.
func record(e *Enrolment, now time.Time, actor Actor, changes []Change) ([]Event, error) {
	events := make([]Event, len(changes))
	for i, c := range changes {
		ev, err := NewEvent(now, actor, c)
		if err != nil {
			return nil, err
		}
		ev.Seq = e.Seq + 1
		if err := e.Apply(ev); err != nil {
			return nil, err
		}
		events[i] = ev
	}
	return events, nil
}

// backoff waits a random time that grows with the attempt, so that writers
// who collided spread out instead of colliding again.
func backoff(ctx context.Context, attempt int) error {
	limit := time.Millisecond << min(attempt, 6)
	t := time.NewTimer(rand.N(limit) + time.Millisecond/4)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (s *Enrolments) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Enrolments) newID() string {
	if s.NewID == nil {
		return NewID()
	}
	return s.NewID()
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewID returns a random id of 16 lower-case letters and digits (80 bits).
func NewID() string {
	var b [10]byte
	crand.Read(b[:])
	return idEncoding.EncodeToString(b[:])
}

// afterEnd reports whether an ended enrolment takes these changes: only a
// clinician's reading of a submission or review of a flag raised before
// the end, so nothing is left unacknowledged.
func afterEnd(changes []Change) bool {
	for _, c := range changes {
		switch c.(type) {
		case *FormRead, *FlagReviewed:
		default:
			return false
		}
	}
	return true
}
