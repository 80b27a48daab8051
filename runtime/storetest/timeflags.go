// Conformance of the time-based flags over each store: the planner
// schedules them from the events, the scheduler runs them on a manual
// clock across the switch to summer time, and each fires once per
// occasion, as docs/authoring.md describes.

package storetest

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// recorder is a Notifier that keeps what it is asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []runtime.Notification
}

func (r *recorder) Notify(_ context.Context, n runtime.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, n)
	return nil
}

// keys returns the distinct keys asked for, in order.
func (r *recorder) keys() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, n := range r.sent {
		if !slices.Contains(out, n.Key) {
			out = append(out, n.Key)
		}
	}
	return out
}

func timedProgram() *designer.Program {
	p := Program()
	p.RecommendedDays = 90
	p.Modules[0].DurationDays = 14
	p.Flags = append(p.Flags,
		&designer.Flag{ID: "welcome", On: designer.TriggerStart, Review: true, Notify: []string{designer.NotifyClinician}, Message: "Ny invånare"},
		&designer.Flag{ID: "remind", On: designer.TriggerInactivity, Days: 7, Review: true, Notify: []string{designer.NotifyCitizen}, Message: "Hej!"},
		&designer.Flag{ID: "module-soon", On: designer.TriggerModuleEnding, Days: 3, Review: true, Notify: []string{designer.NotifyClinician}},
		&designer.Flag{ID: "ending", On: designer.TriggerProgramEnding, Days: 1, Review: true},
		&designer.Flag{ID: "sent", On: designer.TriggerFormSubmitted, Form: "phq9", Notify: []string{designer.NotifyClinician}, Delivery: designer.DeliveryDaily},
	)
	return p
}

// timed is the runtime of one test: services, planner and scheduler on a
// manual clock.
type timed struct {
	t     *testing.T
	s     runtime.Store
	clock *runtime.ManualClock
	svc   *runtime.Enrolments
	sched *runtime.Scheduler
	sent  *recorder
}

// newTimed is newTimedOver with timedProgram.
func newTimed(t *testing.T, s runtime.Store, start time.Time) *timed {
	return newTimedOver(t, s, start, timedProgram())
}

// newTimedOver publishes p as Bundle and wires the enrolments, the planner
// and the scheduler with the time flags to a manual clock set to start.
func newTimedOver(t *testing.T, s runtime.Store, start time.Time, p *designer.Program) *timed {
	ctx := context.Background()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutBundle(ctx, Bundle, map[string][]byte{designer.ProgramFile: b}); err != nil {
		t.Fatal(err)
	}
	tm := &timed{t: t, s: s, clock: runtime.NewManualClock(start), sent: new(recorder)}
	programs := runtime.NewPrograms(s, 0)
	tm.svc = runtime.NewEnrolments(s)
	tm.svc.Now = tm.clock.Now
	pl := &runtime.Planner{Queue: s, Programs: programs, Now: tm.clock.Now}
	tm.svc.AfterAppend = pl.AfterAppend
	tm.sched = runtime.NewScheduler(s, tm.clock.Now, nil)
	(&runtime.TimeFlags{Enrolments: tm.svc, Programs: programs, Queue: s, Notifier: tm.sent, Now: tm.clock.Now}).Register(tm.sched)
	return tm
}

// start starts Tolvan on the timed program with anna as her clinician.
func (tm *timed) start() *runtime.Enrolment {
	tm.t.Helper()
	e, err := tm.svc.Start(context.Background(), runtime.StartInput{
		Program: timedProgram(), Bundle: Bundle, Unit: "u1", Citizen: "19121212-1212", CitizenName: "Tolvan",
		Clinician: "anna", Actor: clinician,
	})
	if err != nil {
		tm.t.Fatal(err)
	}
	return e
}

// at moves the clock to a local time and runs what is due.
func (tm *timed) at(local string) {
	tm.t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", local, runtime.Stockholm)
	if err != nil {
		tm.t.Fatal(err)
	}
	tm.clock.Set(at)
	if _, err := tm.sched.RunDue(context.Background(), at); err != nil {
		tm.t.Fatal(err)
	}
}

func (tm *timed) do(id string, actor runtime.Actor, d runtime.Decision) {
	tm.t.Helper()
	if _, err := tm.svc.Do(context.Background(), id, actor, d); err != nil {
		tm.t.Fatal(err)
	}
}

// raised lists the enrolment's reviews as flag/occasion.
func (tm *timed) raised(id string) []string {
	tm.t.Helper()
	e, err := tm.svc.Get(context.Background(), id)
	if err != nil {
		tm.t.Fatal(err)
	}
	var out []string
	for _, r := range e.Reviews {
		out = append(out, r.Flag+" "+r.Occasion)
	}
	return out
}

func ms(local string) string {
	at, _ := time.ParseInLocation("2006-01-02 15:04", local, runtime.Stockholm)
	return runtime.InactivityOccasion(at)[len("inactive-since-"):]
}

func testTimeFlags(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	tm := newTimed(t, s, time.Date(2027, 3, 20, 10, 0, 0, 0, runtime.Stockholm))
	e := tm.start()
	id := e.ID
	tm.at("2027-03-20 10:00")
	equal(t, "at start", tm.raised(id), []string{"welcome start"})
	equal(t, "notified at start", tm.sent.keys(), []string{id + "/welcome/start/staff:anna"})

	// Day 6: the citizen signs in and sends a form: the inactivity check
	// moves 7 local days on, across the switch to summer time, and the
	// submission's flag notifies the clinician, daily.
	tm.at("2027-03-26 10:00")
	tm.do(id, citizen, runtime.Visit())
	j, err := s.Job(ctx, runtime.JobID(runtime.JobInactivity, id, "remind", ""))
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "inactivity moved by the visit", j.Due.In(runtime.Stockholm).Format("2006-01-02 15:04"), "2027-04-02 10:00")
	tm.do(id, citizen, runtime.Submit(timedProgram(), "intro", "phq", timedProgram().Forms[0], map[string][]string{"q1": {"1"}}, tm.clock.Now()))
	tm.at("2027-03-26 10:00")
	keys := tm.sent.keys()
	equal(t, "the submission's notification", keys[len(keys)-1], id+"/sent/submission-4/staff:anna")
	tm.sent.mu.Lock()
	equal(t, "its delivery", tm.sent.sent[len(tm.sent.sent)-1].Delivery, designer.DeliveryDaily)
	tm.sent.mu.Unlock()

	tm.at("2027-03-27 10:00") // 7 days after the start: moved, nothing
	equal(t, "no inactivity 7 days after the start", tm.raised(id), []string{"welcome start"})

	// The module ends on day 14 (2027-04-03 10:00); its flag 3 days before
	// fires on the morning of day 11, 08:00 summer time.
	tm.at("2027-03-31 07:59")
	equal(t, "module ending, before the morning", len(tm.raised(id)), 1)
	tm.at("2027-03-31 08:00")
	occasion := runtime.ModuleOccasion("intro", e.StartedAt)
	equal(t, "module ending", tm.raised(id), []string{"welcome start", "module-soon " + occasion})

	tm.at("2027-04-02 09:59")
	equal(t, "inactivity not yet", len(tm.raised(id)), 2)
	tm.at("2027-04-02 10:00")
	inactive := "inactive-since-" + ms("2027-03-26 10:00")
	equal(t, "inactivity 7 days after the visit", tm.raised(id)[2], "remind "+inactive)
	equal(t, "reminder to the citizen", tm.sent.keys()[2:], []string{id + "/module-soon/" + occasion + "/staff:anna", id + "/remind/" + inactive + "/citizen"})

	// A retried job raises nothing twice and asks for the same key.
	for _, kind := range []string{runtime.JobInactivity, runtime.JobStart} {
		data, _ := json.Marshal(runtime.FlagJob{Flag: map[string]string{runtime.JobInactivity: "remind", runtime.JobStart: "welcome"}[kind]})
		if err := s.Schedule(ctx, runtime.Job{ID: runtime.JobID(kind, id, "retry", ""), Kind: kind, Enrolment: id, Due: tm.clock.Now(), Data: data}); err != nil {
			t.Fatal(err)
		}
	}
	tm.at("2027-04-02 10:00")
	equal(t, "reviews after retries", len(tm.raised(id)), 3)
	equal(t, "keys after retries", len(tm.sent.keys()), 4)

	tm.at("2027-04-03 10:00")
	got, err := tm.svc.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "the module completed after duration_days", got.ModuleStatus("intro"), runtime.StatusCompleted)
	_, err = s.Job(ctx, runtime.JobID(runtime.JobModuleEnding, id, "module-soon", "intro"))
	isErr(t, "no module job left", err, runtime.ErrNotFound)

	// Maintenance: the clinician's review still comes, the citizen's
	// reminder does not.
	tm.do(id, clinician, runtime.StartMaintenance(runtime.MaxMaintenanceDays, nil))
	tm.at("2027-04-10 12:00")
	tm.do(id, citizen, runtime.Visit())
	tm.at("2027-04-17 12:00")
	equal(t, "inactivity in maintenance", tm.raised(id)[3], "remind inactive-since-"+ms("2027-04-10 12:00"))
	equal(t, "no reminder in maintenance", len(tm.sent.keys()), 4)

	// recommended_days 90, days 1: day 89, in the morning.
	tm.at("2027-06-16 07:59")
	equal(t, "program ending, before day 89", len(tm.raised(id)), 4)
	tm.at("2027-06-17 08:00")
	equal(t, "program ending on day 89", tm.raised(id)[4], "ending "+runtime.OccasionProgramEnding)
}

// testTimeFlagsAfterEnd ends an enrolment: its jobs leave the queue and
// nothing fires afterwards.
func testTimeFlagsAfterEnd(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	tm := newTimed(t, s, time.Date(2027, 10, 25, 9, 0, 0, 0, runtime.Stockholm))
	e := tm.start()
	if _, err := s.Job(ctx, runtime.JobID(runtime.JobInactivity, e.ID, "remind", "")); err != nil {
		t.Fatalf("inactivity planned at start: %v", err)
	}
	// An inactivity check scheduled by hand survives the end's cleanup;
	// its handler does nothing.
	data, _ := json.Marshal(runtime.FlagJob{Flag: "remind"})
	tm.do(e.ID, clinician, runtime.End(runtime.EndDiscontinued))
	if err := s.Schedule(ctx, runtime.Job{ID: "stray", Kind: runtime.JobInactivity, Enrolment: e.ID, Due: tm.clock.Now(), Data: data}); err != nil {
		t.Fatal(err)
	}
	tm.at("2028-02-01 09:00")
	equal(t, "nothing after the end", tm.raised(e.ID), []string(nil))
	equal(t, "no notification after the end", tm.sent.keys(), []string(nil))
	if left := claimIDs(t, s, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC), 100, time.Minute); len(left) != 0 {
		t.Errorf("jobs left after the end: %v", jobIDs(left))
	}
}
