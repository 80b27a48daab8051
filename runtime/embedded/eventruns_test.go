package embedded

import (
	"fmt"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestEventRuns checks the runs of bucketEventIndex: events read back in
// order after any seq whether they were indexed one per entry (a file
// written before runs) or in runs, across full runs and gaps in seq, and
// deleting an enrolment's events leaves the others'.
func TestEventRuns(t *testing.T) {
	tests := []struct {
		name string
		// single are the seqs indexed one per entry, as before runs;
		// then seqs are appended with putEvent.
		single, seqs []int64
		// runs is how many index entries the enrolment has after.
		runs int
	}{
		{name: "one", seqs: []int64{1}, runs: 1},
		{name: "one run", seqs: seqRange(1, runEvents), runs: 1},
		{name: "full run and one", seqs: seqRange(1, runEvents+1), runs: 2},
		{name: "three runs", seqs: seqRange(1, 2*runEvents+5), runs: 3},
		{name: "gap starts a run", seqs: []int64{1, 2, 3, 7, 8}, runs: 2},
		{name: "old entries then runs", single: []int64{1, 2, 3}, seqs: seqRange(4, 10), runs: 3}, // the entry of 3 is a run of one that 4 extends
		{name: "old entries only", single: []int64{1, 2}, runs: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustOpen(t)
			all := append(slices.Clone(tt.single), tt.seqs...)
			err := s.db.Update(func(tx *bolt.Tx) error {
				// Neighbours on both sides, so runs end at other keys.
				for _, id := range []string{"a", "c"} {
					for seq := int64(1); seq <= 3; seq++ {
						if err := putEvent(tx, id, seq, []byte(fmt.Sprintf("%s%d", id, seq))); err != nil {
							return err
						}
					}
				}
				events, index := tx.Bucket(bucketEvents), tx.Bucket(bucketEventIndex)
				for _, seq := range tt.single {
					n, err := events.NextSequence()
					if err != nil {
						return err
					}
					if err := events.Put(seqKey(int64(n)), []byte(fmt.Sprintf("b%d", seq))); err != nil {
						return err
					}
					if err := index.Put(eventKey("b", seq), seqKey(int64(n))); err != nil {
						return err
					}
				}
				for _, seq := range tt.seqs {
					if err := putEvent(tx, "b", seq, []byte(fmt.Sprintf("b%d", seq))); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			s.db.View(func(tx *bolt.Tx) error {
				runs := 0
				c := tx.Bucket(bucketEventIndex).Cursor()
				for k, _ := c.Seek(eventPrefix("b")); k != nil && k[0] == 'b'; k, _ = c.Next() {
					runs++
				}
				if runs != tt.runs {
					t.Errorf("%d index entries, want %d", runs, tt.runs)
				}
				for _, after := range append([]int64{-1, 0}, all...) {
					var got, want []string
					for _, seq := range all {
						if seq > after {
							want = append(want, fmt.Sprintf("%d:b%d", seq, seq))
						}
					}
					err := eachEvent(tx, "b", after, func(seq int64, data []byte) error {
						got = append(got, fmt.Sprintf("%d:%s", seq, data))
						return nil
					})
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Errorf("after %d: %v, want %v", after, got, want)
					}
				}
				return nil
			})
			err = s.db.Update(func(tx *bolt.Tx) error { return deleteEvents(tx, "b") })
			if err != nil {
				t.Fatal(err)
			}
			s.db.View(func(tx *bolt.Tx) error {
				if n := tx.Bucket(bucketEvents).Stats().KeyN; n != 6 {
					t.Errorf("%d events left, want the neighbours' 6", n)
				}
				for _, id := range []string{"a", "b", "c"} {
					var got []int64
					eachEvent(tx, id, 0, func(seq int64, _ []byte) error { got = append(got, seq); return nil })
					if want := map[bool][]int64{true: nil, false: {1, 2, 3}}[id == "b"]; !slices.Equal(got, want) {
						t.Errorf("%s after purge: %v, want %v", id, got, want)
					}
				}
				return nil
			})
		})
	}
}

func seqRange(from, to int64) []int64 {
	var out []int64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

// TestEventRunsAcrossPages interleaves the appends of many enrolments, as
// concurrent ones do, so runs are split over the index's pages, and
// reads every log back after several seqs.
func TestEventRunsAcrossPages(t *testing.T) {
	s := mustOpen(t)
	const enrolments, events = 300, runEvents + 30
	id := func(i int) string { return fmt.Sprintf("e%05d", (i*7919)%enrolments) }
	err := s.db.Update(func(tx *bolt.Tx) error {
		for seq := int64(1); seq <= events; seq++ {
			for i := range enrolments {
				if err := putEvent(tx, id(i), seq, []byte(fmt.Sprintf("%s/%d", id(i), seq))); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		st := tx.Bucket(bucketEventIndex).Stats()
		if st.Depth < 2 {
			t.Fatalf("index depth %d: runs all on one page", st.Depth)
		}
		if st.KeyN != 2*enrolments {
			t.Errorf("%d index entries, want two runs each: %d", st.KeyN, 2*enrolments)
		}
		for i := range enrolments {
			for _, after := range []int64{0, 1, runEvents - 1, runEvents, runEvents + 1, events - 1, events} {
				next := after + 1
				err := eachEvent(tx, id(i), after, func(seq int64, data []byte) error {
					if want := fmt.Sprintf("%s/%d", id(i), next); seq != next || string(data) != want {
						t.Fatalf("%s after %d: %d %s, want %d %s", id(i), after, seq, data, next, want)
					}
					next++
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if next != events+1 {
					t.Fatalf("%s after %d: ended before %d, want %d", id(i), after, next, events+1)
				}
			}
		}
		return nil
	})
}
