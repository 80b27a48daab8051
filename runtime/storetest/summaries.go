// Conformance of the summaries: lists kept after appends, their counts,
// pages in every order, repair of stale summaries, purge and rebuild.

package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// enrol appends a log for an enrolment of unit, clinician and citizen
// name, started at minute start after t0, followed by changes.
func enrol(t *testing.T, s runtime.Store, id, unit, clin, name string, start int, changes ...runtime.Change) *runtime.Enrolment {
	t.Helper()
	all := append([]runtime.Change{&runtime.EnrolmentStarted{
		ID: id, Program: "stress", Bundle: Bundle, Unit: unit, Citizen: "191212121212",
		CitizenName: name, Clinician: clin, Current: []string{"intro"}, Upcoming: []string{"sleep"},
	}}, changes...)
	evs := events(t, 0, all...)
	for i := range evs {
		evs[i].At = t0.Add(time.Duration(start)*time.Hour + time.Duration(i)*time.Minute)
		if evs[i].Type != (&runtime.Visited{}).EventType() {
			evs[i].Actor = clinician // only the citizen's visits make them active
		}
	}
	e, err := runtime.Fold(evs)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Append(context.Background(), id, 0, "", e, evs...); err != nil {
		t.Fatalf("create %s: %v", id, err)
	}
	return e
}

// more appends changes to an enrolment.
func more(t *testing.T, s runtime.Store, e *runtime.Enrolment, changes ...runtime.Change) {
	t.Helper()
	evs := events(t, e.Seq, changes...)
	before := e.Seq
	for _, ev := range evs {
		if err := e.Apply(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Append(context.Background(), e.ID, before, "", e, evs...); err != nil {
		t.Fatalf("append to %s: %v", e.ID, err)
	}
}

// page reads one page and checks that every summary on it matches the list.
func page(t *testing.T, s runtime.Store, q runtime.PageQuery) *runtime.SummaryPage {
	t.Helper()
	p, err := s.Summaries(context.Background(), q)
	if err != nil {
		t.Fatalf("Summaries(%s, %s): %v", q.List, q.Sort, err)
	}
	for _, sum := range p.Summaries {
		if !q.List.Match(&sum) {
			t.Errorf("Summaries(%s) lists %s, which does not match", q.List, sum.ID)
		}
	}
	return p
}

// listed returns the ids of a whole list in one order, by pages of size.
func listed(t *testing.T, s runtime.Store, l runtime.List, sort runtime.SortKey, size int) []string {
	t.Helper()
	var out []string
	q := runtime.PageQuery{List: l, Sort: sort, Size: size}
	for range 100 {
		p := page(t, s, q)
		for _, sum := range p.Summaries {
			out = append(out, sum.ID)
		}
		if p.Next == "" {
			return out
		}
		q.Cursor = p.Next
	}
	t.Fatalf("%s: more than 100 pages", l)
	return nil
}

func counts(t *testing.T, s runtime.Store, ls ...runtime.List) []int {
	t.Helper()
	ns, err := s.CountSummaries(context.Background(), ls...)
	if err != nil {
		t.Fatal(err)
	}
	return ns
}

func testSummaries(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	a := enrol(t, s, "a", "u1", "anna", "Åsa", 1, &runtime.Visited{})
	b := enrol(t, s, "b", "u1", "bo", "Bengt", 2)
	c := enrol(t, s, "c", "u1", "anna", "Cilla", 3, &runtime.FlagRaised{Flag: "risk", Urgent: true})
	enrol(t, s, "d", "u2", "anna", "Dora", 4)

	equal(t, "u1 all", listed(t, s, runtime.UnitList("u1"), "", 10), []string{"c", "b", "a"})
	equal(t, "anna's on u1", listed(t, s, runtime.MineList("u1", "anna"), "", 10), []string{"c", "a"})
	equal(t, "anna's on u2", listed(t, s, runtime.MineList("u2", "anna"), "", 10), []string{"d"})
	equal(t, "program on u1", listed(t, s, runtime.ProgramList("u1", "stress"), "", 10), []string{"c", "b", "a"})
	equal(t, "bundle on u1", listed(t, s, runtime.BundleList("u1", Bundle), "", 10), []string{"c", "b", "a"})
	equal(t, "counts", counts(t, s, runtime.UnitList("u1"), runtime.MineList("u1", "anna"), runtime.EndedList("u1"), runtime.UnitList("u9")),
		[]int{3, 2, 0, 0})

	p := page(t, s, runtime.PageQuery{List: runtime.UnitList("u1"), Size: 10})
	got := p.Summaries[0]
	want := runtime.Summarize(c)
	equal(t, "summary of c", got, want)
	if got.Flags != 1 || !got.Urgent || got.Status != runtime.StatusOngoing || got.CitizenName != "Cilla" {
		t.Errorf("summary of c = %+v", got)
	}
	if p.Total != 3 || p.Offset != 0 || p.Next != "" || p.Prev != "" {
		t.Errorf("one page: total %d, offset %d, next %q, prev %q", p.Total, p.Offset, p.Next, p.Prev)
	}

	// The clinician changes, maintenance starts, an enrolment ends.
	more(t, s, a, &runtime.ClinicianChanged{From: "anna", To: "bo"})
	more(t, s, b, &runtime.MaintenanceStarted{Days: 30})
	more(t, s, c, &runtime.Ended{Reason: runtime.EndCompleted})
	equal(t, "u1 all after", listed(t, s, runtime.UnitList("u1"), runtime.SortName, 10), []string{"b", "a"})
	equal(t, "anna's after", listed(t, s, runtime.MineList("u1", "anna"), "", 10), []string(nil))
	equal(t, "bo's after", listed(t, s, runtime.MineList("u1", "bo"), runtime.SortName, 10), []string{"b", "a"})
	equal(t, "maintenance", listed(t, s, runtime.MaintenanceList("u1"), "", 10), []string{"b"})
	equal(t, "ended", listed(t, s, runtime.EndedList("u1"), "", 10), []string{"c"})
	equal(t, "every", listed(t, s, runtime.EveryList("u1"), "", 10), []string{"c", "b", "a"})
	equal(t, "counts after", counts(t, s, runtime.UnitList("u1"), runtime.MineList("u1", "anna"), runtime.MineList("u1", "bo"),
		runtime.MaintenanceList("u1"), runtime.EndedList("u1"), runtime.EveryList("u1")), []int{2, 0, 2, 1, 1, 3})

	var stats []string
	err := runtime.UnitSummaries(ctx, s, "u1", func(ss []runtime.Summary) error {
		for _, sum := range ss {
			stats = append(stats, sum.ID+":"+string(sum.Status))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "unit summaries", stats, []string{"c:ended", "b:maintenance", "a:ongoing"})

	for _, q := range []runtime.PageQuery{
		{List: runtime.UnitList("u1"), Sort: runtime.SortEnded},
		{List: runtime.EndedList("u1"), Sort: runtime.SortName},
		{List: runtime.UnitList("u1"), Size: runtime.MaxPageSize + 1},
		{List: runtime.UnitList("u1"), Size: -1},
		{List: runtime.UnitList("u1"), Cursor: "!!"},
		{List: runtime.UnitList("")},
	} {
		_, err := s.Summaries(ctx, q)
		isErr(t, fmt.Sprintf("query %+v", q), err, runtime.ErrInvalid)
	}
}

func testSummaryPages(t *testing.T, s runtime.Store) {
	names := []string{"Gun", "adam", "Örjan", "Ebba", "Cecilia", "bertil", "Fia", "Dan", "Hugo", "Ärla", "Ida"}
	for i, name := range names {
		var ch []runtime.Change
		if i%3 == 0 {
			ch = append(ch, &runtime.Visited{})
		}
		if i == 4 {
			ch = append(ch, &runtime.FlagRaised{Flag: "risk"})
		}
		enrol(t, s, fmt.Sprintf("e%02d", i), "u1", "anna", name, i, ch...)
	}
	byName := slices.Clone(names)
	slices.SortFunc(byName, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	idOf := func(name string) string { return fmt.Sprintf("e%02d", slices.Index(names, name)) }
	var wantName []string
	for _, n := range byName {
		wantName = append(wantName, idOf(n))
	}
	var wantStarted, wantActive []string
	for i := len(names) - 1; i >= 0; i-- {
		wantStarted = append(wantStarted, fmt.Sprintf("e%02d", i))
		if i%3 == 0 {
			wantActive = append(wantActive, fmt.Sprintf("e%02d", i))
		}
	}
	for i := len(names) - 1; i >= 0; i-- {
		if i%3 != 0 {
			wantActive = append(wantActive, fmt.Sprintf("e%02d", i)) // never active: last, by id
		}
	}
	slices.Sort(wantActive[4:])
	attention := append([]string{"e04"}, slices.DeleteFunc(slices.Clone(wantName), func(id string) bool { return id == "e04" })...)
	l := runtime.UnitList("u1")
	for _, tt := range []struct {
		sort runtime.SortKey
		want []string
	}{
		{runtime.SortName, wantName},
		{runtime.SortStarted, wantStarted},
		{runtime.SortActive, wantActive},
		{runtime.SortAttention, attention},
	} {
		t.Run(string(tt.sort), func(t *testing.T) {
			for _, size := range []int{1, 3, 4, 11, 50} {
				equal(t, fmt.Sprintf("pages of %d", size), listed(t, s, l, tt.sort, size), tt.want)
			}
		})
	}

	// Forward to the last page and back again, with offsets and totals.
	q := runtime.PageQuery{List: l, Sort: runtime.SortName, Size: 4}
	var offsets []int
	for {
		p := page(t, s, q)
		offsets = append(offsets, p.Offset)
		if p.Total != len(names) {
			t.Errorf("total %d, want %d", p.Total, len(names))
		}
		if p.Next == "" {
			if len(p.Summaries) != 3 || p.Prev == "" {
				t.Errorf("last page: %d summaries, prev %q", len(p.Summaries), p.Prev)
			}
			q.Cursor = p.Prev
			break
		}
		q.Cursor = p.Next
	}
	equal(t, "offsets forward", offsets, []int{0, 4, 8})
	p := page(t, s, q)
	equal(t, "page before the last", pageIDs(p), wantName[4:8])
	if p.Offset != 4 || p.Prev == "" || p.Next == "" {
		t.Errorf("page before the last: offset %d, prev %q, next %q", p.Offset, p.Prev, p.Next)
	}
	q.Cursor = p.Prev
	p = page(t, s, q)
	equal(t, "first page again", pageIDs(p), wantName[:4])
	if p.Offset != 0 || p.Prev != "" || p.Next == "" {
		t.Errorf("first page again: offset %d, prev %q, next %q", p.Offset, p.Prev, p.Next)
	}
	// A previous page that reaches the start becomes the first, full.
	q.Cursor = runtime.Cursor{Before: true, Key: runtime.SortEntryKey(&runtime.Summary{ID: idOf(byName[2]), CitizenName: byName[2]}, runtime.SortName), Offset: 2}.String()
	equal(t, "previous of the third", pageIDs(page(t, s, q)), wantName[:4])
}

func pageIDs(p *runtime.SummaryPage) []string {
	var out []string
	for _, sum := range p.Summaries {
		out = append(out, sum.ID)
	}
	return out
}

func testSummaryStale(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	e := enrol(t, s, "e1", "u1", "anna", "Tolvan", 1)
	enrol(t, s, "e2", "u1", "anna", "Nils", 2)
	// Move the enrolment to another unit behind the summaries' back, as
	// a store that failed after the append of the unit's change would.
	evs := events(t, 1, &runtime.ClinicianChanged{From: "anna", To: "bo"})
	if err := e.Apply(evs[0]); err != nil {
		t.Fatal(err)
	}
	e.Unit = "u9"
	if err := s.Append(ctx, "e1", 1, "", e, evs...); err != nil {
		t.Fatal(err)
	}
	equal(t, "u1", listed(t, s, runtime.UnitList("u1"), "", 10), []string{"e2"})
	equal(t, "u9", listed(t, s, runtime.UnitList("u9"), "", 10), []string{"e1"})
	equal(t, "bo's on u9", listed(t, s, runtime.MineList("u9", "bo"), "", 10), []string{"e1"})
	equal(t, "counts after the repair", counts(t, s, runtime.UnitList("u1"), runtime.UnitList("u9")), []int{1, 1})

	// A summary behind or ahead of its log is made again from the
	// snapshot; one of an enrolment that is gone is dropped.
	wrong := runtime.Summarize(e)
	wrong.Seq += 5
	wrong.CitizenName = "Fel"
	ghost := wrong
	ghost.ID, ghost.Unit = "ghost", "u1"
	if err := s.PutSummaries(ctx, wrong, ghost); err != nil {
		t.Fatal(err)
	}
	p := page(t, s, runtime.PageQuery{List: runtime.UnitList("u9")})
	if len(p.Summaries) != 1 || p.Summaries[0].CitizenName != "Tolvan" || p.Summaries[0].Seq != e.Seq {
		t.Errorf("u9 after a wrong summary: %+v", p.Summaries)
	}
	equal(t, "u1 with a ghost", listed(t, s, runtime.UnitList("u1"), runtime.SortName, 10), []string{"e2"})
	equal(t, "counts without the ghost", counts(t, s, runtime.UnitList("u1"), runtime.EveryList("u1")), []int{1, 1})

	// An older summary never replaces a newer one.
	old := runtime.Summarize(e)
	old.Seq, old.CitizenName = 1, "Gammal"
	if err := s.PutSummaries(ctx, old); err != nil {
		t.Fatal(err)
	}
	p = page(t, s, runtime.PageQuery{List: runtime.UnitList("u9")})
	if len(p.Summaries) != 1 || p.Summaries[0].CitizenName != "Tolvan" {
		t.Errorf("u9 after an older summary: %+v", p.Summaries)
	}
}

func testSummaryPurge(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	b := start(t, svc, "u1", "anna", "19811218-9876")
	if _, err := svc.Do(ctx, a.ID, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	equal(t, "ended", listed(t, s, runtime.EndedList("u1"), "", 10), []string{a.ID})
	if err := svc.Purge(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	equal(t, "ended after purge", listed(t, s, runtime.EndedList("u1"), "", 10), []string(nil))
	equal(t, "every after purge", listed(t, s, runtime.EveryList("u1"), "", 10), []string{b.ID})
	equal(t, "counts after purge", counts(t, s, runtime.EndedList("u1"), runtime.EveryList("u1"), runtime.UnitList("u1")), []int{0, 1, 1})
}

func testSummaryRebuild(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "19121212-1212")
	b := start(t, svc, "u2", "bo", "19811218-9876")
	if _, err := svc.Do(ctx, b.ID, clinician, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	n, err := s.RebuildSummaries(ctx, false)
	if err != nil || n != 2 {
		t.Errorf("first rebuild = %d, %v; want 2", n, err)
	}
	if n, err := s.RebuildSummaries(ctx, false); err != nil || n != 0 {
		t.Errorf("second rebuild = %d, %v; want 0: the summaries are current", n, err)
	}
	if n, err := s.RebuildSummaries(ctx, true); err != nil || n != 2 {
		t.Errorf("forced rebuild = %d, %v; want 2", n, err)
	}
	equal(t, "u1", listed(t, s, runtime.UnitList("u1"), "", 10), []string{a.ID})
	equal(t, "u2 ended", listed(t, s, runtime.EndedList("u2"), "", 10), []string{b.ID})
	equal(t, "counts", counts(t, s, runtime.UnitList("u1"), runtime.EndedList("u2"), runtime.EveryList("u2")), []int{1, 1, 1})
}

// seeder is a store that writes logs in bulk (Seed in both stores).
type seeder interface {
	Seed(ctx context.Context, logs ...[]runtime.Event) error
}

func testSeed(t *testing.T, s runtime.Store) {
	sd, ok := s.(seeder)
	if !ok {
		t.Skip("the store has no Seed")
	}
	ctx := context.Background()
	var logs [][]runtime.Event
	for i, name := range []string{"Cissi", "Alva", "Bror"} {
		evs := events(t, 0, &runtime.EnrolmentStarted{
			ID: fmt.Sprintf("s%d", i), Program: "stress", Bundle: Bundle, Unit: "u1", Citizen: "191212121212",
			CitizenName: name, Clinician: "anna", Current: []string{"intro"}, Upcoming: []string{"sleep"},
		}, &runtime.Visited{})
		logs = append(logs, evs)
	}
	if err := sd.Seed(ctx, logs...); err != nil {
		t.Fatal(err)
	}
	want, err := runtime.Fold(logs[1])
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "seeded snapshot", got, want)
	log, err := s.Events(ctx, "s1", 0)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "seeded log", log, logs[1])
	equal(t, "seeded index", list(t, s, runtime.ByUnit("u1")), []string{"s0", "s1", "s2"})
	equal(t, "seeded list", listed(t, s, runtime.UnitList("u1"), runtime.SortName, 2), []string{"s1", "s2", "s0"})
	equal(t, "seeded count", counts(t, s, runtime.MineList("u1", "anna")), []int{3})
	isErr(t, "seed again", sd.Seed(ctx, logs[0]), runtime.ErrConflict)
	// A seeded enrolment takes appends as any other.
	more(t, s, want, &runtime.Ended{Reason: runtime.EndCompleted})
	equal(t, "ended after seeding", listed(t, s, runtime.EndedList("u1"), "", 10), []string{"s1"})
}

func testSummaryHandover(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "191212121212")
	anna := runtime.Staff{ID: "anna", Roles: map[string][]runtime.Role{"u1": {runtime.RoleClinician}}}
	frida := runtime.Staff{ID: "frida", Roles: map[string][]runtime.Role{"u2": {runtime.RoleCitizenAdmin}}}
	erik := runtime.Staff{ID: "erik", Roles: map[string][]runtime.Role{"u2": {runtime.RoleClinician}}}
	if _, err := svc.Do(ctx, a.ID, clinician, runtime.RequestHandover(anna, "u2")); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, a.ID, runtime.Actor{ID: "frida", Role: runtime.RoleCitizenAdmin}, runtime.AcceptHandover(frida, erik)); err != nil {
		t.Fatal(err)
	}
	// The counts are right before any page is read: the unit the
	// enrolment left no longer counts it.
	equal(t, "counts after the handover", counts(t, s, runtime.UnitList("u1"), runtime.EveryList("u1"), runtime.UnitList("u2"), runtime.MineList("u2", "erik")),
		[]int{0, 0, 1, 1})
	equal(t, "u2", listed(t, s, runtime.UnitList("u2"), "", 10), []string{a.ID})
	equal(t, "u1", listed(t, s, runtime.EveryList("u1"), "", 10), []string(nil))
}
