package embedded

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// mustOpen opens a store in a fresh file that is closed when the test ends.
func mustOpen(tb testing.TB) *Store {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "stegvis.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) runtime.Store { return mustOpen(t) })
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "stegvis.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: storetest.Program(), Bundle: storetest.Bundle, Unit: "u1", Citizen: "19121212-1212",
		CitizenName: "Tolvan Tolvansson", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err = svc.Do(ctx, e.ID, runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}, runtime.OpenStep(storetest.Program(), "intro", "what", time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutBundle(ctx, storetest.Bundle, map[string][]byte{"program.json": []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	if err := s.PutSession(ctx, "s1", []byte("x"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, err := s.Load(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, e) {
		t.Errorf("after reopen\n got %+v\nwant %+v", got, e)
	}
	events, err := s.Events(ctx, e.ID, 0)
	if err != nil || len(events) != 2 {
		t.Errorf("events after reopen: %d, %v", len(events), err)
	}
	if es, err := s.Enrolments(ctx, runtime.ByUnit("u1")); err != nil || len(es) != 1 {
		t.Errorf("index after reopen: %d, %v", len(es), err)
	}
	if data, err := s.BundleFile(ctx, storetest.Bundle, "program.json"); err != nil || string(data) != "{}" {
		t.Errorf("bundle after reopen: %q, %v", data, err)
	}
	if _, err := s.Session(ctx, "s1"); err != nil {
		t.Errorf("session after reopen: %v", err)
	}
}

func TestOpenLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stegvis.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := Open(path); err == nil {
		t.Error("a second Open of a file in use succeeded")
	}
}

func TestSweep(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := time.Now()
	s.now = func() time.Time { return now }
	for i := range sweepEvery - 1 {
		if err := s.PutSession(ctx, string(rune('a'+i%26))+time.Duration(i).String(), []byte("x"), time.Minute); err != nil {
			t.Fatal(err)
		}
	}
	now = now.Add(time.Hour)
	if err := s.PutSession(ctx, "fresh", []byte("y"), time.Minute); err != nil {
		t.Fatal(err)
	}
	n := 0
	if err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketSessions).Stats().KeyN
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("%d sessions left after the sweep, want 1", n)
	}
}

// TestQueueMissingJob checks that a missing job is ErrNotFound inside the
// queue, and that a due entry without its job fails Claim as a broken
// file rather than as a missing job.
func TestQueueMissingJob(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	err := s.db.View(func(tx *bolt.Tx) error {
		q, err := getJob(tx, "nope")
		if q != nil {
			t.Errorf("getJob of a missing job = %v", q)
		}
		return err
	})
	if !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("getJob of a missing job: %v, want ErrNotFound", err)
	}
	due := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	if err := s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketDue).Put(dueKey(due.UnixMilli(), "ghost"), []byte{})
	}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Claim(ctx, due, 10, time.Minute)
	if err == nil || errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("Claim of a due entry without its job: %v, want an error other than ErrNotFound", err)
	}
}
