// The sets of summaries' entries in one flat bucket: a list in one order
// is the run of bucketSummarySets' keys that start with its set's prefix.
// A bucket per set, as files before layoutSets had, gave each set its own
// branch page, mostly empty, and an append that moved an enrolment in a
// list wrote each set's branch page besides its leaves.

package embedded

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

// bucketSummarySetIDs holds unitKey(unit, set) → the set's number, a
// uvarint (the bucket's sequence when the set got its first entry).
var bucketSummarySetIDs = []byte("summary-set-ids")

// setPrefix returns the start of the keys of a set's entries in
// bucketSummarySets: its number as a uvarint, which makes no set's prefix
// the start of another's and costs each entry a byte or two. It returns
// nil when the set has no number, made only when create is set.
func setPrefix(tx *bolt.Tx, unit, set string, create bool) ([]byte, error) {
	name := unitKey(unit, set)
	ids := tx.Bucket(bucketSummarySetIDs)
	if ids != nil {
		if v := ids.Get(name); v != nil {
			return bytes.Clone(v), nil
		}
	}
	if !create {
		return nil, nil
	}
	ids, err := tx.CreateBucketIfNotExists(bucketSummarySetIDs)
	if err != nil {
		return nil, err
	}
	n, err := ids.NextSequence()
	if err != nil {
		return nil, err
	}
	v := binary.AppendUvarint(nil, n)
	return v, ids.Put(name, v)
}

// readSet returns at most n entry keys of the set with prefix, after key
// (or before it when backward; "" for from the start or the end), in the
// set's order or backwards.
func readSet(sets *bolt.Bucket, prefix []byte, backward bool, key string, n int) []string {
	c := sets.Cursor()
	var k []byte
	switch {
	case backward:
		from := append(bytes.Clone(prefix), key...)
		if key == "" {
			from = successor(prefix)
		}
		if from == nil {
			k, _ = c.Last()
		} else if k, _ = c.Seek(from); k == nil {
			k, _ = c.Last()
		} else {
			k, _ = c.Prev()
		}
	case key == "":
		k, _ = c.Seek(prefix)
	default:
		from := append(bytes.Clone(prefix), key...)
		if k, _ = c.Seek(from); bytes.Equal(k, from) {
			k, _ = c.Next()
		}
	}
	var out []string
	for k != nil && bytes.HasPrefix(k, prefix) && len(out) < n {
		out = append(out, string(k[len(prefix):]))
		if backward {
			k, _ = c.Prev()
		} else {
			k, _ = c.Next()
		}
	}
	return out
}

// successor returns the least key after every key that starts with p, nil
// when there is none.
func successor(p []byte) []byte {
	s := bytes.Clone(p)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] < 0xff {
			s[i]++
			return s[:i+1]
		}
	}
	return nil
}

// flattenSets moves the entries of a file before layoutSets, a bucket
// per set named unitKey(unit, set), into the flat bucketSummarySets.
func flattenSets(tx *bolt.Tx) error {
	old := tx.Bucket(bucketSummarySets)
	if old == nil {
		return nil
	}
	var names [][]byte
	if err := old.ForEachBucket(func(k []byte) error { names = append(names, bytes.Clone(k)); return nil }); err != nil {
		return err
	}
	var flat [][]byte
	for _, name := range names {
		unit, set, _ := bytes.Cut(name, []byte{0})
		prefix, err := setPrefix(tx, string(unit), string(set), true)
		if err != nil {
			return err
		}
		err = old.Bucket(name).ForEach(func(k, _ []byte) error {
			flat = append(flat, append(bytes.Clone(prefix), k...))
			return nil
		})
		if err != nil {
			return err
		}
		if err := old.DeleteBucket(name); err != nil {
			return err
		}
	}
	for _, k := range flat {
		if err := old.Put(k, nil); err != nil {
			return err
		}
	}
	return nil
}
