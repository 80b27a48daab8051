package embedded

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// readAll reads every entry key of each list's sets, forwards, and pages
// of three both ways from the middle of each.
func readAll(t *testing.T, s *Store, lists []runtime.List) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, l := range lists {
		for _, sort := range l.Sorts() {
			set := runtime.SetName(l, sort)
			r, err := s.readSummaries(context.Background(), l, set, false, "", 1000)
			if err != nil {
				t.Fatal(err)
			}
			name := l.Unit + "/" + set
			out[name] = r.Keys
			if len(r.Keys) < 2 {
				continue
			}
			mid := r.Keys[len(r.Keys)/2]
			for _, back := range []bool{false, true} {
				p, err := s.readSummaries(context.Background(), l, set, back, mid, 3)
				if err != nil {
					t.Fatal(err)
				}
				out[fmt.Sprint(name, " from the middle, backward ", back)] = p.Keys
			}
			last, err := s.readSummaries(context.Background(), l, set, true, "", 2)
			if err != nil {
				t.Fatal(err)
			}
			out[name+" last"] = last.Keys
		}
	}
	return out
}

// TestFlattenSets opens a file whose summaries' sets are a bucket per
// set, as before layoutSets, and reads the same lists, in the same
// orders, from the flat bucket the open moved them to.
func TestFlattenSets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sets.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var sums []runtime.Summary
	start := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 40 {
		sums = append(sums, runtime.Summary{
			ID: fmt.Sprintf("e%03d", i), Seq: 1, Program: "p", Bundle: "b",
			Unit: []string{"u1", "u2", "u1\x00x"}[i%3], Citizen: fmt.Sprint(i),
			CitizenName: fmt.Sprintf("Namn %d", 40-i), Clinician: []string{"anna", "bo"}[i%2],
			StartedAt: start.Add(time.Duration(i) * time.Hour), LastActive: start.Add(time.Duration(i*7%40) * time.Hour),
			Status: runtime.StatusOngoing, Flags: i % 4,
		})
		switch {
		case i%7 == 0:
			sums[i].Status, sums[i].EndedAt = runtime.StatusEnded, start.Add(time.Duration(i)*time.Minute)
		case i%5 == 0:
			sums[i].Status = runtime.StatusMaintenance
		}
	}
	if err := s.PutSummaries(context.Background(), sums...); err != nil {
		t.Fatal(err)
	}
	var lists []runtime.List
	for _, sum := range sums {
		for _, l := range runtime.ListsOf(&sum) {
			if !slices.Contains(lists, l) {
				lists = append(lists, l)
			}
		}
	}
	want := readAll(t, s, lists)
	if len(want[lists[0].Unit+"/"+runtime.SetName(lists[0], lists[0].Sorts()[0])]) == 0 {
		t.Fatal("no entries read before the migration")
	}
	// Back to a bucket per set, as a file of layoutFlat holds them.
	err = s.db.Update(func(tx *bolt.Tx) error {
		names := map[string][]byte{}
		if err := tx.Bucket(bucketSummarySetIDs).ForEach(func(k, v []byte) error {
			names[string(v)] = bytes.Clone(k)
			return nil
		}); err != nil {
			return err
		}
		nested := map[string][][]byte{}
		if err := tx.Bucket(bucketSummarySets).ForEach(func(k, _ []byte) error {
			for id, name := range names {
				if bytes.HasPrefix(k, []byte(id)) {
					nested[string(name)] = append(nested[string(name)], bytes.Clone(k[len(id):]))
				}
			}
			return nil
		}); err != nil {
			return err
		}
		for _, b := range [][]byte{bucketSummarySets, bucketSummarySetIDs} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		sets, err := tx.CreateBucket(bucketSummarySets)
		if err != nil {
			return err
		}
		for name, keys := range nested {
			b, err := sets.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			for _, k := range keys {
				if err := b.Put(k, nil); err != nil {
					return err
				}
			}
		}
		return tx.Bucket(bucketMeta).Put(keyLayout, []byte(layoutFlat))
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	for round := range 2 {
		s, err := Open(path)
		if err != nil {
			t.Fatalf("open %d: %v", round, err)
		}
		if got := readAll(t, s, lists); !reflect.DeepEqual(got, want) {
			t.Errorf("open %d: the lists read\n%q\nwant\n%q", round, got, want)
		}
		err = s.db.View(func(tx *bolt.Tx) error {
			if v := tx.Bucket(bucketMeta).Get(keyLayout); string(v) != layoutSets {
				t.Errorf("open %d: layout %q", round, v)
			}
			return tx.Bucket(bucketSummarySets).ForEachBucket(func(k []byte) error {
				t.Errorf("open %d: a bucket %q is left in the sets", round, k)
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
}
