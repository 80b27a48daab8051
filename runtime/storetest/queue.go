// Conformance of the due-time queue: scheduling, rescheduling, claims
// and their leases.

package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func claimIDs(t *testing.T, s runtime.Store, now time.Time, max int, lease time.Duration) []runtime.Job {
	t.Helper()
	jobs, err := s.Claim(context.Background(), now, max, lease)
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	return jobs
}

func jobIDs(jobs []runtime.Job) []string {
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.ID)
	}
	return ids
}

func testQueue(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	jobs := []runtime.Job{
		{ID: "b", Kind: "reminder", Enrolment: "e1", Due: t0.Add(2 * time.Minute), Data: json.RawMessage(`{"days":7}`)},
		{ID: "a", Kind: "reminder", Enrolment: "e2", Due: t0.Add(time.Minute)},
		{ID: "c", Kind: "battery", Due: t0.Add(time.Hour)},
	}
	for _, j := range jobs {
		if err := s.Schedule(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	equal(t, "nothing due yet", jobIDs(claimIDs(t, s, t0, 10, time.Minute)), []string(nil))

	now := t0.Add(5 * time.Minute)
	first := claimIDs(t, s, now, 10, time.Minute)
	equal(t, "due jobs, earliest first", jobIDs(first), []string{"a", "b"})
	want := jobs[0]
	want.Lease, want.Claims = first[1].Lease, 1
	equal(t, "claimed job", first[1], want)
	if first[0].Lease == "" {
		t.Error("claimed job has no lease")
	}
	equal(t, "leased jobs are not claimed again", jobIDs(claimIDs(t, s, now.Add(30*time.Second), 10, time.Minute)), []string(nil))

	// The runner of "a" finishes; the runner of "b" dies, and its lease
	// runs out.
	if err := s.Complete(ctx, "a", first[0].Lease); err != nil {
		t.Fatal(err)
	}
	later := now.Add(2 * time.Minute)
	second := claimIDs(t, s, later, 10, time.Minute)
	equal(t, "after the lease", jobIDs(second), []string{"b"})
	if second[0].Claims != 2 || second[0].Lease == first[1].Lease {
		t.Errorf("reclaimed job: claims %d, lease %q (was %q)", second[0].Claims, second[0].Lease, first[1].Lease)
	}
	isErr(t, "complete with a lost lease", s.Complete(ctx, "b", first[1].Lease), runtime.ErrConflict)
	isErr(t, "complete without a lease", s.Complete(ctx, "c", ""), runtime.ErrConflict)
	isErr(t, "complete a completed job", s.Complete(ctx, "a", first[0].Lease), runtime.ErrNotFound)
	if err := s.Complete(ctx, "b", second[0].Lease); err != nil {
		t.Fatal(err)
	}
	equal(t, "at the end", jobIDs(claimIDs(t, s, t0.Add(24*time.Hour), 10, time.Minute)), []string{"c"})

	jobs, err := s.Claim(ctx, t0.Add(48*time.Hour), 0, time.Minute)
	if err != nil || len(jobs) != 0 {
		t.Errorf("claim of 0 jobs = %v, %v", jobs, err)
	}
}

func testQueueReschedule(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.Schedule(ctx, runtime.Job{ID: "x", Kind: "reminder", Due: t0}); err != nil {
		t.Fatal(err)
	}
	claimed := claimIDs(t, s, t0, 1, time.Hour)
	if len(claimed) != 1 {
		t.Fatalf("claimed %d jobs", len(claimed))
	}
	// Scheduling anew replaces the job and its lease.
	if err := s.Schedule(ctx, runtime.Job{ID: "x", Kind: "reminder", Due: t0.Add(time.Minute)}); err != nil {
		t.Fatal(err)
	}
	isErr(t, "complete after reschedule", s.Complete(ctx, "x", claimed[0].Lease), runtime.ErrConflict)
	again := claimIDs(t, s, t0.Add(time.Minute), 10, time.Hour)
	if len(again) != 1 || again[0].Claims != 1 || !again[0].Due.Equal(t0.Add(time.Minute)) {
		t.Errorf("rescheduled job = %+v", again)
	}

	if err := s.Schedule(ctx, runtime.Job{ID: "y", Kind: "reminder", Due: t0}); err != nil {
		t.Fatal(err)
	}
	if err := s.Unschedule(ctx, "y"); err != nil {
		t.Fatal(err)
	}
	if err := s.Unschedule(ctx, "y"); err != nil {
		t.Errorf("unschedule twice: %v", err)
	}
	equal(t, "after unschedule", jobIDs(claimIDs(t, s, t0.Add(time.Hour), 10, time.Hour)), []string(nil))
}

// testQueueExclusive lets claimers race for many due jobs: each job must
// be claimed exactly once.
func testQueueExclusive(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	const jobs, claimers = 200, 8
	for i := range jobs {
		if err := s.Schedule(ctx, runtime.Job{ID: fmt.Sprintf("j%03d", i), Kind: "k", Due: t0.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for range claimers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := s.Claim(ctx, t0.Add(time.Hour), 7, time.Hour)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				for _, j := range got {
					seen[j.ID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != jobs {
		t.Errorf("%d jobs claimed, want %d", len(seen), jobs)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("job %s claimed %d times", id, n)
		}
	}
}

// testQueueRetry gives a failed job back with a later due time: it keeps
// its count of claims, and only its lease may give it back.
func testQueueRetry(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	_, err := s.Job(ctx, "r")
	isErr(t, "job before scheduling", err, runtime.ErrNotFound)
	j := runtime.Job{ID: "r", Kind: "reminder", Enrolment: "e1", Due: t0, Data: json.RawMessage(`{"flag":"f"}`)}
	if err := s.Schedule(ctx, j); err != nil {
		t.Fatal(err)
	}
	got, err := s.Job(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "scheduled job", got, j)

	first := claimIDs(t, s, t0, 10, time.Minute)
	if len(first) != 1 {
		t.Fatalf("claimed %d jobs", len(first))
	}
	got, err = s.Job(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	if got.Lease != first[0].Lease || got.Claims != 1 || !got.Due.Equal(t0) {
		t.Errorf("claimed job = %+v", got)
	}
	stale := first[0]
	stale.Lease = "not-the-lease"
	isErr(t, "retry with another lease", s.Retry(ctx, stale, t0.Add(time.Hour)), runtime.ErrConflict)
	if err := s.Retry(ctx, first[0], t0.Add(10*time.Minute)); err != nil {
		t.Fatal(err)
	}
	isErr(t, "retry twice", s.Retry(ctx, first[0], t0.Add(time.Hour)), runtime.ErrConflict)
	isErr(t, "complete after retry", s.Complete(ctx, "r", first[0].Lease), runtime.ErrConflict)
	equal(t, "not due before the retry", jobIDs(claimIDs(t, s, t0.Add(9*time.Minute), 10, time.Minute)), []string(nil))
	got, err = s.Job(ctx, "r")
	if err != nil {
		t.Fatal(err)
	}
	want := j
	want.Due, want.Claims = t0.Add(10*time.Minute), 1
	equal(t, "retried job", got, want)

	second := claimIDs(t, s, t0.Add(10*time.Minute), 10, time.Minute)
	if len(second) != 1 || second[0].Claims != 2 || !second[0].Due.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("claim after retry = %+v", second)
	}
	if err := s.Complete(ctx, "r", second[0].Lease); err != nil {
		t.Fatal(err)
	}
	isErr(t, "retry a completed job", s.Retry(ctx, second[0], t0.Add(time.Hour)), runtime.ErrNotFound)
	_, err = s.Job(ctx, "r")
	isErr(t, "job after completion", err, runtime.ErrNotFound)
}
