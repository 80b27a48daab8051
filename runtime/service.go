package runtime

import (
	"context"
	crand "crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// DefaultAttempts is how many times Do tries a decision before it gives up
// with ErrConflict. Each try after the first waits a jittered backoff of at
// most 64 ms, so a command gives up within about half a second: under a
// crowd of writers on one enrolment, failing some fast (the web answers
// 503 with Retry-After) keeps the rest moving, where a hundred tries held
// every request, and its memory, for seconds.
const DefaultAttempts = 10

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
	// AfterAppend, if set, is called after each append with the new
	// state and the events appended (the Planner's, in plan.go).
	AfterAppend AppendHook
}

// NewEnrolments returns the service over a store.
func NewEnrolments(store EnrolmentStore) *Enrolments {
	return &Enrolments{Store: store, Now: time.Now, NewID: NewID, Attempts: DefaultAttempts}
}

// Get returns the current state of an enrolment. A snapshot folded by an
// older version of Apply is refolded from the log; the store writes each
// snapshot with its events, so a current one is never behind its log.
// The caller owns the result and may change it.
func (s *Enrolments) Get(ctx context.Context, id string) (*Enrolment, error) {
	return s.current(ctx, id, s.Store.Load)
}

// current returns the state of an enrolment as load reads it, refolded
// from the log when its snapshot is older than SnapshotSchema.
func (s *Enrolments) current(ctx context.Context, id string, load func(context.Context, string) (*Enrolment, error)) (*Enrolment, error) {
	e, err := load(ctx, id)
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
// again, up to Attempts times and while ctx lasts, so no change is lost;
// after that it returns ErrConflict. An ended enrolment takes no commands
// (ErrEnded) but the clinician's acknowledgements of what came in before
// the end: reading a submission and reviewing a flag. A decision that
// returns no changes writes nothing.
func (s *Enrolments) Do(ctx context.Context, id string, actor Actor, decide Decision) (*Enrolment, error) {
	return s.DoKeyed(ctx, id, actor, "", decide)
}

// DoKeyed is Do with an idempotency key (see KeysKept): the store appends
// the command's events only if no append with the same key came before, so
// running the command again with its key, after a timeout or an error that
// left unclear whether it was applied, applies it at most once. When it
// was, DoKeyed returns the current state and no error. An empty key is
// Do.
func (s *Enrolments) DoKeyed(ctx context.Context, id string, actor Actor, key string, decide Decision) (*Enrolment, error) {
	attempts := s.Attempts
	if attempts <= 0 {
		attempts = DefaultAttempts
	}
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("change %s: %w", id, err)
		}
		e, err := s.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		changes, err := decide(e)
		if err != nil && key != "" {
			// A resent command whose first try was applied no longer
			// fits the state it made (a module completed twice): its
			// result is the state now, not an error.
			if applied, aerr := s.Store.Applied(ctx, id, key); aerr == nil && applied {
				return e, nil
			}
		}
		if refuseEnded(e, changes, err) != nil {
			// The decisions made in this package refuse by themselves;
			// this guards any other.
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
		err = s.Store.Append(ctx, id, expected, key, e, events...)
		switch {
		case err == nil:
			s.afterAppend(ctx, e, events)
			return e, nil
		case errors.Is(err, ErrDuplicate):
			// Applied before, by an earlier try of this command: its
			// result is the state now, not a second decision.
			return s.Get(ctx, id)
		case !errors.Is(err, ErrConflict) || attempt+1 >= attempts:
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

// backoff waits a random time that grows with the attempt, up to 64 ms, so
// that writers who collided spread out instead of colliding again. It
// returns early with ctx's error when ctx ends first.
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

func (s *Enrolments) afterAppend(ctx context.Context, e *Enrolment, events []Event) {
	if s.AfterAppend != nil {
		s.AfterAppend(ctx, e, events)
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
