// Conformance of runtime.Enrolments over the store: starting, recording,
// refolding old snapshots and concurrent writers.

package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testServiceStart(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	e := start(t, svc, "u1", "anna", "121212-1212")
	if e.Citizen != "201212121212" || e.Seq != 1 || e.Bundle != Bundle {
		t.Errorf("started %+v", e)
	}
	equal(t, "modules", e.ModulesWith(runtime.StatusCurrent), []string{"intro"})
	got, err := svc.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "stored", got, e)

	in := runtime.StartInput{
		Program: Program(), Bundle: Bundle, Unit: "u1", Citizen: "20121212-1212", CitizenName: "Tolvan",
		Clinician: "bo", Actor: clinician,
	}
	_, err = svc.Start(ctx, in)
	isErr(t, "start a running program again", err, runtime.ErrExists)

	bad := in
	bad.Citizen = "20121212-1213"
	_, err = svc.Start(ctx, bad)
	isErr(t, "bad number", err, runtime.ErrPnrChecksum)
	bad = in
	bad.Bundle = "sleep@1.0+0123456789ab"
	_, err = svc.Start(ctx, bad)
	isErr(t, "bundle of another program", err, runtime.ErrInvalid)
	bad = in
	bad.Current = []string{"nope"}
	_, err = svc.Start(ctx, bad)
	isErr(t, "unknown module", err, runtime.ErrInvalid)

	// Chosen modules replace the program's choice.
	in.Citizen, in.Current = "19811218-9876", []string{"sleep"}
	e, err = svc.Start(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "current modules", e.ModulesWith(runtime.StatusCurrent), []string{"sleep"})
	equal(t, "upcoming modules", e.ModulesWith(runtime.StatusUpcoming), []string{"intro"})

	// After the first ends, the program can start again.
	first := list(t, s, runtime.ByCitizen("201212121212"))[0]
	if _, err := svc.Do(ctx, first, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	in.Citizen = "201212121212"
	if _, err := svc.Start(ctx, in); err != nil {
		t.Errorf("start after end: %v", err)
	}
}

func testServiceDo(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	p := Program()
	e := start(t, svc, "u1", "anna", "19121212-1212")

	e, err := svc.Do(ctx, e.ID, citizen, runtime.Then(
		runtime.OpenStep(p, "intro", "phq", time.Now()),
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}, time.Now()),
		runtime.RaiseFlag(p, "risk", "3"),
	))
	if err != nil {
		t.Fatal(err)
	}
	if e.Seq != 4 || len(e.Submissions) != 1 || len(e.Unreviewed()) != 1 || e.Unreviewed()[0].Submission != "3" {
		t.Errorf("after submit: %+v", e)
	}
	if !e.LastActive.After(e.StartedAt) {
		t.Errorf("LastActive %v not after start %v", e.LastActive, e.StartedAt)
	}

	// A decision with no changes writes nothing.
	same, err := svc.Do(ctx, e.ID, clinician, runtime.ShowStep("intro", "what"))
	if err != nil || same.Seq != 4 {
		t.Errorf("no-op command: seq %d, %v", same.Seq, err)
	}
	_, err = svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "sleep", "diary", time.Now()))
	isErr(t, "invalid command", err, runtime.ErrInvalid)
	_, err = svc.Do(ctx, "nope", citizen, runtime.Visit())
	isErr(t, "missing enrolment", err, runtime.ErrNotFound)

	if _, err := svc.Do(ctx, e.ID, clinician, runtime.End(runtime.EndDiscontinued)); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Do(ctx, e.ID, citizen, runtime.Visit())
	isErr(t, "command on ended", err, runtime.ErrEnded)
	_, err = svc.Do(ctx, e.ID, clinician, runtime.StartModule(p, "sleep"))
	isErr(t, "clinician's command on ended", err, runtime.ErrEnded)
	// What came in before the end can still be read and reviewed.
	ended, err := svc.Do(ctx, e.ID, clinician, runtime.Then(runtime.MarkRead("3"), runtime.ReviewFlag(e.Unreviewed()[0].ID)))
	if err != nil {
		t.Fatalf("read and review after the end: %v", err)
	}
	if s, _ := ended.Submission("3"); s.ReadAt.IsZero() || len(ended.Unreviewed()) != 0 {
		t.Errorf("after read and review: %+v", ended)
	}

	timeline, err := svc.Timeline(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, ev := range timeline {
		types = append(types, ev.Type)
	}
	equal(t, "timeline", types, []string{"started", "step_opened", "form_submitted", "flag_raised", "ended", "form_read", "flag_reviewed"})
	if timeline[2].Actor != citizen || timeline[4].Actor != clinician {
		t.Errorf("actors: %+v, %+v", timeline[2].Actor, timeline[4].Actor)
	}
}

// testServiceRefold stores a snapshot folded by an older Apply and checks
// that the service trusts the log instead.
func testServiceRefold(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	evs := events(t, 0, &runtime.EnrolmentStarted{ID: "e1", Unit: "u1", Citizen: "191212121212", Clinician: "anna"}, &runtime.Visited{})
	truth, err := runtime.Fold(evs)
	if err != nil {
		t.Fatal(err)
	}
	old := *truth
	old.Schema, old.CitizenName, old.LastActive = 0, "folded by an older version", time.Time{}
	if err := s.Append(ctx, "e1", 0, "", &old, evs...); err != nil {
		t.Fatal(err)
	}
	got, err := service(s).Get(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "state", got, truth)
}

// testServiceKeyOnce runs one keyed command from many goroutines at once,
// as a driver's and a user's retries of one submission would: it is
// applied once, with its flag, and every caller gets the state with it.
func testServiceKeyOnce(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	p := Program()
	e := start(t, svc, "u1", "anna", "19121212-1212")
	if _, err := svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "intro", "phq", time.Now())); err != nil {
		t.Fatal(err)
	}
	submit := runtime.Then(
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}, time.Now()),
		runtime.RaiseFlag(p, "risk", "3"),
	)
	const racers = 20
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			got, err := svc.DoKeyed(ctx, e.ID, citizen, "submit-1", submit)
			if err != nil {
				t.Errorf("racer %d: %v", i, err)
				return
			}
			if len(got.Submissions) != 1 {
				t.Errorf("racer %d got a state with %d submissions, want 1", i, len(got.Submissions))
			}
		})
	}
	wg.Wait()
	// The same key once more, after the race, and a decision that would
	// now fail: the command was applied, so that is its answer.
	if _, err := svc.DoKeyed(ctx, e.ID, citizen, "submit-1", submit); err != nil {
		t.Errorf("again after the race: %v", err)
	}
	got, err := svc.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Submissions) != 1 || len(got.Reviews) != 1 {
		t.Errorf("%d submissions and %d flags after %d racers with one key, want 1 of each", len(got.Submissions), len(got.Reviews), racers)
	}
	// A resent command that no longer fits the state its first try made
	// (completing a module twice, whose second decision is refused) is
	// answered with the state, not the refusal.
	complete := runtime.CompleteModule("intro")
	if _, err := svc.DoKeyed(ctx, e.ID, clinician, "complete-1", complete); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DoKeyed(ctx, e.ID, clinician, "complete-1", runtime.QueueModule("nope")); err != nil {
		t.Errorf("a refused decision resent with an applied key: %v", err)
	}
	if _, err := svc.DoKeyed(ctx, e.ID, clinician, "complete-2", runtime.QueueModule("nope")); !errors.Is(err, runtime.ErrInvalid) {
		t.Errorf("a refused decision with a new key = %v, want ErrInvalid", err)
	}
	// Another key is another submission.
	if _, err := svc.DoKeyed(ctx, e.ID, citizen, "submit-2", runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"1"}}, time.Now())); err != nil {
		t.Fatal(err)
	}
	if got, _ := svc.Get(ctx, e.ID); len(got.Submissions) != 2 {
		t.Errorf("%d submissions after a second key, want 2", len(got.Submissions))
	}
}

// testConcurrentWriters races Writers goroutines on one enrolment through
// the service's retry path and checks that no event was lost and none was
// stored twice. The service gives up after its Attempts with ErrConflict,
// as it should under such a crowd; each writer then does what a client
// told to retry later does: it waits a moment and sends the command again
// with its key, until it goes through or the deadline passes. So every
// event must be in the log exactly once. The deadline is generous: under
// -race on a loaded machine 500 commands (ten a writer) took two
// minutes.
func testConcurrentWriters(t *testing.T, s runtime.Store) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	svc := service(s)
	e := start(t, svc, "u1", "anna", "19121212-1212")

	var wg sync.WaitGroup
	var exhausted atomic.Int64
	errs := make(chan error, Writers)
	for w := range Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := runtime.Actor{ID: fmt.Sprintf("w%d", w), Role: runtime.RoleCitizen}
			for i := range EventsPerWriter {
				key := fmt.Sprintf("w%d-%d", w, i)
				for {
					_, err := svc.DoKeyed(ctx, e.ID, actor, key, runtime.Always(&runtime.StepOpened{Module: "intro", Step: fmt.Sprintf("s%d", w)}))
					if err == nil {
						break
					}
					if !errors.Is(err, runtime.ErrConflict) {
						errs <- fmt.Errorf("writer %d, event %d: %w", w, i, err)
						return
					}
					exhausted.Add(1)
					select {
					case <-ctx.Done():
					case <-time.After(time.Duration(1+rand.N(20)) * time.Millisecond):
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	t.Logf("%d writers × %d events: %d commands ran out of attempts and were sent again", Writers, EventsPerWriter, exhausted.Load())
	ctx = context.Background()

	log, err := s.Events(ctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := 1 + Writers*EventsPerWriter
	if len(log) != want {
		t.Fatalf("log has %d events, want %d", len(log), want)
	}
	for i, ev := range log {
		if ev.Seq != int64(i+1) {
			t.Fatalf("event %d has seq %d", i, ev.Seq)
		}
	}
	folded, err := runtime.Fold(log)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "snapshot against fold of the log", snap, folded)
	for w := range Writers {
		k := runtime.StepKey("intro", fmt.Sprintf("s%d", w))
		if o := folded.Opened[k]; o == nil || o.Count != EventsPerWriter {
			t.Errorf("writer %d: step opened %v times, want %d", w, o, EventsPerWriter)
		}
	}
}
