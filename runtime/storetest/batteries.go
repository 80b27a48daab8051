// Conformance of the batteries' jobs over each store: the planner
// schedules a battery's job at its first occasion, the scheduler tells
// the citizen once per occasion on a manual clock across the switch to
// summer time, and nothing is sent in maintenance or after the end.

package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

func batteryProgram() *designer.Program {
	p := Program()
	p.RecommendedDays = 28
	p.Batteries = []*designer.Battery{{ID: "mood", Title: "Mående", Forms: []string{"phq9"}, AtStart: true, EveryWeeks: 1}}
	return p
}

func testBatteryJobs(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	tm := newTimedOver(t, s, time.Date(2027, 3, 20, 14, 0, 0, 0, runtime.Stockholm), batteryProgram())
	e, err := tm.svc.Start(ctx, runtime.StartInput{
		Program: batteryProgram(), Bundle: Bundle, Unit: "u1", Citizen: "19121212-1212", CitizenName: "Tolvan",
		Clinician: "anna", Actor: clinician,
	})
	if err != nil {
		t.Fatal(err)
	}
	id := e.ID
	jobID := runtime.JobID(runtime.JobBattery, id, "mood", "")
	due := func() string {
		t.Helper()
		j, err := s.Job(ctx, jobID)
		if err != nil {
			t.Fatalf("battery job: %v", err)
		}
		return j.Due.In(runtime.Stockholm).Format("2006-01-02 15:04")
	}
	key := func(occasion string) string { return id + "/battery:mood/" + occasion + "/citizen" }
	equal(t, "planned at the start", due(), "2027-03-20 14:00")

	tm.at("2027-03-20 14:00")
	equal(t, "told at the start", tm.sent.keys(), []string{key("day-0")})
	tm.sent.mu.Lock()
	equal(t, "its text", tm.sent.sent[0].Message, "Det finns en ny skattning att fylla i: Mående")
	tm.sent.mu.Unlock()
	equal(t, "moved on to day 7", due(), "2027-03-27 08:00")

	// The citizen fills the battery; a module started replans, and the
	// job stays where it is.
	tm.do(id, citizen, runtime.SubmitBattery(batteryProgram(), "mood", "phq9", map[string][]string{"q1": {"1"}}, tm.clock.Now()))
	tm.do(id, clinician, runtime.StartModule(batteryProgram(), "sleep"))
	equal(t, "unmoved by a replan", due(), "2027-03-27 08:00")

	// A retried job tells nobody twice.
	data, _ := json.Marshal(runtime.BatteryJobData{Battery: "mood"})
	if err := s.Schedule(ctx, runtime.Job{ID: "retry", Kind: runtime.JobBattery, Enrolment: id, Due: tm.clock.Now(), Data: data}); err != nil {
		t.Fatal(err)
	}
	tm.at("2027-03-27 07:59")
	equal(t, "nothing before day 7's morning", len(tm.sent.keys()), 1)
	tm.at("2027-03-27 08:00")
	tm.at("2027-03-27 08:00")
	equal(t, "told on day 7", tm.sent.keys(), []string{key("day-0"), key("day-7")})
	equal(t, "day 14 in summer time, the same local morning", due(), "2027-04-03 08:00")

	// In maintenance nothing is sent; the job moves on.
	tm.do(id, clinician, runtime.StartMaintenance(runtime.MaxMaintenanceDays, nil))
	tm.at("2027-04-03 08:00")
	equal(t, "nothing in maintenance", len(tm.sent.keys()), 2)
	equal(t, "moved on in maintenance", due(), "2027-04-10 08:00")

	// After the end the job is gone and nothing is sent.
	tm.do(id, clinician, runtime.End(runtime.EndReasons[0]))
	_, err = s.Job(ctx, jobID)
	isErr(t, "no battery job after the end", err, runtime.ErrNotFound)
	tm.at("2027-04-17 08:00")
	equal(t, "nothing after the end", len(tm.sent.keys()), 2)
}
