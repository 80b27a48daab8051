// The session store (runtime.SessionStore): sessions with their expiry,
// swept now and then, and an index of each person's signed-in sessions
// (key person, NUL, session id) changed in the same transactions.

package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	bucketSessions     = []byte("sessions")
	bucketSessionIndex = []byte("session_index")
)

// sweepEvery is how many session writes pass between sweeps of expired
// sessions.
const sweepEvery = 256

// PutSession stores a session until now+ttl. Every sweepEvery writes it
// also deletes the expired sessions, which readers only skip.
func (s *Store) PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	v := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(v, uint64(s.now().Add(ttl).UnixNano()))
	v = append(v, data...)
	sweep := s.writes.Add(1)%sweepEvery == 0
	err := s.write(ctx, func(tx *bolt.Tx) error {
		if sweep {
			if err := s.sweep(tx); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketSessions).Put([]byte(id), v)
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// PutPersonSession stores a signed-in session and indexes it under its
// person in one transaction.
func (s *Store) PutPersonSession(ctx context.Context, person, id string, data []byte, ttl time.Duration) error {
	if person == "" || !strings.Contains(id, runtime.SessionTag(person)) {
		return fmt.Errorf("put session: id does not carry the person's session tag")
	}
	v := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint64(v, uint64(s.now().Add(ttl).UnixNano()))
	v = append(v, data...)
	err := s.write(ctx, func(tx *bolt.Tx) error {
		ix, err := tx.CreateBucketIfNotExists(bucketSessionIndex)
		if err != nil {
			return err
		}
		if err := ix.Put(indexEntry(person, id), nil); err != nil {
			return err
		}
		return tx.Bucket(bucketSessions).Put([]byte(id), v)
	})
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

func indexEntry(person, id string) []byte { return []byte(person + "\x00" + id) }

// DeleteSessions removes a person's indexed sessions and their index
// entries in one transaction.
func (s *Store) DeleteSessions(ctx context.Context, person string) (int, error) {
	ended := 0
	err := s.update(ctx, func(tx *bolt.Tx) error {
		ix := tx.Bucket(bucketSessionIndex)
		if ix == nil {
			return nil
		}
		prefix := []byte(person + "\x00")
		var entries [][]byte
		c := ix.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			entries = append(entries, bytes.Clone(k))
		}
		now := uint64(s.now().UnixNano())
		sessions := tx.Bucket(bucketSessions)
		for _, k := range entries {
			id := k[len(prefix):]
			if v := sessions.Get(id); len(v) >= 8 && binary.BigEndian.Uint64(v) > now {
				ended++
			}
			if err := sessions.Delete(id); err != nil {
				return err
			}
			if err := ix.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	return ended, nil
}

// sweep deletes expired sessions, index entries of sessions that are gone
// and token buckets that are full again.
func (s *Store) sweep(tx *bolt.Tx) error {
	if err := s.sweepIndex(tx); err != nil {
		return err
	}
	if err := s.sweepRates(tx); err != nil {
		return err
	}
	now := uint64(s.now().UnixNano())
	b := tx.Bucket(bucketSessions)
	var expired [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if len(v) < 8 || binary.BigEndian.Uint64(v) <= now {
			expired = append(expired, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range expired {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// sweepIndex deletes the index entries whose session has expired or is
// gone.
func (s *Store) sweepIndex(tx *bolt.Tx) error {
	ix := tx.Bucket(bucketSessionIndex)
	if ix == nil {
		return nil
	}
	now := uint64(s.now().UnixNano())
	sessions := tx.Bucket(bucketSessions)
	var stale [][]byte
	err := ix.ForEach(func(k, _ []byte) error {
		_, id, _ := bytes.Cut(k, []byte{0})
		if v := sessions.Get(id); len(v) < 8 || binary.BigEndian.Uint64(v) <= now {
			stale = append(stale, bytes.Clone(k))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range stale {
		if err := ix.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

// Session returns a session's data unless it has expired.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSessions).Get([]byte(id))
		if len(v) < 8 || binary.BigEndian.Uint64(v) <= uint64(s.now().UnixNano()) {
			return runtime.ErrNotFound
		}
		data = bytes.Clone(v[8:])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return data, nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete([]byte(id)) }); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
