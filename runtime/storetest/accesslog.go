package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// access is an entry of the suite: staff on u1 opening an enrolment at
// t0 plus a number of hours.
func access(staff, enrolment string, hours int) runtime.AccessEntry {
	return runtime.AccessEntry{
		At: t0.Add(time.Duration(hours) * time.Hour), Staff: staff, StaffName: "Namn " + staff,
		Role: runtime.RoleClinician, Unit: "u1", Enrolment: enrolment, Kind: runtime.AccessEnrolment,
	}
}

// accessIDs returns the entries' staff, enrolments and hours after t0,
// which say which entries a search found, in order.
func accessIDs(es []runtime.AccessEntry) []string {
	var out []string
	for _, e := range es {
		out = append(out, fmt.Sprintf("%s/%s/%d", e.Staff, e.Enrolment, int(e.At.Sub(t0).Hours())))
	}
	return out
}

func search(t *testing.T, s runtime.Store, q runtime.AccessQuery) []string {
	t.Helper()
	p, err := s.SearchAccess(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return accessIDs(p.Entries)
}

func testAccessLog(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	// Over three months (t0 is 2 November), so a store that splits its
	// log by time is searched across the splits.
	month := 24 * 31
	log := []runtime.AccessEntry{
		access("anna", "e1", 1),
		access("bo", "e1", 2),
		access("anna", "e2", 3),
		access("anna", "e1", month),
		access("bo", "e2", month+1),
		access("anna", "e1", 2*month),
	}
	log[2].Kind, log[2].Object = runtime.AccessSubmission, "s7"
	other := access("anna", "e1", 4)
	other.Unit = "u2"
	for _, e := range append(log, other) {
		if err := s.AppendAccess(ctx, e); err != nil {
			t.Fatalf("append %+v: %v", e, err)
		}
	}
	// The same millisecond twice is two entries.
	if err := s.AppendAccess(ctx, access("bo", "e3", 5)); err != nil {
		t.Fatal(err)
	}
	if err := s.AppendAccess(ctx, access("bo", "e3", 5)); err != nil {
		t.Fatal(err)
	}

	all := []string{"anna/e1/1488", "bo/e2/745", "anna/e1/744", "bo/e3/5", "bo/e3/5", "anna/e2/3", "bo/e1/2", "anna/e1/1"}
	equal(t, "unit u1", search(t, s, runtime.AccessQuery{Unit: "u1"}), all)
	equal(t, "unit u2", search(t, s, runtime.AccessQuery{Unit: "u2"}), []string{"anna/e1/4"})
	equal(t, "unit u9", search(t, s, runtime.AccessQuery{Unit: "u9"}), []string(nil))
	equal(t, "anna", search(t, s, runtime.AccessQuery{Unit: "u1", Staff: "anna"}),
		[]string{"anna/e1/1488", "anna/e1/744", "anna/e2/3", "anna/e1/1"})
	equal(t, "e1", search(t, s, runtime.AccessQuery{Unit: "u1", Enrolment: "e1"}),
		[]string{"anna/e1/1488", "anna/e1/744", "bo/e1/2", "anna/e1/1"})
	equal(t, "bo on e1", search(t, s, runtime.AccessQuery{Unit: "u1", Staff: "bo", Enrolment: "e1"}), []string{"bo/e1/2"})
	equal(t, "nobody", search(t, s, runtime.AccessQuery{Unit: "u1", Staff: "nobody"}), []string(nil))
	equal(t, "from hour 2 to hour 745", search(t, s, runtime.AccessQuery{Unit: "u1",
		From: t0.Add(2 * time.Hour), To: t0.Add(745 * time.Hour)}), []string{"anna/e1/744", "bo/e3/5", "bo/e3/5", "anna/e2/3", "bo/e1/2"})
	equal(t, "e1 since hour 2", search(t, s, runtime.AccessQuery{Unit: "u1", Enrolment: "e1", From: t0.Add(2 * time.Hour)}),
		[]string{"anna/e1/1488", "anna/e1/744", "bo/e1/2"})

	p, err := s.SearchAccess(ctx, runtime.AccessQuery{Unit: "u1", Staff: "anna", Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := p.Entries[0]
	want := log[5]
	want.At = want.At.UTC()
	want.ID = got.ID
	equal(t, "entry", got, want)
	if got.ID == "" || p.Next != got.ID {
		t.Errorf("id %q, next %q", got.ID, p.Next)
	}

	t.Run("pages", func(t *testing.T) {
		for _, q := range []runtime.AccessQuery{
			{Unit: "u1"}, {Unit: "u1", Staff: "bo"}, {Unit: "u1", Enrolment: "e1"}, {Unit: "u1", Staff: "anna", Enrolment: "e1"},
			{Unit: "u1", From: t0.Add(2 * time.Hour), To: t0.Add(745 * time.Hour)},
		} {
			whole := search(t, s, q)
			for _, limit := range []int{1, 2, 3} {
				q := q
				q.Limit = limit
				var paged []string
				for range 20 {
					p, err := s.SearchAccess(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if len(p.Entries) > limit {
						t.Fatalf("%+v: %d entries on a page of %d", q, len(p.Entries), limit)
					}
					paged = append(paged, accessIDs(p.Entries)...)
					if p.Next == "" {
						break
					}
					q.After = p.Next
				}
				equal(t, fmt.Sprintf("%+v paged by %d", q, limit), paged, whole)
			}
		}
	})

	t.Run("invalid", func(t *testing.T) {
		for name, e := range map[string]runtime.AccessEntry{
			"no staff":     func() runtime.AccessEntry { e := access("", "e1", 1); return e }(),
			"no enrolment": access("anna", "", 1),
			"no unit":      func() runtime.AccessEntry { e := access("anna", "e1", 1); e.Unit = ""; return e }(),
			"no time":      func() runtime.AccessEntry { e := access("anna", "e1", 1); e.At = time.Time{}; return e }(),
			"citizen role": func() runtime.AccessEntry { e := access("anna", "e1", 1); e.Role = runtime.RoleCitizen; return e }(),
			"unknown kind": func() runtime.AccessEntry { e := access("anna", "e1", 1); e.Kind = "peek"; return e }(),
			"id of another time": func() runtime.AccessEntry {
				e := access("anna", "e1", 1)
				e.ID = runtime.AccessID(t0)
				return e
			}(),
		} {
			isErr(t, name, s.AppendAccess(ctx, e), runtime.ErrInvalid)
		}
		_, err := s.SearchAccess(ctx, runtime.AccessQuery{})
		isErr(t, "search without a unit", err, runtime.ErrInvalid)
	})

	t.Run("the citizen opens a video meeting", func(t *testing.T) {
		// The one entry not made by staff: the role stands where the
		// staff id would, never the citizen's personal identity number.
		e := access("citizen", "e8", 8)
		e.Role, e.StaffName, e.Kind, e.Object = runtime.RoleCitizen, "", runtime.AccessVideo, "12"
		if err := s.AppendAccess(ctx, e); err != nil {
			t.Fatal(err)
		}
		equal(t, "e8", search(t, s, runtime.AccessQuery{Unit: "u1", Enrolment: "e8"}), []string{"citizen/e8/8"})
		pnr := e
		pnr.ID, pnr.Staff = "", "191212121212"
		isErr(t, "a citizen's entry under their number", s.AppendAccess(ctx, pnr), runtime.ErrInvalid)
		look := e
		look.ID, look.Kind = "", runtime.AccessEnrolment
		isErr(t, "a citizen's entry of another kind", s.AppendAccess(ctx, look), runtime.ErrInvalid)
	})

	t.Run("no overwrite", func(t *testing.T) {
		// An entry is never replaced: the same id again is a conflict and
		// the first stays.
		e := access("anna", "e9", 9)
		e.ID = runtime.AccessID(e.At)
		if err := s.AppendAccess(ctx, e); err != nil {
			t.Fatal(err)
		}
		forged := e
		forged.Staff = "mallory"
		isErr(t, "append the same id", s.AppendAccess(ctx, forged), runtime.ErrConflict)
		equal(t, "e9", search(t, s, runtime.AccessQuery{Unit: "u1", Enrolment: "e9"}), []string{"anna/e9/9"})
		equal(t, "mallory", search(t, s, runtime.AccessQuery{Unit: "u1", Staff: "mallory"}), []string(nil))
	})
}

// testAccessLogAfterPurge checks that purging an enrolment removes its
// health data, not the log of who accessed it.
func testAccessLogAfterPurge(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	e := access("anna", a.ID, 1)
	if err := s.AppendAccess(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, a.ID, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	if err := svc.Purge(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load(ctx, a.ID)
	isErr(t, "load purged", err, runtime.ErrNotFound)
	equal(t, "the purged enrolment's log", search(t, s, runtime.AccessQuery{Unit: "u1", Enrolment: a.ID}), []string{"anna/" + a.ID + "/1"})
	equal(t, "anna's log", search(t, s, runtime.AccessQuery{Unit: "u1", Staff: "anna"}), []string{"anna/" + a.ID + "/1"})
}
