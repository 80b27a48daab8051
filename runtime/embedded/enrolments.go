// The enrolment store (runtime.EnrolmentStore): every enrolment's
// snapshot, events and head (last seq and recent idempotency keys) in flat
// buckets, the events in the order of their appends with an index by
// enrolment and seq, and the indexes of lists, kept exact in the
// transaction of every append.

package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	// bucketSnapshots holds each enrolment's snapshot (JSON) under its id.
	bucketSnapshots = []byte("snapshots")
	// bucketEvents holds every enrolment's events (JSON) in the order
	// they were appended, each under its number in that order (8 bytes
	// big-endian, the bucket's sequence). Every append adds at the end of
	// the bucket, so its pages are written full.
	bucketEvents = []byte("events")
	// bucketEventIndex finds an enrolment's events in runs: under
	// eventKey (the id, a NUL and the seq of the run's first event as 8
	// bytes big-endian) the numbers in bucketEvents (8 bytes each) of up
	// to runEvents events of consecutive seqs. An append adds to the
	// enrolment's last run while it has room, so the bucket holds a key
	// per run rather than per event, and its pages, written at every
	// enrolment's place and so never full, stay few. A run of one is the
	// entry of a file written before runs: both read the same.
	bucketEventIndex = []byte("event_index")
	// bucketHeads holds each enrolment's head under its id: the seq of its
	// last event as 8 bytes big-endian, then the digests of its recent
	// idempotency keys, runtime.RememberKey's form. A file keeps them as
	// long as it keeps the enrolment; KeysKept bounds them.
	bucketHeads = []byte("heads")
	bucketIndex = []byte("index")
)

// fillAppend is the fill of the pages of bucketEvents, written only at
// its end, and of a bucket written whole in one transaction (a bundle):
// bolt splits a page that overflows at the fill, and the pages before the
// end are never written again, so they go out full. The buckets written
// at every enrolment's place keep bolt's 0.5: on BenchmarkEmbeddedFile a
// higher fill (0.7 to 0.9) left more pages in event_index and
// summary-sets, as a page split nearly full overflows again at the next
// key added to it, leaving nearly empty pages behind.
const fillAppend = 1.0

func seqKey(seq int64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(seq))
	return k[:]
}

// eventKey is the key of an enrolment's event in bucketEventIndex.
func eventKey(id string, seq int64) []byte {
	k := make([]byte, 0, len(id)+9)
	k = append(append(k, id...), 0)
	return binary.BigEndian.AppendUint64(k, uint64(seq))
}

// eventPrefix is the start of the keys of an enrolment's events.
func eventPrefix(id string) []byte { return append([]byte(id), 0) }

// runEvents is the most events one entry of bucketEventIndex lists: the
// bytes an append rewrites against the keys the index keeps.
const runEvents = 64

// putEvent adds an enrolment's event at the end of bucketEvents and to
// its last run in bucketEventIndex, or starts a run when that one is full
// or does not end just before seq.
func putEvent(tx *bolt.Tx, id string, seq int64, data []byte) error {
	events, index := tx.Bucket(bucketEvents), tx.Bucket(bucketEventIndex)
	events.FillPercent = fillAppend
	n, err := events.NextSequence()
	if err != nil {
		return err
	}
	if err := events.Put(seqKey(int64(n)), data); err != nil {
		return err
	}
	k, run := lastRun(index.Cursor(), id, seq)
	if k != nil && len(run) < runEvents*8 && runStart(k, id)+int64(len(run)/8) == seq {
		return index.Put(bytes.Clone(k), append(bytes.Clone(run), seqKey(int64(n))...))
	}
	return index.Put(eventKey(id, seq), seqKey(int64(n)))
}

// lastRun returns the key and numbers of an enrolment's last run of
// events before seq, or nil when it has none. The slices are valid only
// in the cursor's transaction.
func lastRun(c *bolt.Cursor, id string, seq int64) (k, run []byte) {
	k, _ = c.Seek(eventKey(id, seq))
	if k == nil {
		k, run = c.Last()
	} else {
		k, run = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, eventPrefix(id)) || len(k) != len(id)+9 {
		return nil, nil
	}
	return k, run
}

// runStart is the seq of the first event of the run under key k.
func runStart(k []byte, id string) int64 {
	return int64(binary.BigEndian.Uint64(k[len(id)+1:]))
}

// eachEvent calls fn with the seq and the stored event of each of an
// enrolment's events after seq after, in order. data is valid only in
// tx.
func eachEvent(tx *bolt.Tx, id string, after int64, fn func(seq int64, data []byte) error) error {
	events := tx.Bucket(bucketEvents)
	prefix := eventPrefix(id)
	after = max(after, 0)
	c := tx.Bucket(bucketEventIndex).Cursor()
	k, run := lastRun(c, id, after+1)
	if k == nil || runStart(k, id)+int64(len(run)/8) <= after+1 {
		k, run = c.Seek(eventKey(id, after+1))
	}
	for ; k != nil && bytes.HasPrefix(k, prefix); k, run = c.Next() {
		if len(run)%8 != 0 || len(k) != len(prefix)+8 {
			return fmt.Errorf("event index entry %x: not a run of events", k)
		}
		start := runStart(k, id)
		for i := 0; i < len(run); i += 8 {
			seq := start + int64(i/8)
			if seq <= after {
				continue
			}
			data := events.Get(run[i : i+8])
			if data == nil {
				return fmt.Errorf("event %d: indexed as %x but not stored", seq, run[i:i+8])
			}
			if err := fn(seq, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// deleteEvents deletes an enrolment's events and their index entries.
func deleteEvents(tx *bolt.Tx, id string) error {
	events := tx.Bucket(bucketEvents)
	prefix := eventPrefix(id)
	c := tx.Bucket(bucketEventIndex).Cursor()
	for k, run := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, run = c.Seek(prefix) {
		for i := 0; i+8 <= len(run); i += 8 {
			if err := events.Delete(run[i : i+8]); err != nil {
				return err
			}
		}
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

// head is an enrolment's entry in bucketHeads.
type head struct {
	seq  int64
	keys []byte
}

func readHead(tx *bolt.Tx, id string) (head, bool) {
	v := tx.Bucket(bucketHeads).Get([]byte(id))
	if len(v) < 8 {
		return head{}, false
	}
	return head{seq: int64(binary.BigEndian.Uint64(v)), keys: v[8:]}, true
}

func (h head) bytes() []byte {
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(h.keys)), uint64(h.seq)), h.keys...)
}

// Append writes events, snapshot, head (seq and the command's key) and
// index changes in one transaction. Unlike Redis, bbolt can keep the
// indexes exact: the old snapshot says which memberships to drop.
// Concurrent appends share one transaction and fsync (see write); each
// checks its expected seq and key inside it, against the appends before
// it in the same transaction.
func (s *Store) Append(ctx context.Context, id string, expected int64, key string, state *runtime.Enrolment, events ...runtime.Event) error {
	if err := runtime.CheckAppend(id, expected, state, events); err != nil {
		return err
	}
	snap, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	encoded := make([][]byte, len(events))
	for i, ev := range events {
		if encoded[i], err = json.Marshal(ev); err != nil {
			return fmt.Errorf("append %s: %w", id, err)
		}
	}
	var digest []byte
	if key != "" {
		digest = runtime.KeyDigest(key)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// refused is what the checks refuse the append with. They return nil
	// to the batch and write nothing, so one append's conflict does not
	// roll back the others sharing its transaction.
	var refused error
	err = s.write(ctx, func(tx *bolt.Tx) error {
		refused = nil
		h, found := readHead(tx, id)
		var old *runtime.Enrolment
		switch {
		case !found && expected > 0:
			refused = runtime.ErrNotFound
			return nil
		case !found:
		default:
			if digest != nil && runtime.HasKey(h.keys, digest) {
				refused = runtime.ErrDuplicate
				return nil
			}
			if h.seq != expected {
				refused = fmt.Errorf("log at %d, expected %d: %w", h.seq, expected, runtime.ErrConflict)
				return nil
			}
			var err error
			if old, err = s.loadSnapshot(tx, id); err != nil {
				return fmt.Errorf("old snapshot: %w", err)
			}
		}
		for i, ev := range events {
			if err := putEvent(tx, id, ev.Seq, encoded[i]); err != nil {
				return err
			}
		}
		h.seq = state.Seq
		if digest != nil {
			h.keys = runtime.RememberKey(h.keys, digest)
		}
		if err := tx.Bucket(bucketHeads).Put([]byte(id), h.bytes()); err != nil {
			return err
		}
		if err := tx.Bucket(bucketSnapshots).Put([]byte(id), snap); err != nil {
			return err
		}
		if err := reindex(tx, id, old, state); err != nil {
			return err
		}
		return fileSummary(tx, state)
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	return nil
}

// reindex moves an enrolment from the indexes of its old state to those of
// its new one; new is nil when it is purged.
func reindex(tx *bolt.Tx, id string, old, new *runtime.Enrolment) error {
	var was, is []runtime.Index
	if old != nil {
		was = runtime.IndexesOf(old)
	}
	if new != nil {
		is = runtime.IndexesOf(new)
	}
	ixb := tx.Bucket(bucketIndex)
	for _, ix := range was {
		if slices.Contains(is, ix) {
			continue
		}
		if b := ixb.Bucket([]byte(ix.String())); b != nil {
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
	}
	for _, ix := range is {
		if slices.Contains(was, ix) {
			continue // kept exact: already there
		}
		b, err := ixb.CreateBucketIfNotExists([]byte(ix.String()))
		if err != nil {
			return err
		}
		if err := b.Put([]byte(id), []byte{}); err != nil {
			return err
		}
	}
	return nil
}

// loadSnapshot decodes an enrolment's snapshot, through the store's cache
// of decoded snapshots: one unchanged since the last read costs a
// comparison and a copy.
func (s *Store) loadSnapshot(tx *bolt.Tx, id string) (*runtime.Enrolment, error) {
	raw := tx.Bucket(bucketSnapshots).Get([]byte(id))
	if raw == nil {
		return nil, runtime.ErrNotFound
	}
	e, err := s.snaps.DecodeBytes(id, raw, decodeSnapshot)
	if err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	return e, nil
}

func decodeSnapshot(raw string) (*runtime.Enrolment, error) {
	e := new(runtime.Enrolment)
	if err := json.Unmarshal([]byte(raw), e); err != nil {
		return nil, err
	}
	return e, nil
}

// Applied reports whether the enrolment has applied a command with key.
func (s *Store) Applied(ctx context.Context, id, key string) (bool, error) {
	var applied bool
	err := s.view(ctx, func(tx *bolt.Tx) error {
		h, ok := readHead(tx, id)
		if !ok {
			return runtime.ErrNotFound
		}
		applied = key != "" && runtime.HasKey(h.keys, runtime.KeyDigest(key))
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("applied %s: %w", id, err)
	}
	return applied, nil
}

// Events returns the events of an enrolment after a sequence number.
func (s *Store) Events(ctx context.Context, id string, after int64) ([]runtime.Event, error) {
	var out []runtime.Event
	err := s.view(ctx, func(tx *bolt.Tx) error {
		if _, ok := readHead(tx, id); !ok {
			return runtime.ErrNotFound
		}
		return eachEvent(tx, id, after, func(seq int64, data []byte) error {
			var ev runtime.Event
			if err := json.Unmarshal(data, &ev); err != nil {
				return fmt.Errorf("decode event %d: %w", seq, err)
			}
			out = append(out, ev)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	return out, nil
}

// Enrolments returns the enrolments in an index, oldest started first.
func (s *Store) Enrolments(ctx context.Context, ix runtime.Index) ([]*runtime.Enrolment, error) {
	var out []*runtime.Enrolment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIndex).Bucket([]byte(ix.String()))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			e, err := s.loadSnapshot(tx, string(k))
			if errors.Is(err, runtime.ErrNotFound) {
				return nil
			}
			if err != nil {
				return fmt.Errorf("%s: %w", k, err)
			}
			if ix.Match(e) {
				out = append(out, e)
			}
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	runtime.SortEnrolments(out)
	return out, nil
}

// Purge deletes an enrolment with its log, head, index entries, the items
// about it in every inbox with their sends, and its jobs, in one
// transaction.
func (s *Store) Purge(ctx context.Context, id string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		old, err := s.loadSnapshot(tx, id)
		if err != nil {
			return err
		}
		if err := deleteEnrolment(tx, id); err != nil {
			return err
		}
		if err := purgeRest(tx, id); err != nil {
			return err
		}
		if err := purgeSummary(tx, id); err != nil {
			return err
		}
		return reindex(tx, id, old, nil)
	})
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	s.snaps.Forget(id)
	return nil
}

// deleteEnrolment deletes an enrolment's snapshot, head and events.
func deleteEnrolment(tx *bolt.Tx, id string) error {
	if err := tx.Bucket(bucketSnapshots).Delete([]byte(id)); err != nil {
		return err
	}
	if err := tx.Bucket(bucketHeads).Delete([]byte(id)); err != nil {
		return err
	}
	return deleteEvents(tx, id)
}
