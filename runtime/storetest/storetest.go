// Package storetest is the conformance suite every runtime.Store passes.
// A store's own test calls Run with a function that opens an empty store:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) runtime.Store { return mustOpen(t) })
//	}
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// Writers and EventsPerWriter size the concurrency test: Writers
// goroutines each record EventsPerWriter events on one enrolment.
var (
	Writers         = 50
	EventsPerWriter = 10
)

// Run runs every conformance test. open must return a new, empty store for
// each call and close it when the test ends (t.Cleanup).
func Run(t *testing.T, open func(t *testing.T) runtime.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, s runtime.Store)
	}{
		{"Ping", testPing},
		{"AppendCreates", testAppendCreates},
		{"AppendConflicts", testAppendConflicts},
		{"NotFound", testNotFound},
		{"EventsAfter", testEventsAfter},
		{"Indexes", testIndexes},
		{"IndexIgnoresStaleMembers", testIndexStale},
		{"Purge", testPurge},
		{"ServiceStart", testServiceStart},
		{"ServiceDo", testServiceDo},
		{"ServiceRefoldsOldSnapshots", testServiceRefold},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Bundles", testBundles},
		{"PublishAndActivate", testPublishAndActivate},
		{"Units", testUnits},
		{"StaffAndRoles", testStaffAndRoles},
		{"Citizens", testCitizens},
		{"Sessions", testSessions},
		{"SessionExpiry", testSessionExpiry},
		{"Queue", testQueue},
		{"QueueReschedule", testQueueReschedule},
		{"QueueClaimIsExclusive", testQueueExclusive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.run(t, open(t))
		})
	}
}

// Bundle is the bundle name the suite's enrolments are pinned to.
const Bundle = "stress@1.0+0123456789ab"

// Program is the small program the suite starts enrolments of.
func Program() *designer.Program {
	return &designer.Program{
		ID: "stress", Version: "1.0",
		Modules: []*designer.Module{
			{ID: "intro", Start: designer.StartCurrent, Sections: []*designer.Section{{ID: "a", Steps: []*designer.Step{
				{ID: "what"}, {ID: "why"}, {ID: "phq", Form: "phq9"},
			}}}},
			{ID: "sleep", Start: designer.StartUpcoming, Sections: []*designer.Section{{ID: "a", Steps: []*designer.Step{
				{ID: "diary"},
			}}}},
		},
		Forms: []*designer.Form{{ID: "phq9", Version: "v1", Questions: []*designer.Question{{ID: "q1"}, {ID: "q2"}}}},
		Flags: []*designer.Flag{{ID: "risk", Urgent: true}},
	}
}

var (
	clinician = runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	citizen   = runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}
	t0        = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
)

// clock is a test clock that moves a second on each reading.
type clock struct{ n atomic.Int64 }

func (c *clock) now() time.Time { return t0.Add(time.Duration(c.n.Add(1)) * time.Second) }

func service(s runtime.Store) *runtime.Enrolments {
	svc := runtime.NewEnrolments(s)
	svc.Now = new(clock).now
	return svc
}

// start starts the suite's program for a citizen on a unit.
func start(t *testing.T, svc *runtime.Enrolments, unit, clin, pnr string) *runtime.Enrolment {
	t.Helper()
	e, err := svc.Start(context.Background(), runtime.StartInput{
		Program: Program(), Bundle: Bundle, Unit: unit, Citizen: pnr, CitizenName: "Tolvan Tolvansson",
		Clinician: clin, Actor: runtime.Actor{ID: clin, Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return e
}

// events makes n events numbered from after+1.
func events(t *testing.T, after int64, changes ...runtime.Change) []runtime.Event {
	t.Helper()
	var out []runtime.Event
	for i, c := range changes {
		ev, err := runtime.NewEvent(t0.Add(time.Duration(after+int64(i))*time.Minute), citizen, c)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = after + int64(i) + 1
		out = append(out, ev)
	}
	return out
}

// create appends a fresh log for id and returns its state and events.
func create(t *testing.T, s runtime.Store, id string, changes ...runtime.Change) (*runtime.Enrolment, []runtime.Event) {
	t.Helper()
	all := append([]runtime.Change{&runtime.EnrolmentStarted{
		ID: id, Program: "stress", Bundle: Bundle, Unit: "u1", Citizen: "191212121212",
		CitizenName: "Tolvan Tolvansson", Clinician: "anna", Current: []string{"intro"}, Upcoming: []string{"sleep"},
	}}, changes...)
	evs := events(t, 0, all...)
	e, err := runtime.Fold(evs)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append(context.Background(), id, 0, e, evs...); err != nil {
		t.Fatalf("create %s: %v", id, err)
	}
	return e, evs
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s\n got %+v\nwant %+v", what, got, want)
	}
}

func isErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error = %v, want %v", what, err, want)
	}
}

func testPing(t *testing.T, s runtime.Store) {
	if err := s.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

func testAppendCreates(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	e, evs := create(t, s, "e1", &runtime.Visited{}, &runtime.StepOpened{Module: "intro", Step: "what"})
	got, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "snapshot", got, e)
	log, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "log", log, evs)

	more := events(t, 3, &runtime.StepOpened{Module: "intro", Step: "why"}, &runtime.MobileShared{Mobile: "070"})
	for _, ev := range more {
		if err := e.Apply(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append(ctx, "e1", 3, e, more...); err != nil {
		t.Fatal(err)
	}
	got, err = s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "snapshot after append", got, e)
	log, err = s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "log after append", log, append(evs, more...))
	folded, err := runtime.Fold(log)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "fold of the log", folded, got)
}

func testAppendConflicts(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	e, _ := create(t, s, "e1", &runtime.Visited{})

	// Creating again conflicts, whatever the events.
	again, err := runtime.Fold(events(t, 0, &runtime.EnrolmentStarted{ID: "e1", Unit: "u2"}))
	if err != nil {
		t.Fatal(err)
	}
	isErr(t, "create twice", s.Append(ctx, "e1", 0, again, events(t, 0, &runtime.EnrolmentStarted{ID: "e1", Unit: "u2"})...), runtime.ErrConflict)

	// A writer who saw seq 1 loses against the log at seq 2.
	stale := events(t, 1, &runtime.Visited{})
	isErr(t, "stale append", s.Append(ctx, "e1", 1, e, stale...), runtime.ErrConflict)
	ahead := &runtime.Enrolment{ID: "e1", Seq: 6}
	isErr(t, "append ahead", s.Append(ctx, "e1", 5, ahead, events(t, 5, &runtime.Visited{})...), runtime.ErrConflict)

	// Nothing of the refused appends was written.
	log, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Errorf("log has %d events after refused appends, want 2", len(log))
	}
	got, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "snapshot after refused appends", got, e)
}

func testNotFound(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	_, err := s.Load(ctx, "nope")
	isErr(t, "Load", err, runtime.ErrNotFound)
	_, err = s.Events(ctx, "nope", 0)
	isErr(t, "Events", err, runtime.ErrNotFound)
	e := &runtime.Enrolment{ID: "nope", Seq: 3}
	isErr(t, "Append to a missing log", s.Append(ctx, "nope", 2, e, events(t, 2, &runtime.Visited{})...), runtime.ErrNotFound)
	isErr(t, "Purge", s.Purge(ctx, "nope"), runtime.ErrNotFound)
	_, err = s.BundleFile(ctx, "nope@1.0+000000000000", "program.json")
	isErr(t, "BundleFile", err, runtime.ErrNotFound)
	_, err = s.Activation(ctx, "u1", "stress")
	isErr(t, "Activation", err, runtime.ErrNotFound)
	isErr(t, "Deactivate", s.Deactivate(ctx, "u1", "stress"), runtime.ErrNotFound)
	_, err = s.Unit(ctx, "nope")
	isErr(t, "Unit", err, runtime.ErrNotFound)
	_, err = s.Staff(ctx, "nope")
	isErr(t, "Staff", err, runtime.ErrNotFound)
	isErr(t, "SetRoles", s.SetRoles(ctx, "nope", "u1", []runtime.Role{runtime.RoleClinician}), runtime.ErrNotFound)
	_, err = s.Citizen(ctx, "191212121212")
	isErr(t, "Citizen", err, runtime.ErrNotFound)
	_, err = s.Session(ctx, "nope")
	isErr(t, "Session", err, runtime.ErrNotFound)

	for _, ix := range []runtime.Index{runtime.ByUnit("u1"), runtime.ByClinician("anna"), runtime.ByCitizen("191212121212"), runtime.EndedIn("u1")} {
		es, err := s.Enrolments(ctx, ix)
		if err != nil || len(es) != 0 {
			t.Errorf("Enrolments(%s) of an empty store = %v, %v; want none", ix, es, err)
		}
	}
	for name, list := range map[string]func() (int, error){
		"Bundles":      func() (int, error) { l, err := s.Bundles(ctx); return len(l), err },
		"Publications": func() (int, error) { l, err := s.Publications(ctx); return len(l), err },
		"Activations":  func() (int, error) { l, err := s.Activations(ctx, "u1"); return len(l), err },
		"Units":        func() (int, error) { l, err := s.Units(ctx); return len(l), err },
		"StaffMembers": func() (int, error) { l, err := s.StaffMembers(ctx); return len(l), err },
	} {
		if n, err := list(); n != 0 || err != nil {
			t.Errorf("%s of an empty store = %d, %v; want 0, nil", name, n, err)
		}
	}
}

func testEventsAfter(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	_, evs := create(t, s, "e1", &runtime.Visited{}, &runtime.Visited{}, &runtime.StepOpened{Module: "intro", Step: "what"})
	for after := int64(0); after <= 5; after++ {
		got, err := s.Events(ctx, "e1", after)
		if err != nil {
			t.Fatal(err)
		}
		want := evs[min(after, int64(len(evs))):]
		if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
			t.Errorf("Events after %d = %d events, want %d", after, len(got), len(want))
		}
	}
}

func ids(es []*runtime.Enrolment) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

func list(t *testing.T, s runtime.Store, ix runtime.Index) []string {
	t.Helper()
	es, err := s.Enrolments(context.Background(), ix)
	if err != nil {
		t.Fatalf("Enrolments(%s): %v", ix, err)
	}
	for _, e := range es {
		if !ix.Match(e) {
			t.Errorf("Enrolments(%s) lists %s, which does not match", ix, e.ID)
		}
	}
	return ids(es)
}

func testIndexes(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	b := start(t, svc, "u1", "bo", "19811218-9876")
	c := start(t, svc, "u2", "anna", "19701063-1237")

	equal(t, "unit u1", list(t, s, runtime.ByUnit("u1")), []string{a.ID, b.ID})
	equal(t, "unit u2", list(t, s, runtime.ByUnit("u2")), []string{c.ID})
	equal(t, "clinician anna", list(t, s, runtime.ByClinician("anna")), []string{a.ID, c.ID})
	equal(t, "citizen", list(t, s, runtime.ByCitizen("191212121212")), []string{a.ID})
	equal(t, "ended in u1", list(t, s, runtime.EndedIn("u1")), []string(nil))

	if _, err := svc.Do(ctx, a.ID, clinician, runtime.ChangeClinician("bo")); err != nil {
		t.Fatal(err)
	}
	equal(t, "clinician anna after handover", list(t, s, runtime.ByClinician("anna")), []string{c.ID})
	equal(t, "clinician bo after handover", list(t, s, runtime.ByClinician("bo")), []string{a.ID, b.ID})

	if _, err := svc.Do(ctx, b.ID, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	equal(t, "unit u1 after end", list(t, s, runtime.ByUnit("u1")), []string{a.ID})
	equal(t, "clinician bo after end", list(t, s, runtime.ByClinician("bo")), []string{a.ID})
	equal(t, "ended in u1 after end", list(t, s, runtime.EndedIn("u1")), []string{b.ID})
	equal(t, "citizen after end", list(t, s, runtime.ByCitizen("198112189876")), []string{b.ID})

	// Listing twice gives the same, after any repair the first did.
	equal(t, "clinician anna again", list(t, s, runtime.ByClinician("anna")), []string{c.ID})
}

func testIndexStale(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	e, _ := create(t, s, "e1")
	equal(t, "unit u1", list(t, s, runtime.ByUnit("u1")), []string{"e1"})
	// Move the enrolment to another unit behind the index's back: the
	// store's own index updates must still leave only the truth visible.
	evs := events(t, 1, &runtime.ClinicianChanged{From: "anna", To: "bo"})
	if err := e.Apply(evs[0]); err != nil {
		t.Fatal(err)
	}
	e.Unit = "u9"
	if err := s.Append(ctx, "e1", 1, e, evs...); err != nil {
		t.Fatal(err)
	}
	equal(t, "unit u1", list(t, s, runtime.ByUnit("u1")), []string(nil))
	equal(t, "unit u9", list(t, s, runtime.ByUnit("u9")), []string{"e1"})
	equal(t, "clinician anna", list(t, s, runtime.ByClinician("anna")), []string(nil))
	equal(t, "clinician bo", list(t, s, runtime.ByClinician("bo")), []string{"e1"})
}

func testPurge(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	b := start(t, svc, "u1", "anna", "19811218-9876")
	isErr(t, "purge running", svc.Purge(ctx, a.ID), runtime.ErrInvalid)
	if _, err := svc.Do(ctx, a.ID, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Purge(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load(ctx, a.ID)
	isErr(t, "load purged", err, runtime.ErrNotFound)
	_, err = s.Events(ctx, a.ID, 0)
	isErr(t, "events of purged", err, runtime.ErrNotFound)
	equal(t, "ended in u1", list(t, s, runtime.EndedIn("u1")), []string(nil))
	equal(t, "citizen", list(t, s, runtime.ByCitizen("191212121212")), []string(nil))
	equal(t, "unit u1", list(t, s, runtime.ByUnit("u1")), []string{b.ID})
	if _, err := s.Load(ctx, b.ID); err != nil {
		t.Errorf("the other enrolment: %v", err)
	}
}

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
		runtime.OpenStep(p, "intro", "phq"),
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}),
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
	_, err = svc.Do(ctx, e.ID, citizen, runtime.OpenStep(p, "sleep", "diary"))
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
	if err := s.Append(ctx, "e1", 0, &old, evs...); err != nil {
		t.Fatal(err)
	}
	got, err := service(s).Get(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "state", got, truth)
}

// testConcurrentWriters races Writers goroutines on one enrolment through
// the service's retry path and checks that no event was lost.
func testConcurrentWriters(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	e := start(t, svc, "u1", "anna", "19121212-1212")

	var wg sync.WaitGroup
	errs := make(chan error, Writers)
	for w := range Writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := runtime.Actor{ID: fmt.Sprintf("w%d", w), Role: runtime.RoleCitizen}
			for range EventsPerWriter {
				_, err := svc.Do(ctx, e.ID, actor, runtime.Always(&runtime.StepOpened{Module: "intro", Step: fmt.Sprintf("s%d", w)}))
				if err != nil {
					errs <- fmt.Errorf("writer %d: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}

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

func testBundles(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	files := map[string][]byte{
		"program.json":         []byte(`{"id":"stress"}`),
		"manifest.json":        []byte(`{"files":[]}`),
		"steps/intro/why.html": []byte("<p>Varför</p>"),
		"media/bild-3fa2.png":  bytes.Repeat([]byte{0, 1, 2, 255}, 4096),
		"pdf/empty":            {},
	}
	if err := s.PutBundle(ctx, Bundle, nil); err == nil {
		t.Error("a bundle without files was stored")
	}
	if err := s.PutBundle(ctx, Bundle, files); err != nil {
		t.Fatal(err)
	}
	for path, want := range files {
		got, err := s.BundleFile(ctx, Bundle, path)
		if err != nil {
			t.Fatalf("BundleFile %s: %v", path, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("BundleFile %s = %d bytes, want %d", path, len(got), len(want))
		}
	}
	_, err := s.BundleFile(ctx, Bundle, "steps/nope.html")
	isErr(t, "missing file", err, runtime.ErrNotFound)

	// A bundle is immutable: putting its name again changes nothing.
	if err := s.PutBundle(ctx, Bundle, map[string][]byte{"program.json": []byte("other")}); err != nil {
		t.Fatal(err)
	}
	got, err := s.BundleFile(ctx, Bundle, "program.json")
	if err != nil || string(got) != `{"id":"stress"}` {
		t.Errorf("after a second put: %q, %v", got, err)
	}
	_, err = s.BundleFile(ctx, Bundle, "pdf/nothing")
	isErr(t, "file of a second put", err, runtime.ErrNotFound)

	if err := s.PutBundle(ctx, "alpha@2.1+aaaaaaaaaaaa", map[string][]byte{"program.json": []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	names, err := s.Bundles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "bundles", names, []string{"alpha@2.1+aaaaaaaaaaaa", Bundle})
}

func testPublishAndActivate(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	isErr(t, "publish unstored bundle", s.Publish(ctx, runtime.Publication{Program: "stress", Version: "1.0", Bundle: Bundle, PublishedAt: t0}), runtime.ErrNotFound)
	newer := "stress@1.1+bbbbbbbbbbbb"
	for _, b := range []string{Bundle, newer, "alpha@1.0+aaaaaaaaaaaa"} {
		if err := s.PutBundle(ctx, b, map[string][]byte{"program.json": []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	isErr(t, "activate unpublished", s.Activate(ctx, runtime.Activation{Unit: "u1", Program: "stress", Bundle: Bundle, ActivatedAt: t0}), runtime.ErrNotFound)

	pubs := []runtime.Publication{
		{Program: "stress", Version: "1.1", Bundle: newer, PublishedAt: t0.Add(time.Hour), PublishedBy: "anna"},
		{Program: "stress", Version: "1.0", Bundle: Bundle, PublishedAt: t0, PublishedBy: "anna"},
		{Program: "alpha", Version: "1.0", Bundle: "alpha@1.0+aaaaaaaaaaaa", PublishedAt: t0.Add(2 * time.Hour)},
	}
	for _, p := range pubs {
		if err := s.Publish(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Publications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "publications", got, []runtime.Publication{pubs[2], pubs[1], pubs[0]})

	a := runtime.Activation{Unit: "u1", Program: "stress", Bundle: Bundle, ActivatedAt: t0, ActivatedBy: "admin"}
	if err := s.Activate(ctx, a); err != nil {
		t.Fatal(err)
	}
	a.Bundle = newer
	if err := s.Activate(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := runtime.Activation{Unit: "u1", Program: "alpha", Bundle: "alpha@1.0+aaaaaaaaaaaa", ActivatedAt: t0}
	if err := s.Activate(ctx, b); err != nil {
		t.Fatal(err)
	}
	if err := s.Activate(ctx, runtime.Activation{Unit: "u2", Program: "alpha", Bundle: "alpha@1.0+aaaaaaaaaaaa", ActivatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	one, err := s.Activation(ctx, "u1", "stress")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activation", one, a)
	all, err := s.Activations(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activations", all, []runtime.Activation{b, a})
	if err := s.Deactivate(ctx, "u1", "alpha"); err != nil {
		t.Fatal(err)
	}
	all, err = s.Activations(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "activations after deactivate", all, []runtime.Activation{a})
	_, err = s.Activation(ctx, "u1", "alpha")
	isErr(t, "deactivated", err, runtime.ErrNotFound)
}

func testUnits(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	for _, u := range []runtime.Unit{{ID: "u2", Name: "Mottagning Syd"}, {ID: "u1", Name: "Mottagning Nord"}, {ID: "u2", Name: "Mottagning Söder"}} {
		if err := s.PutUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	u, err := s.Unit(ctx, "u2")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "unit", u, runtime.Unit{ID: "u2", Name: "Mottagning Söder"})
	all, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "units", all, []runtime.Unit{{ID: "u1", Name: "Mottagning Nord"}, {ID: "u2", Name: "Mottagning Söder"}})
}

func testStaffAndRoles(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	anna := runtime.Staff{ID: "anna", Name: "Anna Andersson", Email: "anna@example.se", PasswordHash: "x"}
	if err := s.PutStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStaff(ctx, runtime.Staff{ID: "bo", Name: "Bo Berg"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoles(ctx, "anna", "u1", []runtime.Role{runtime.RoleClinician, runtime.RoleUnitAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoles(ctx, "anna", "u2", []runtime.Role{runtime.RoleCitizenAdmin}); err != nil {
		t.Fatal(err)
	}
	// Roles survive a new record: only SetRoles changes them.
	anna.Name = "Anna Ek"
	anna.Roles = map[string][]runtime.Role{"u9": {runtime.RoleDataAdmin}}
	if err := s.PutStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	got, err := s.Staff(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	anna.Roles = map[string][]runtime.Role{
		"u1": {runtime.RoleClinician, runtime.RoleUnitAdmin},
		"u2": {runtime.RoleCitizenAdmin},
	}
	equal(t, "staff", got, anna)
	if !got.HasRole("u1", runtime.RoleUnitAdmin) || got.HasRole("u2", runtime.RoleClinician) {
		t.Errorf("HasRole disagrees with %v", got.Roles)
	}

	if err := s.SetRoles(ctx, "anna", "u1", nil); err != nil {
		t.Fatal(err)
	}
	all, err := s.StaffMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	anna.Roles = map[string][]runtime.Role{"u2": {runtime.RoleCitizenAdmin}}
	equal(t, "staff members", all, []runtime.Staff{anna, {ID: "bo", Name: "Bo Berg"}})
}

func testCitizens(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	c := runtime.Citizen{PNR: "191212121212", Name: "Tolvan Tolvansson", Mobile: "0701234567"}
	if err := s.PutCitizen(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Email = "tolvan@example.se"
	if err := s.PutCitizen(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.Citizen(ctx, "191212121212")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "citizen", got, c)
}

func testSessions(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutSession(ctx, "s1", []byte("one"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "s2", []byte("two"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "s1", []byte("uno"), time.Hour); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(ctx, "s1")
	if err != nil || string(got) != "uno" {
		t.Errorf("Session s1 = %q, %v", got, err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSession(ctx, "s1"); err != nil {
		t.Errorf("delete twice: %v", err)
	}
	_, err = s.Session(ctx, "s1")
	isErr(t, "deleted session", err, runtime.ErrNotFound)
	got, err = s.Session(ctx, "s2")
	if err != nil || string(got) != "two" {
		t.Errorf("Session s2 = %q, %v", got, err)
	}
}

func testSessionExpiry(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutSession(ctx, "short", []byte("x"), 100*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "long", []byte("y"), time.Minute); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, "short"); err != nil {
		t.Fatalf("fresh session: %v", err)
	}
	time.Sleep(250 * time.Millisecond)
	_, err := s.Session(ctx, "short")
	isErr(t, "expired session", err, runtime.ErrNotFound)
	if _, err := s.Session(ctx, "long"); err != nil {
		t.Errorf("unexpired session: %v", err)
	}
}
