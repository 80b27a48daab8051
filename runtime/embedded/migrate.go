// The file's layout and the migration from the one before it.

package embedded

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

var (
	// bucketMeta holds facts about the file itself: keyLayout.
	bucketMeta = []byte("meta")
	keyLayout  = []byte("layout")
	// bucketEnrolments is the layout before layoutFlat: a bucket per
	// enrolment holding "snap", "keys" and a "log" bucket of its events,
	// whose sequence was the last seq.
	bucketEnrolments = []byte("enrolments")
)

// Layouts. layoutFlat is the layout of enrolments.go: snapshots,
// events, their index and heads in flat buckets; a file without
// bucketMeta is from before it. layoutSets, the layout this stegvis
// writes, is layoutFlat with the summaries' sets in one bucket
// (summarysets.go) rather than a bucket per set.
const (
	layoutFlat = "flat-1"
	layoutSets = "flat-2"
)

// migrate brings a file of an older layout to layoutSets in tx, the
// transaction that opens the store, so a failed migration leaves the file
// as it was. A file of an unknown, newer layout is refused.
func migrate(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return err
	}
	switch v := meta.Get(keyLayout); {
	case v == nil:
		if old := tx.Bucket(bucketEnrolments); old != nil {
			if err := migrateNested(tx, old); err != nil {
				return fmt.Errorf("move the enrolments to the flat layout (nothing was changed; keep the file and report this): %w", err)
			}
			if err := tx.DeleteBucket(bucketEnrolments); err != nil {
				return err
			}
		}
	case string(v) == layoutFlat:
	case string(v) == layoutSets:
		return nil
	default:
		return fmt.Errorf("the file's layout is %q, newer than this stegvis knows (%q): run the stegvis version that wrote it, or a newer one", v, layoutSets)
	}
	if err := flattenSets(tx); err != nil {
		return fmt.Errorf("move the summaries' sets to one bucket (nothing was changed; keep the file and report this): %w", err)
	}
	return nil
}

// migrateNested copies every enrolment of the nested layout into the flat
// buckets.
func migrateNested(tx *bolt.Tx, old *bolt.Bucket) error {
	var buckets [2]*bolt.Bucket
	for i, name := range [][]byte{bucketSnapshots, bucketHeads, bucketEvents, bucketEventIndex} {
		b, err := tx.CreateBucketIfNotExists(name)
		if err != nil {
			return err
		}
		if i < len(buckets) {
			buckets[i] = b
		}
	}
	snaps, heads := buckets[0], buckets[1]
	return old.ForEachBucket(func(k []byte) error {
		id := string(k)
		eb := old.Bucket(k)
		snap := eb.Get([]byte("snap"))
		log := eb.Bucket([]byte("log"))
		if snap == nil || log == nil {
			return fmt.Errorf("enrolment %s: %w", id, errors.New("no snapshot or log"))
		}
		if err := snaps.Put(k, bytes.Clone(snap)); err != nil {
			return err
		}
		err := log.ForEach(func(seq, v []byte) error {
			if len(seq) != 8 {
				return fmt.Errorf("enrolment %s: event key %x is not a seq", id, seq)
			}
			return putEvent(tx, id, int64(binary.BigEndian.Uint64(seq)), bytes.Clone(v))
		})
		if err != nil {
			return err
		}
		h := head{seq: int64(log.Sequence()), keys: bytes.Clone(eb.Get([]byte("keys")))}
		return heads.Put(k, h.bytes())
	})
}
