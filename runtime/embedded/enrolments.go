// The enrolment store (runtime.EnrolmentStore): each enrolment's log,
// snapshot and recent idempotency keys in a bucket of its own, and the
// indexes, kept exact in the transaction of every append.

package embedded

import (
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
	bucketEnrolments = []byte("enrolments")
	bucketIndex      = []byte("index")

	keySnap = []byte("snap")
	keyLog  = []byte("log")
	// keyIdem holds the digests of the enrolment's recent idempotency
	// keys, runtime.RememberKey's form. A file keeps them as long as it
	// keeps the enrolment; KeysKept bounds them.
	keyIdem = []byte("keys")
)

func seqKey(seq int64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], uint64(seq))
	return k[:]
}

// Append writes events, snapshot, the command's key and index changes in
// one transaction. Unlike Redis, bbolt can keep the indexes exact: the old
// snapshot says which memberships to drop.
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
	err = s.db.Update(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
		var old *runtime.Enrolment
		switch {
		case eb == nil && expected > 0:
			return runtime.ErrNotFound
		case eb == nil:
			var err error
			if eb, err = tx.Bucket(bucketEnrolments).CreateBucket([]byte(id)); err != nil {
				return err
			}
			if _, err := eb.CreateBucket(keyLog); err != nil {
				return err
			}
		default:
			if digest != nil && runtime.HasKey(eb.Get(keyIdem), digest) {
				return runtime.ErrDuplicate
			}
			if got := int64(eb.Bucket(keyLog).Sequence()); got != expected {
				return fmt.Errorf("log at %d, expected %d: %w", got, expected, runtime.ErrConflict)
			}
			old = new(runtime.Enrolment)
			if err := json.Unmarshal(eb.Get(keySnap), old); err != nil {
				return fmt.Errorf("old snapshot: %w", err)
			}
		}
		log := eb.Bucket(keyLog)
		for i, ev := range events {
			if err := log.Put(seqKey(ev.Seq), encoded[i]); err != nil {
				return err
			}
		}
		if err := log.SetSequence(uint64(state.Seq)); err != nil {
			return err
		}
		if err := eb.Put(keySnap, snap); err != nil {
			return err
		}
		if digest != nil {
			if err := eb.Put(keyIdem, runtime.RememberKey(eb.Get(keyIdem), digest)); err != nil {
				return err
			}
		}
		if err := reindex(tx, id, old, state); err != nil {
			return err
		}
		return fileSummary(tx, state)
	})
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

func loadSnapshot(tx *bolt.Tx, id string) (*runtime.Enrolment, error) {
	eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
	if eb == nil {
		return nil, runtime.ErrNotFound
	}
	e := new(runtime.Enrolment)
	if err := json.Unmarshal(eb.Get(keySnap), e); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	return e, nil
}

// Load returns an enrolment's snapshot.
func (s *Store) Load(ctx context.Context, id string) (*runtime.Enrolment, error) {
	var e *runtime.Enrolment
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		e, err = loadSnapshot(tx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// Applied reports whether the enrolment has applied a command with key.
func (s *Store) Applied(ctx context.Context, id, key string) (bool, error) {
	var applied bool
	err := s.db.View(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
		if eb == nil {
			return runtime.ErrNotFound
		}
		applied = key != "" && runtime.HasKey(eb.Get(keyIdem), runtime.KeyDigest(key))
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
	err := s.db.View(func(tx *bolt.Tx) error {
		eb := tx.Bucket(bucketEnrolments).Bucket([]byte(id))
		if eb == nil {
			return runtime.ErrNotFound
		}
		c := eb.Bucket(keyLog).Cursor()
		for k, v := c.Seek(seqKey(after + 1)); k != nil; k, v = c.Next() {
			var ev runtime.Event
			if err := json.Unmarshal(v, &ev); err != nil {
				return fmt.Errorf("decode event %d: %w", binary.BigEndian.Uint64(k), err)
			}
			out = append(out, ev)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	return out, nil
}

// Enrolments returns the enrolments in an index, oldest started first.
func (s *Store) Enrolments(ctx context.Context, ix runtime.Index) ([]*runtime.Enrolment, error) {
	var out []*runtime.Enrolment
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketIndex).Bucket([]byte(ix.String()))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, _ []byte) error {
			e, err := loadSnapshot(tx, string(k))
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

// Purge deletes an enrolment with its log, index entries, the items about
// it in every inbox with their sends, and its jobs, in one transaction.
func (s *Store) Purge(ctx context.Context, id string) error {
	err := s.db.Update(func(tx *bolt.Tx) error {
		old, err := loadSnapshot(tx, id)
		if err != nil {
			return err
		}
		if err := tx.Bucket(bucketEnrolments).DeleteBucket([]byte(id)); err != nil {
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
	return nil
}
