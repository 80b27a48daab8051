// Conformance of the scheduler over each store: several schedulers share
// one queue and every job takes effect once, a job whose scheduler dies
// is run by another after its lease, and failures are retried with
// backoff and then given up.

package storetest

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// testSchedulersShareQueue runs three schedulers at once over 1,000 due
// jobs: each job's effect happens exactly once.
func testSchedulersShareQueue(t *testing.T, s runtime.Store) {
	SchedulersShareQueue(t, s, s, s)
}

// testSchedulerLeaseTakeover lets one scheduler die in the middle of a job
// (its handler never returns while its lease runs); another takes the job
// when the lease is over and does it, once.
func testSchedulerLeaseTakeover(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.Schedule(ctx, runtime.Job{ID: "once", Kind: "work", Due: time.Now().Add(-time.Second)}); err != nil {
		t.Fatal(err)
	}
	var done atomic.Int32
	started := make(chan struct{})
	dead := make(chan struct{})
	a := runtime.NewScheduler(s, time.Now, nil)
	a.Lease = 300 * time.Millisecond
	a.Handle("work", func(context.Context, runtime.Job) error {
		close(started)
		<-dead // a process that hangs or died: no effect, no Complete
		return errors.New("killed")
	})
	aDone := make(chan struct{})
	go func() {
		defer close(aDone)
		if _, err := a.RunDue(ctx, time.Now()); err != nil {
			t.Error(err)
		}
	}()
	<-started

	b := runtime.NewScheduler(s, time.Now, nil)
	b.Handle("work", func(context.Context, runtime.Job) error {
		done.Add(1)
		return nil
	})
	if n, err := b.RunDue(ctx, time.Now()); err != nil || n != 0 {
		t.Fatalf("while leased: ran %d, %v", n, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for done.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if _, err := b.RunDue(ctx, time.Now()); err != nil {
			t.Fatal(err)
		}
	}
	close(dead)
	<-aDone
	if n := done.Load(); n != 1 {
		t.Errorf("the job took effect %d times, want 1", n)
	}
	_, err := s.Job(ctx, "once")
	isErr(t, "the job after it was done", err, runtime.ErrNotFound)
}

// testSchedulerRetries fails a job: it is tried again after a growing
// delay, keeps its count of claims, and is given up after MaxClaims.
func testSchedulerRetries(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	clock := runtime.NewManualClock(t0)
	sc := runtime.NewScheduler(s, clock.Now, nil)
	sc.MaxClaims, sc.RetryBase, sc.RetryMax = 4, time.Minute, 3*time.Minute
	var tries []int
	failUntil := 2
	sc.Handle("flaky", func(_ context.Context, j runtime.Job) error {
		tries = append(tries, j.Claims)
		if len(tries) <= failUntil {
			return errors.New("not yet")
		}
		return nil
	})
	run := func(at time.Time) int {
		t.Helper()
		clock.Set(at)
		n, err := sc.RunDue(ctx, at)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := s.Schedule(ctx, runtime.Job{ID: "f", Kind: "flaky", Due: t0}); err != nil {
		t.Fatal(err)
	}
	equal(t, "first try", run(t0), 1)
	equal(t, "before the first retry", run(t0.Add(59*time.Second)), 0)
	equal(t, "first retry after a minute", run(t0.Add(time.Minute)), 1)
	equal(t, "before the second retry", run(t0.Add(2*time.Minute+59*time.Second)), 0)
	equal(t, "second retry two minutes later", run(t0.Add(3*time.Minute)), 1)
	equal(t, "claims seen", tries, []int{1, 2, 3})
	_, err := s.Job(ctx, "f")
	isErr(t, "done at last", err, runtime.ErrNotFound)

	// A job that always fails is given up after MaxClaims claims.
	tries, failUntil = nil, 100
	if err := s.Schedule(ctx, runtime.Job{ID: "g", Kind: "flaky", Due: t0}); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		run(t0.Add(time.Duration(i+1) * time.Hour))
	}
	equal(t, "tries before giving up", tries, []int{1, 2, 3, 4})
	_, err = s.Job(ctx, "g")
	isErr(t, "given up", err, runtime.ErrNotFound)

	// A job of a kind nobody handles is retried like a failure.
	if err := s.Schedule(ctx, runtime.Job{ID: "h", Kind: "unknown", Due: t0}); err != nil {
		t.Fatal(err)
	}
	run(t0.Add(20 * time.Hour))
	j, err := s.Job(ctx, "h")
	if err != nil || j.Claims != 1 || !j.Due.Equal(t0.Add(20*time.Hour+time.Minute)) {
		t.Errorf("unknown kind: %+v, %v", j, err)
	}
}
