package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// writeNested writes enrolments in the layout before layoutFlat, as the
// stegvis before it did: a bucket per enrolment with its snapshot, keys
// and log, the log bucket's sequence at the last seq, and the list
// indexes.
func writeNested(t *testing.T, path string, logs map[string][]runtime.Event, keys map[string]string) map[string]*runtime.Enrolment {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	states := map[string]*runtime.Enrolment{}
	err = db.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucket(bucketEnrolments)
		if err != nil {
			return err
		}
		ixb, err := tx.CreateBucket(bucketIndex)
		if err != nil {
			return err
		}
		for id, events := range logs {
			e, err := runtime.Fold(events)
			if err != nil {
				return err
			}
			states[id] = e
			eb, err := root.CreateBucket([]byte(id))
			if err != nil {
				return err
			}
			log, err := eb.CreateBucket([]byte("log"))
			if err != nil {
				return err
			}
			for _, ev := range events {
				data, _ := json.Marshal(ev)
				if err := log.Put(seqKey(ev.Seq), data); err != nil {
					return err
				}
			}
			if err := log.SetSequence(uint64(e.Seq)); err != nil {
				return err
			}
			snap, _ := json.Marshal(e)
			if err := eb.Put([]byte("snap"), snap); err != nil {
				return err
			}
			if k, ok := keys[id]; ok {
				if err := eb.Put([]byte("keys"), runtime.RememberKey(nil, runtime.KeyDigest(k))); err != nil {
					return err
				}
			}
			for _, ix := range runtime.IndexesOf(e) {
				b, err := ixb.CreateBucketIfNotExists([]byte(ix.String()))
				if err != nil {
					return err
				}
				if err := b.Put([]byte(id), []byte{}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return states
}

// sampleLog returns the id and log of a started enrolment with a step
// opened.
func sampleLog(t *testing.T, citizen string) (string, []runtime.Event) {
	t.Helper()
	return sampleLogIn(t, mustOpen(t), citizen)
}

// sampleLogIn is sampleLog in s.
func sampleLogIn(t *testing.T, s *Store, citizen string) (string, []runtime.Event) {
	t.Helper()
	ctx := context.Background()
	svc := runtime.NewEnrolments(s)
	e, err := svc.Start(ctx, runtime.StartInput{
		Program: storetest.Program(), Bundle: storetest.Bundle, Unit: "u1", Citizen: citizen,
		CitizenName: "Tolvan Tolvansson", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, e.ID, runtime.Actor{ID: citizen, Role: runtime.RoleCitizen}, runtime.OpenStep(storetest.Program(), "intro", "what", time.Now())); err != nil {
		t.Fatal(err)
	}
	events, err := s.Events(ctx, e.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	return e.ID, events
}

// TestMigrateNested opens a file of the nested layout and finds every
// enrolment's snapshot, log, keys and index entries where they were, the
// old buckets gone, and the file marked, so the next open changes nothing.
func TestMigrateNested(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	logs := map[string][]runtime.Event{}
	for _, pnr := range []string{"191212121212", "200001012384"} {
		id, events := sampleLog(t, pnr)
		logs[id] = events
	}
	var keyed string
	for id := range logs {
		keyed = id
		break
	}
	want := writeNested(t, path, logs, map[string]string{keyed: "form-token-1"})

	for round := range 2 { // the second open finds the flat layout
		s, err := Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		for id, events := range logs {
			got, err := s.Load(ctx, id)
			if err != nil || !reflect.DeepEqual(got, want[id]) {
				t.Errorf("open %d: Load(%s) = %v, %v; want %+v", round, id, got, err, want[id])
			}
			evs, err := s.Events(ctx, id, 0)
			if err != nil || !reflect.DeepEqual(evs, events) {
				t.Errorf("open %d: Events(%s): %d events, %v; want %d", round, id, len(evs), err, len(events))
			}
			applied, err := s.Applied(ctx, id, "form-token-1")
			if err != nil || applied != (id == keyed) {
				t.Errorf("open %d: Applied(%s) = %v, %v", round, id, applied, err)
			}
		}
		if es, err := s.Enrolments(ctx, runtime.ByUnit("u1")); err != nil || len(es) != len(logs) {
			t.Errorf("open %d: unit's list: %d, %v", round, len(es), err)
		}
		// The migrated log takes the next append at its seq.
		e := want[keyed].Clone()
		ev, err := runtime.NewEvent(time.Now(), runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, &runtime.Visited{})
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = e.Seq + 1
		if err := e.Apply(ev); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, keyed, e.Seq-1, "", e, ev); err != nil {
			t.Errorf("open %d: append after the migration: %v", round, err)
		}
		if err := s.Append(ctx, keyed, e.Seq-1, "", e, ev); !errors.Is(err, runtime.ErrConflict) {
			t.Errorf("open %d: append at a stale seq: %v, want ErrConflict", round, err)
		}
		if err := s.db.View(func(tx *bolt.Tx) error {
			if tx.Bucket(bucketEnrolments) != nil {
				t.Errorf("open %d: the nested buckets are still there", round)
			}
			if v := tx.Bucket(bucketMeta).Get(keyLayout); string(v) != layoutSets {
				t.Errorf("open %d: layout %q", round, v)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		logs[keyed] = append(logs[keyed], ev)
		want[keyed] = e
		s.Close()
	}
}

// TestOpenNewerLayout refuses a file of a layout this version does not
// know, saying what to do, and leaves it as it was.
func TestOpenNewerLayout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketMeta)
		if err != nil {
			return err
		}
		return b.Put(keyLayout, []byte("flat-9"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(path)
	if err == nil || !strings.Contains(err.Error(), `"flat-9"`) || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("Open of a newer layout: %v", err)
	}
}

// TestMigrateBroken leaves a nested file whose enrolment lacks its log as
// it was, with an error naming the enrolment.
func TestMigrateBroken(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucket(bucketEnrolments)
		if err != nil {
			return err
		}
		eb, err := root.CreateBucket([]byte("e1"))
		if err != nil {
			return err
		}
		return eb.Put([]byte("snap"), []byte("{}"))
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "enrolment e1") {
		t.Fatalf("Open of a broken nested file: %v", err)
	}
	db, err = bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEnrolments).Bucket([]byte("e1")) == nil || tx.Bucket(bucketSnapshots) != nil {
			t.Error("a failed migration changed the file")
		}
		return nil
	})
}
