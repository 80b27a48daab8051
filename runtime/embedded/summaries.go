// The summaries of enrolments in their lists (runtime.SummaryStore): a
// record per enrolment, a key-ordered bucket per list and order whose keys
// are the entry keys, and a count per list, all written in the
// transaction of the append that changed them, so they are exact; a page
// is a cursor seek and as many steps as the page is long.

package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	// bucketSummaries holds enrolment id → runtime.SummaryRecord (JSON).
	bucketSummaries = []byte("summaries")
	// bucketSummarySets holds the entries of every unit's sets
	// (runtime.SetName), each under its set's prefix (setPrefix) and its
	// entry key, with no value (see summarysets.go).
	bucketSummarySets = []byte("summary-sets")
	// bucketSummaryCounts holds UNIT NUL list name → count (8 bytes,
	// big endian).
	bucketSummaryCounts = []byte("summary-counts")
	// bucketSummaryEntries holds enrolment id → its record's entries
	// (JSON [set, key] pairs), read only to replace them.
	bucketSummaryEntries = []byte("summary-entries")
	// bucketSummaryMeta holds keySummarySchema: the SummarySchema the
	// summaries were built by.
	bucketSummaryMeta = []byte("summary-meta")
	keySummarySchema  = []byte("schema")
)

func unitKey(unit, name string) []byte { return []byte(unit + "\x00" + name) }

// summaryBuckets returns the summaries' buckets, made if missing.
func summaryBuckets(tx *bolt.Tx) (recs, sets, counts *bolt.Bucket, err error) {
	if !tx.Writable() {
		return tx.Bucket(bucketSummaries), tx.Bucket(bucketSummarySets), tx.Bucket(bucketSummaryCounts), nil
	}
	var bs [3]*bolt.Bucket
	for i, name := range [][]byte{bucketSummaries, bucketSummarySets, bucketSummaryCounts} {
		if bs[i], err = tx.CreateBucketIfNotExists(name); err != nil {
			return nil, nil, nil, err
		}
	}
	return bs[0], bs[1], bs[2], nil
}

// fileSummary files the summary of state in its lists, in the append's
// transaction. It is the one call Append makes for summaries.
func fileSummary(tx *bolt.Tx, state *runtime.Enrolment) error {
	if err := putSummary(tx, runtime.Summarize(state)); err != nil {
		return fmt.Errorf("summary: %w", err)
	}
	return nil
}

func getRecord(recs *bolt.Bucket, id string) (*runtime.SummaryRecord, error) {
	if recs == nil {
		return nil, nil
	}
	data := recs.Get([]byte(id))
	if data == nil {
		return nil, nil
	}
	r := new(runtime.SummaryRecord)
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("decode summary %s: %w", id, err)
	}
	return r, nil
}

// getEntries fills in a record's entries.
func getEntries(tx *bolt.Tx, r *runtime.SummaryRecord) error {
	b := tx.Bucket(bucketSummaryEntries)
	if b == nil {
		return nil
	}
	data := b.Get([]byte(r.Summary.ID))
	if data == nil {
		return nil
	}
	if err := json.Unmarshal(data, &r.Entries); err != nil {
		return fmt.Errorf("decode entries of %s: %w", r.Summary.ID, err)
	}
	return nil
}

// putSummary replaces the record of s and its entries unless the one kept
// is as new.
func putSummary(tx *bolt.Tx, s runtime.Summary) error {
	recs, sets, counts, err := summaryBuckets(tx)
	if err != nil {
		return err
	}
	rec := runtime.RecordOf(s)
	old, err := getRecord(recs, s.ID)
	if err != nil {
		return err
	}
	if !rec.Newer(old) {
		return nil
	}
	if old != nil {
		if err := getEntries(tx, old); err != nil {
			return err
		}
	}
	if err := refile(tx, sets, counts, old, &rec); err != nil {
		return err
	}
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	if err := recs.Put([]byte(s.ID), data); err != nil {
		return err
	}
	if old != nil && slices.Equal(old.Entries, rec.Entries) {
		return nil
	}
	ents, err := tx.CreateBucketIfNotExists(bucketSummaryEntries)
	if err != nil {
		return err
	}
	if data, err = json.Marshal(rec.Entries); err != nil {
		return err
	}
	return ents.Put([]byte(s.ID), data)
}

// filing is where a record is filed: its entries as unit, set and key,
// and the count keys of its lists.
func filing(r *runtime.SummaryRecord) (entries [][3]string, lists []string) {
	if r == nil {
		return nil, nil
	}
	for _, e := range r.Entries {
		entries = append(entries, [3]string{r.Summary.Unit, e[0], e[1]})
	}
	for _, l := range runtime.ListsOf(&r.Summary) {
		lists = append(lists, string(unitKey(l.Unit, l.Name())))
	}
	return entries, lists
}

// refile moves a record's entries and counts from where old filed them
// to where new does (either nil for none). It writes only those that
// differ: an append that leaves the enrolment's place in a list as it was
// writes none of that list's pages, which would otherwise be copied and
// their old copies left for the file to keep until no read needs them.
func refile(tx *bolt.Tx, sets, counts *bolt.Bucket, old, new *runtime.SummaryRecord) error {
	wasEntries, wasLists := filing(old)
	isEntries, isLists := filing(new)
	for _, e := range wasEntries {
		if slices.Contains(isEntries, e) {
			continue
		}
		prefix, err := setPrefix(tx, e[0], e[1], false)
		if err != nil {
			return err
		}
		if prefix != nil {
			if err := sets.Delete(append(prefix, e[2]...)); err != nil {
				return err
			}
		}
	}
	for _, e := range isEntries {
		if slices.Contains(wasEntries, e) {
			continue
		}
		prefix, err := setPrefix(tx, e[0], e[1], true)
		if err != nil {
			return err
		}
		if err := sets.Put(append(prefix, e[2]...), nil); err != nil {
			return err
		}
	}
	for _, l := range wasLists {
		if !slices.Contains(isLists, l) {
			if err := addCount(counts, []byte(l), -1); err != nil {
				return err
			}
		}
	}
	for _, l := range isLists {
		if !slices.Contains(wasLists, l) {
			if err := addCount(counts, []byte(l), 1); err != nil {
				return err
			}
		}
	}
	return nil
}

func addCount(counts *bolt.Bucket, key []byte, d int64) error {
	var n int64
	if v := counts.Get(key); len(v) == 8 {
		n = int64(binary.BigEndian.Uint64(v))
	}
	n = max(n+d, 0)
	if n == 0 {
		return counts.Delete(key)
	}
	return counts.Put(key, binary.BigEndian.AppendUint64(nil, uint64(n)))
}

// dropSummary removes the record of id, with its entries, when it is
// filed under unit ("" for any) and older than seq.
func dropSummary(tx *bolt.Tx, unit, id string, seq int64) error {
	recs, sets, counts, err := summaryBuckets(tx)
	if err != nil {
		return err
	}
	old, err := getRecord(recs, id)
	if err != nil || old == nil || old.Seq >= seq || unit != "" && old.Summary.Unit != unit {
		return err
	}
	if err := getEntries(tx, old); err != nil {
		return err
	}
	if err := refile(tx, sets, counts, old, nil); err != nil {
		return err
	}
	if ents := tx.Bucket(bucketSummaryEntries); ents != nil {
		if err := ents.Delete([]byte(id)); err != nil {
			return err
		}
	}
	return recs.Delete([]byte(id))
}

// logSeq is the sequence of an enrolment's log, 0 when there is none.
func logSeq(tx *bolt.Tx, id string) int64 {
	h, _ := readHead(tx, id)
	return h.seq
}

// source is the store as runtime.ReadSummaryPage reads it.
func (s *Store) source() runtime.SummarySource {
	return runtime.SummarySource{
		Read: s.readSummaries,
		Load: s.Load,
		Put:  s.PutSummaries,
		Drop: func(ctx context.Context, unit, id string, seq int64) error {
			return s.db.Update(func(tx *bolt.Tx) error { return dropSummary(tx, unit, id, seq) })
		},
	}
}

// readSummaries reads, in one transaction, at most n entry keys of a set
// after or before key, their records, their logs' sequences and the
// list's count.
func (s *Store) readSummaries(ctx context.Context, l runtime.List, set string, backward bool, key string, n int) (*runtime.SummaryRead, error) {
	out := &runtime.SummaryRead{Records: map[string]*runtime.SummaryRecord{}, Seqs: map[string]int64{}}
	err := s.db.View(func(tx *bolt.Tx) error {
		recs, sets, counts, _ := summaryBuckets(tx)
		if sets == nil {
			return nil
		}
		if v := counts.Get(unitKey(l.Unit, l.Name())); len(v) == 8 {
			out.Count = int(binary.BigEndian.Uint64(v))
		}
		prefix, err := setPrefix(tx, l.Unit, set, false)
		if err != nil || prefix == nil {
			return err
		}
		out.Keys = readSet(sets, prefix, backward, key, n)
		for _, k := range out.Keys {
			id := runtime.EntryID(k)
			r, err := getRecord(recs, id)
			if err != nil {
				return err
			}
			if r != nil && r.Summary.Unit == l.Unit {
				out.Records[id] = r
			}
			out.Seqs[id] = logSeq(tx, id)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Summaries returns a page of a list.
func (s *Store) Summaries(ctx context.Context, q runtime.PageQuery) (*runtime.SummaryPage, error) {
	return runtime.ReadSummaryPage(ctx, q, s.source())
}

// CountSummaries returns the kept counts of lists.
func (s *Store) CountSummaries(ctx context.Context, ls ...runtime.List) ([]int, error) {
	out := make([]int, len(ls))
	err := s.db.View(func(tx *bolt.Tx) error {
		_, _, counts, _ := summaryBuckets(tx)
		if counts == nil {
			return nil
		}
		for i, l := range ls {
			if v := counts.Get(unitKey(l.Unit, l.Name())); len(v) == 8 {
				out[i] = int(binary.BigEndian.Uint64(v))
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count summaries: %w", err)
	}
	return out, nil
}

// PutSummaries files summaries, a thousand to a transaction.
func (s *Store) PutSummaries(ctx context.Context, ss ...runtime.Summary) error {
	for len(ss) > 0 {
		n := min(len(ss), 1000)
		err := s.db.Update(func(tx *bolt.Tx) error {
			for _, sum := range ss[:n] {
				if err := putSummary(tx, sum); err != nil {
					return fmt.Errorf("%s: %w", sum.ID, err)
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("put summaries: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		ss = ss[n:]
	}
	return nil
}

// RebuildSummaries files every enrolment's summary anew, in one
// transaction, when the file's summaries were built by another
// SummarySchema (or none: a file from before summaries) or force is set.
// It walks the citizens' indexes, which hold every enrolment, once, and
// decodes each snapshot: meant for start-up.
func (s *Store) RebuildSummaries(ctx context.Context, force bool) (int, error) {
	want := binary.BigEndian.AppendUint64(nil, runtime.SummarySchema)
	if !force {
		current := false
		err := s.db.View(func(tx *bolt.Tx) error {
			if b := tx.Bucket(bucketSummaryMeta); b != nil {
				current = bytes.Equal(b.Get(keySummarySchema), want)
			}
			return nil
		})
		if err != nil || current {
			return 0, err
		}
	}
	n := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketSummaries, bucketSummaryEntries, bucketSummarySets, bucketSummarySetIDs, bucketSummaryCounts} {
			if tx.Bucket(name) == nil {
				continue
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		seen := map[string]bool{}
		ix := tx.Bucket(bucketIndex)
		err := ix.ForEachBucket(func(name []byte) error {
			if !strings.HasPrefix(string(name), string(runtime.IndexCitizen)+":") {
				return nil
			}
			return ix.Bucket(name).ForEach(func(k, _ []byte) error {
				id := string(k)
				if seen[id] {
					return nil
				}
				seen[id] = true
				e, err := s.loadSnapshot(tx, id)
				if errors.Is(err, runtime.ErrNotFound) {
					return nil
				}
				if err != nil {
					return fmt.Errorf("%s: %w", id, err)
				}
				n++
				return fileSummary(tx, e)
			})
		})
		if err != nil {
			return err
		}
		meta, err := tx.CreateBucketIfNotExists(bucketSummaryMeta)
		if err != nil {
			return err
		}
		return meta.Put(keySummarySchema, want)
	})
	if err != nil {
		return 0, fmt.Errorf("rebuild summaries: %w", err)
	}
	return n, nil
}

// purgeSummary removes an enrolment's summary in its purge's transaction.
func purgeSummary(tx *bolt.Tx, id string) error {
	return dropSummary(tx, "", id, math.MaxInt64)
}
