// Conformance of urgent flags' escalation over each store: an urgent flag
// notifies the responsible clinician at once and, unacknowledged, goes
// one level further each deadline, across the switch to summer time;
// acknowledging or reviewing stops it.

package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// urgentBundle is the bundle of urgentProgram.
const urgentBundle = "stress@1.0+fedcba987654"

func urgentProgram() *designer.Program {
	p := Program()
	p.UrgentAcknowledgeHours = 4
	p.Flags[0].Message = "Ring invånaren i dag."
	return p
}

// newUrgent is newTimed with the urgent program and a unit whose staff
// each escalation level reaches: bo is its backup clinician (ghost, also
// named, is nobody), cia its citizen admin, dan another clinician, eva
// its unit admin; fia works on another unit.
func newUrgent(t *testing.T, s runtime.Store, start time.Time) *timed {
	ctx := context.Background()
	tm := newTimed(t, s, start)
	b, err := json.Marshal(urgentProgram())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutBundle(ctx, urgentBundle, map[string][]byte{designer.ProgramFile: b}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutUnit(ctx, runtime.Unit{ID: "u1", Name: "Mottagning Nord", Backup: []string{"bo", "ghost"}}); err != nil {
		t.Fatal(err)
	}
	for id, role := range map[string]runtime.Role{"anna": runtime.RoleClinician, "bo": runtime.RoleClinician,
		"cia": runtime.RoleCitizenAdmin, "dan": runtime.RoleClinician, "eva": runtime.RoleUnitAdmin, "fia": runtime.RoleClinician} {
		unit := "u1"
		if id == "fia" {
			unit = "u2"
		}
		if err := s.PutStaff(ctx, runtime.Staff{ID: id, Name: id}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRoles(ctx, id, unit, []runtime.Role{role}); err != nil {
			t.Fatal(err)
		}
	}
	(&runtime.Escalations{Enrolments: tm.svc, Programs: runtime.NewPrograms(s, 0), Directory: s, Queue: s,
		Notifier: tm.sent, Now: tm.clock.Now}).Register(tm.sched)
	return tm
}

// escalations lists a review's escalations as "level:to,to@local time".
func (tm *timed) escalations(id, review string) []string {
	tm.t.Helper()
	e, err := tm.svc.Get(context.Background(), id)
	if err != nil {
		tm.t.Fatal(err)
	}
	r, ok := e.Review(review)
	if !ok {
		tm.t.Fatalf("no review %s", review)
	}
	var out []string
	for _, x := range r.Escalations {
		out = append(out, fmt.Sprintf("%d:%v@%s", x.Level, x.To, x.At.In(runtime.Stockholm).Format("01-02 15:04")))
	}
	return out
}

// raise raises the urgent flag and returns its review's id.
func (tm *timed) raise(id string) string {
	tm.t.Helper()
	e, err := tm.svc.Do(context.Background(), id, runtime.System, runtime.RaiseFlag(urgentProgram(), "risk", ""))
	if err != nil {
		tm.t.Fatal(err)
	}
	return e.Reviews[len(e.Reviews)-1].ID
}

func testEscalation(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	tm := newUrgent(t, s, time.Date(2027, 3, 27, 23, 0, 0, 0, runtime.Stockholm))
	e, err := tm.svc.Start(ctx, runtime.StartInput{Program: urgentProgram(), Bundle: urgentBundle, Unit: "u1",
		Citizen: "191212121212", CitizenName: "Tolvan", Clinician: "anna", Actor: clinician})
	if err != nil {
		t.Fatal(err)
	}
	id := e.ID
	tm.do(id, runtime.System, runtime.RaiseFlag(urgentProgram(), "risk", ""))
	tm.at("2027-03-27 23:00")
	equal(t, "the clinician at once", tm.sent.keys(), []string{id + "/risk/review-2/staff:anna"})
	tm.sent.mu.Lock()
	n := tm.sent.sent[0]
	tm.sent.mu.Unlock()
	equal(t, "urgent and immediate", fmt.Sprintln(n.Urgent, n.Delivery, n.Message), "true immediate Ring invånaren i dag.\n")

	// Four real hours across the switch to summer time: 23:00 CET is
	// 04:00 CEST.
	tm.at("2027-03-28 03:59")
	equal(t, "not before the deadline", tm.escalations(id, "2"), []string(nil))
	tm.at("2027-03-28 04:00")
	equal(t, "level 1: backup and citizen admin", tm.escalations(id, "2"), []string{"1:[bo cia]@03-28 04:00"})
	occ := runtime.EscalationOccasion("2", 1)
	equal(t, "level 1 notified", tm.sent.keys()[1:], []string{id + "/risk/" + occ + "/staff:bo", id + "/risk/" + occ + "/staff:cia"})

	// A retried level records and sends nothing twice.
	data, _ := json.Marshal(runtime.EscalationJob{Review: "2", Level: 1})
	if err := s.Schedule(ctx, runtime.Job{ID: "retry", Kind: runtime.JobEscalate, Enrolment: id, Due: tm.clock.Now(), Data: data}); err != nil {
		t.Fatal(err)
	}
	tm.at("2027-03-28 04:00")
	equal(t, "level 1 once", len(tm.escalations(id, "2")), 1)
	equal(t, "its notifications once", len(tm.sent.keys()), 3)

	tm.at("2027-03-28 08:00")
	tm.at("2027-03-28 12:00")
	equal(t, "levels 2 and 3", tm.escalations(id, "2"), []string{"1:[bo cia]@03-28 04:00", "2:[dan]@03-28 08:00", "3:[eva]@03-28 12:00"})
	tm.at("2027-03-29 12:00")
	equal(t, "no level after the last", len(tm.escalations(id, "2")), 3)
	equal(t, "everyone notified once", len(tm.sent.keys()), 5)
	_, err = s.Job(ctx, runtime.JobID(runtime.JobEscalate, id, "2", "4"))
	isErr(t, "no job past the last level", err, runtime.ErrNotFound)

	// Acknowledged in time, a flag escalates no further; reviewed too.
	acked := tm.raise(id)
	tm.at("2027-03-29 13:00")
	tm.do(id, runtime.Actor{ID: "cia", Role: runtime.RoleCitizenAdmin}, runtime.AcknowledgeFlag(acked))
	reviewed := tm.raise(id)
	tm.at("2027-03-29 16:00")
	tm.do(id, clinician, runtime.ReviewFlag(reviewed))
	tm.at("2027-03-30 12:00")
	equal(t, "acknowledged: no escalation", tm.escalations(id, acked), []string(nil))
	equal(t, "reviewed: no escalation", tm.escalations(id, reviewed), []string(nil))
	got, err := tm.svc.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	r, _ := got.Review(acked)
	equal(t, "acknowledged by", r.AcknowledgedBy, "cia")
}

// testUnitBackup stores a unit's backup clinicians.
func testUnitBackup(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutUnit(ctx, runtime.Unit{ID: "u1", Name: "Mottagning Nord", Backup: []string{"bo"}}); err != nil {
		t.Fatal(err)
	}
	u, err := s.Unit(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "backup", u.Backup, []string{"bo"})
}
