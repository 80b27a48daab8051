// Conformance of the enrolment store: appends, conflicts, events, indexes
// and purging.

package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

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
	if err := s.Append(ctx, "e1", 3, "", e, more...); err != nil {
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
	isErr(t, "create twice", s.Append(ctx, "e1", 0, "", again, events(t, 0, &runtime.EnrolmentStarted{ID: "e1", Unit: "u2"})...), runtime.ErrConflict)

	// A writer who saw seq 1 loses against the log at seq 2.
	stale := events(t, 1, &runtime.Visited{})
	isErr(t, "stale append", s.Append(ctx, "e1", 1, "", e, stale...), runtime.ErrConflict)
	ahead := &runtime.Enrolment{ID: "e1", Seq: 6}
	isErr(t, "append ahead", s.Append(ctx, "e1", 5, "", ahead, events(t, 5, &runtime.Visited{})...), runtime.ErrConflict)

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
	if err := s.Append(ctx, "e1", 1, "", e, evs...); err != nil {
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

func testAppendKeyOnce(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	e, _ := create(t, s, "e1")
	next := func(seq int64) (*runtime.Enrolment, []runtime.Event) {
		t.Helper()
		evs := events(t, seq, &runtime.Visited{})
		st := *e
		if err := st.Apply(evs[0]); err != nil {
			t.Fatal(err)
		}
		return &st, evs
	}

	st, evs := next(1)
	if err := s.Append(ctx, "e1", 1, "k1", st, evs...); err != nil {
		t.Fatal(err)
	}
	// The same key again, from where it was applied (a retry that found
	// no answer) or from the fresh state: written once.
	isErr(t, "retry of an applied key", s.Append(ctx, "e1", 1, "k1", st, evs...), runtime.ErrDuplicate)
	e = st
	st, evs = next(2)
	isErr(t, "applied key on fresh state", s.Append(ctx, "e1", 2, "k1", st, evs...), runtime.ErrDuplicate)
	log, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 2 {
		t.Errorf("log has %d events after a duplicate, want 2", len(log))
	}
	for _, c := range []struct {
		key  string
		want bool
	}{{"k1", true}, {"k9", false}, {"", false}} {
		if got, err := s.Applied(ctx, "e1", c.key); err != nil || got != c.want {
			t.Errorf("Applied(%q) = %v, %v; want %v", c.key, got, err, c.want)
		}
	}
	if _, err := s.Applied(ctx, "nobody", "k1"); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("Applied on an unknown enrolment = %v, want ErrNotFound", err)
	}
	got, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "snapshot after a duplicate", got, e)

	// Another key, or none, is another command.
	for _, key := range []string{"k2", "", ""} {
		st, evs = next(e.Seq)
		if err := s.Append(ctx, "e1", e.Seq, key, st, evs...); err != nil {
			t.Fatalf("append with key %q: %v", key, err)
		}
		e = st
	}
	// Keys are per enrolment.
	o, _ := create(t, s, "e2")
	other := events(t, 1, &runtime.Visited{})
	if err := o.Apply(other[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(ctx, "e2", 1, "k1", o, other...); err != nil {
		t.Errorf("key of another enrolment: %v", err)
	}

	// The store remembers the last KeysKept keys: k2 is still known after
	// KeysKept-1 more, and forgotten after one more.
	for i := range runtime.KeysKept - 1 {
		st, evs = next(e.Seq)
		if err := s.Append(ctx, "e1", e.Seq, fmt.Sprintf("more-%d", i), st, evs...); err != nil {
			t.Fatal(err)
		}
		e = st
	}
	st, evs = next(e.Seq)
	isErr(t, "the KeysKept-th newest key", s.Append(ctx, "e1", e.Seq, "k2", st, evs...), runtime.ErrDuplicate)
	if err := s.Append(ctx, "e1", e.Seq, "one-more", st, evs...); err != nil {
		t.Fatal(err)
	}
	e = st
	st, evs = next(e.Seq)
	if err := s.Append(ctx, "e1", e.Seq, "k2", st, evs...); err != nil {
		t.Errorf("a key older than the last KeysKept: %v", err)
	}
}
