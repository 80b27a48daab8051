package runtime_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// busyStore is an enrolment store where every append loses to another
// writer, as under a crowd on one enrolment.
type busyStore struct {
	appends atomic.Int64
}

func (s *busyStore) Append(context.Context, string, int64, string, *runtime.Enrolment, ...runtime.Event) error {
	s.appends.Add(1)
	return runtime.ErrConflict
}

func (s *busyStore) Applied(context.Context, string, string) (bool, error) { return false, nil }

func (s *busyStore) Load(_ context.Context, id string) (*runtime.Enrolment, error) {
	return &runtime.Enrolment{Schema: runtime.SnapshotSchema, Seq: 1, ID: id}, nil
}

func (s *busyStore) Events(context.Context, string, int64) ([]runtime.Event, error) {
	return nil, runtime.ErrNotFound
}

func (s *busyStore) Enrolments(context.Context, runtime.Index) ([]*runtime.Enrolment, error) {
	return nil, nil
}

func (s *busyStore) Purge(context.Context, string) error { return runtime.ErrNotFound }

// TestDoGivesUp checks that a command that keeps losing gives up soon with
// ErrConflict: a hundred tries held 300 writers on 5 enrolments for
// seconds each and grew the process to 1.1 GB.
func TestDoGivesUp(t *testing.T) {
	if runtime.DefaultAttempts > 10 {
		t.Errorf("DefaultAttempts = %d, want at most 10", runtime.DefaultAttempts)
	}
	store := &busyStore{}
	svc := runtime.NewEnrolments(store)
	start := time.Now()
	_, err := svc.Do(context.Background(), "e1", runtime.Actor{ID: "x", Role: runtime.RoleCitizen}, runtime.Visit())
	if !errors.Is(err, runtime.ErrConflict) {
		t.Errorf("Do = %v, want ErrConflict", err)
	}
	if n := store.appends.Load(); n != int64(runtime.DefaultAttempts) {
		t.Errorf("%d appends, want DefaultAttempts = %d", n, runtime.DefaultAttempts)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("giving up took %v", took)
	}
}

// TestDoKeepsTheDeadline checks that the retries end with the context.
func TestDoKeepsTheDeadline(t *testing.T) {
	store := &busyStore{}
	svc := runtime.NewEnrolments(store)
	svc.Attempts = 1 << 20
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := svc.Do(ctx, "e1", runtime.Actor{ID: "x", Role: runtime.RoleCitizen}, runtime.Visit())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Do = %v, want the deadline", err)
	}
	if took := time.Since(start); took > 50*time.Millisecond+100*time.Millisecond {
		t.Errorf("Do returned %v after a deadline of 50ms", took)
	}
}
