package runtime_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/embedded"
)

// keyNotifier counts the notifications by key, as a notifier that sends
// each key once would see them.
type keyNotifier struct {
	mu   sync.Mutex
	keys map[string]int
}

func (n *keyNotifier) Notify(_ context.Context, x runtime.Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.keys[x.Key]++
	return nil
}

func sthlm(t *testing.T, s string) time.Time {
	t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", s, runtime.Stockholm)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// TestActivityMissedOnce runs a plan's missed-occasion job through the
// scheduler on a store: an occasion registered late within its grace
// days raises nothing; one missed raises the flag once, however often
// the job runs.
func TestActivityMissedOnce(t *testing.T) {
	ctx := context.Background()
	store, err := embedded.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := &designer.Program{
		ID: "act", Version: "1.0", Title: "Aktiviteter", Features: []string{designer.FeatureActivities},
		Modules: []*designer.Module{{ID: "m", Start: designer.StartCurrent}},
		Forms:   []*designer.Form{{ID: "walk", Version: "w1", Questions: []*designer.Question{{ID: "minutes", Type: designer.TypeNumber, Text: "Minuter"}}}},
		ActivityPlans: []*designer.ActivityPlan{{ID: "walk", Title: "Promenad", Form: "walk",
			Occasions: []designer.Occasion{{Weekday: "sun", Time: "12:00"}, {Weekday: "mon", Time: "17:30"}}, EveryWeeks: 1, GraceDays: 2, Active: true}},
		Flags: []*designer.Flag{{ID: "walk-missed", On: designer.TriggerActivityMissed, Plan: "walk", Review: true,
			Notify: []string{designer.NotifyCitizen}, Message: "Du har missat ett pass."}},
	}
	pj, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	const bundle = "act@1.0+0123456789ab"
	if err := store.PutBundle(ctx, bundle, map[string][]byte{designer.ProgramFile: pj}); err != nil {
		t.Fatal(err)
	}
	clock := runtime.NewManualClock(sthlm(t, "2027-10-20 14:00"))
	programs := runtime.NewPrograms(store, 0)
	svc := runtime.NewEnrolments(store)
	svc.Now = clock.Now
	planner := &runtime.Planner{Queue: store, Programs: programs, Now: clock.Now}
	svc.AfterAppend = planner.AfterAppend
	notes := &keyNotifier{keys: map[string]int{}}
	sched := runtime.NewScheduler(store, clock.Now, nil)
	(&runtime.TimeFlags{Enrolments: svc, Programs: programs, Queue: store, Notifier: notes, Now: clock.Now}).Register(sched)

	e, err := svc.Start(ctx, runtime.StartInput{Program: p, Bundle: bundle, Unit: "u1", Citizen: "191212121212", CitizenName: "Tolvan",
		Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	jobID := runtime.JobID(runtime.JobActivityMissed, e.ID, "walk", "")
	j, err := store.Job(ctx, jobID)
	if err != nil || !j.Due.Equal(sthlm(t, "2027-10-27 00:00")) {
		t.Fatalf("job %+v, %v; want due when Sunday's occasion closes", j, err)
	}
	citizen := runtime.Actor{ID: e.Citizen, Role: runtime.RoleCitizen}
	// Sunday's occasion registered late, on Tuesday within the grace days.
	clock.Set(sthlm(t, "2027-10-26 21:00"))
	if _, err := svc.Do(ctx, e.ID, citizen, runtime.RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"minutes": {"30"}}, "", clock.Now())); err != nil {
		t.Fatal(err)
	}
	run := func(at string) {
		t.Helper()
		clock.Set(sthlm(t, at))
		if _, err := sched.RunDue(ctx, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	run("2027-10-27 00:05")
	run("2027-10-28 00:05") // Monday the 25th closes at the end of the 27th: missed
	e, err = svc.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	count := func(e *runtime.Enrolment) map[string]int {
		out := map[string]int{}
		for _, r := range e.Reviews {
			out[r.Occasion]++
		}
		return out
	}
	want := runtime.ActivityOccasionKey("walk", "2027-10-25T17:30")
	if got := count(e); len(got) != 1 || got[want] != 1 {
		t.Fatalf("reviews %v, want one for %s", got, want)
	}
	// The job runs again for the same due time, as after a lost lease.
	j.Due, j.Lease, j.Claims = sthlm(t, "2027-10-28 00:00").UTC(), "", 0
	if err := store.Schedule(ctx, j); err != nil {
		t.Fatal(err)
	}
	run("2027-10-28 00:10")
	e, _ = svc.Get(ctx, e.ID)
	if got := count(e); len(got) != 1 || got[want] != 1 {
		t.Errorf("reviews after a second run %v, want still one", got)
	}
	if len(notes.keys) != 1 {
		t.Errorf("notification keys %v, want one", notes.keys)
	}
	for k, n := range notes.keys {
		if n != 2 {
			t.Errorf("notification %s sent %d times to the notifier, want the same key twice", k, n)
		}
	}
	// Switched off, the plan loses its job.
	if _, err := svc.Do(ctx, e.ID, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.SwitchPlan(p, "walk", false)); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Job(ctx, jobID); err == nil {
		t.Error("a plan switched off keeps its job")
	}
}
