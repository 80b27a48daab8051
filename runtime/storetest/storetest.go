// Package storetest is the conformance suite every runtime.Store passes.
// A store's own test calls Run with a function that opens an empty store:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) runtime.Store { return mustOpen(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// Writers and EventsPerWriter size the concurrency test: Writers
// goroutines each record EventsPerWriter events on one enrolment. Fifty
// writers is what the store must withstand; four events each keep all of
// them in contention (about a hundred commands run out of attempts and
// are sent again) and take 8 s on Redis under -race here, where ten each
// took 27 s: every failed try still compresses its snapshot.
var (
	Writers         = 50
	EventsPerWriter = 4
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
		{"AppendKeyOnce", testAppendKeyOnce},
		{"NotFound", testNotFound},
		{"EventsAfter", testEventsAfter},
		{"Indexes", testIndexes},
		{"IndexIgnoresStaleMembers", testIndexStale},
		{"Purge", testPurge},
		{"PurgeEverything", testPurgeEverything},
		{"ServiceStart", testServiceStart},
		{"ServiceDo", testServiceDo},
		{"ServiceKeyOnce", testServiceKeyOnce},
		{"ServiceRefoldsOldSnapshots", testServiceRefold},
		{"ServiceView", testServiceView},
		{"ConcurrentWriters", testConcurrentWriters},
		{"Bundles", testBundles},
		{"PublishAndActivate", testPublishAndActivate},
		{"VersionClaim", testVersionClaim},
		{"ProgramOwner", testProgramOwner},
		{"ImportedProgramOwner", testImportedOwner},
		{"Units", testUnits},
		{"StaffAndRoles", testStaffAndRoles},
		{"Citizens", testCitizens},
		{"Guardians", testGuardians}, {"SelfEnrolments", testSelfEnrolments},
		{"Sessions", testSessions},
		{"SessionExpiry", testSessionExpiry},
		{"SessionIndex", testSessionIndex},
		{"SessionIndexConcurrent", testSessionIndexConcurrent},
		{"SessionIndexExpiry", testSessionIndexExpiry},
		{"RateLimit", testRateLimit},
		{"RateLimitShared", testRateLimitShared},
		{"Queue", testQueue},
		{"QueueReschedule", testQueueReschedule},
		{"QueueClaimIsExclusive", testQueueExclusive},
		{"QueueRetry", testQueueRetry},
		{"SchedulersShareQueue", testSchedulersShareQueue},
		{"SchedulerLeaseTakeover", testSchedulerLeaseTakeover},
		{"SchedulerRetries", testSchedulerRetries},
		{"TimeFlags", testTimeFlags},
		{"TimeFlagsAfterEnd", testTimeFlagsAfterEnd},
		{"BatteryJobs", testBatteryJobs},
		{"Inbox", testInbox},
		{"InboxBounds", testInboxBounds},
		{"InboxAddOnce", testInboxAddOnce},
		{"InboxAhead", testInboxAhead},
		{"PageAhead", testPageAhead},
		{"DeliveryClaims", testDeliveryClaims},
		{"Courier", testCourier},
		{"Escalation", testEscalation},
		{"UnitBackup", testUnitBackup},
		{"Handover", testHandover},
		{"Link", testLink},
		{"StaffRoles", testStaffRoles},
		{"AccessLog", testAccessLog},
		{"AccessLogAfterPurge", testAccessLogAfterPurge},
		{"Summaries", testSummaries},
		{"SummaryPages", testSummaryPages},
		{"SummaryStale", testSummaryStale},
		{"SummaryPurge", testSummaryPurge},
		{"SummaryRebuild", testSummaryRebuild},
		{"SummaryHandover", testSummaryHandover},
		{"Seed", testSeed},
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
	if err := s.Append(context.Background(), id, 0, "", e, evs...); err != nil {
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

func testNotFound(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	_, err := s.Load(ctx, "nope")
	isErr(t, "Load", err, runtime.ErrNotFound)
	_, err = s.Events(ctx, "nope", 0)
	isErr(t, "Events", err, runtime.ErrNotFound)
	e := &runtime.Enrolment{ID: "nope", Seq: 3}
	isErr(t, "Append to a missing log", s.Append(ctx, "nope", 2, "", e, events(t, 2, &runtime.Visited{})...), runtime.ErrNotFound)
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

	for _, ix := range []runtime.Index{runtime.ByUnit("u1"), runtime.ByClinician("anna"), runtime.ByCitizen("191212121212"), runtime.EndedIn("u1"), runtime.HandedTo("u1")} {
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
