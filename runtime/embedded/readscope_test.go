package embedded

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// grow makes the file's map big enough that the tests' small writes never
// remap it: a write that remaps waits for every open read transaction,
// which a test that holds one while it waits for the write would never
// end.
func grow(t *testing.T, s *Store) {
	t.Helper()
	ctx := context.Background()
	big := make([]byte, 64<<10)
	for i := range 32 {
		if err := s.PutSession(ctx, fmt.Sprint("big", i), big, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 32 {
		if err := s.DeleteSession(ctx, fmt.Sprint("big", i)); err != nil {
			t.Fatal(err)
		}
	}
}

func sessionIs(t *testing.T, ctx context.Context, s *Store, id, want, when string) {
	t.Helper()
	got, err := s.Session(ctx, id)
	if err != nil || string(got) != want {
		t.Errorf("%s: session %q, %v; want %q", when, got, err, want)
	}
}

// TestReadScope checks that a scope's reads share one view of the file,
// that a write with the scope's context ends it so the reads after it see
// the write, and that reads after end see everything.
func TestReadScope(t *testing.T) {
	bg := context.Background()
	s := mustOpen(t)
	grow(t, s)
	for _, id := range []string{"a", "b"} {
		if err := s.PutSession(bg, id, []byte("v1"), time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	ctx, end := s.ReadScope(bg)
	sessionIs(t, ctx, s, "a", "v1", "first read")

	// Another request writes while the scope is open.
	wrote := make(chan error, 1)
	go func() { wrote <- s.PutSession(bg, "b", []byte("v2"), time.Hour) }()
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	sessionIs(t, ctx, s, "b", "v1", "in the scope, after another's write")
	sessionIs(t, bg, s, "b", "v2", "outside the scope")

	// The request's own write: the reads after it see it, and the other.
	if err := s.PutSession(ctx, "a", []byte("v3"), time.Hour); err != nil {
		t.Fatal(err)
	}
	sessionIs(t, ctx, s, "a", "v3", "after the scope's own write")
	sessionIs(t, ctx, s, "b", "v2", "after the scope's own write")

	end()
	if err := s.PutSession(bg, "b", []byte("v4"), time.Hour); err != nil {
		t.Fatal(err)
	}
	sessionIs(t, ctx, s, "b", "v4", "after end")

	// A scope of another store is not this one's.
	other := mustOpen(t)
	octx, oend := other.ReadScope(bg)
	defer oend()
	sessionIs(t, octx, s, "b", "v4", "with another store's scope")
}

// TestReadScopeConcurrent reads with one scope from several goroutines
// while one of them writes and grows the file (run with -race): the write
// holds the scope's transaction back, so the growth, which waits for every
// read transaction, is not kept waiting by the others' reads.
func TestReadScopeConcurrent(t *testing.T) {
	bg := context.Background()
	s := mustOpen(t)
	if err := s.PutSession(bg, "a", []byte("v"), time.Hour); err != nil {
		t.Fatal(err)
	}
	ctx, end := s.ReadScope(bg)
	defer end()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for range 50 {
				if _, err := s.Session(ctx, "a"); err != nil {
					t.Error(err)
					return
				}
				if g == 0 {
					if err := s.PutSession(ctx, "a", make([]byte, 32<<10), time.Hour); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestAppendRace appends at the same expected seq from many writers at
// once, so that their appends share batched transactions: exactly one
// wins, the others get ErrConflict and nothing of theirs is written.
func TestAppendRace(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id, events := sampleLogIn(t, s, "191212121212")
	base, err := s.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	const writers = 16
	errs := make([]error, writers)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			e := base.Clone()
			ev, err := runtime.NewEvent(time.Now(), runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, &runtime.Visited{})
			if err != nil {
				errs[i] = err
				return
			}
			ev.Seq = e.Seq + 1
			if err := e.Apply(ev); err != nil {
				errs[i] = err
				return
			}
			<-start
			errs[i] = s.Append(ctx, id, base.Seq, "", e, ev)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, runtime.ErrConflict):
			t.Errorf("append: %v, want nil or ErrConflict", err)
		}
	}
	if won != 1 {
		t.Errorf("%d appends won, want 1", won)
	}
	got, err := s.Events(ctx, id, 0)
	if err != nil || len(got) != len(events)+1 {
		t.Errorf("%d events after the race, %v; want %d", len(got), err, len(events)+1)
	}
}

// TestDoConcurrent runs a command from many writers at once through the
// service, which retries on conflict: every one is applied, once.
func TestDoConcurrent(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	id, events := sampleLogIn(t, s, "191212121212")
	svc := runtime.NewEnrolments(s)
	svc.Attempts = 100
	const writers = 12
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			key := "visit-" + string(rune('a'+i))
			if _, err := svc.DoKeyed(ctx, id, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, key, runtime.Then(func(*runtime.Enrolment) ([]runtime.Change, error) {
				return []runtime.Change{&runtime.Visited{}}, nil
			})); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	e, err := s.Load(ctx, id)
	if err != nil || e.Seq != int64(len(events)+writers) {
		t.Errorf("seq %d after %d concurrent commands, %v; want %d", e.Seq, writers, err, len(events)+writers)
	}
}
