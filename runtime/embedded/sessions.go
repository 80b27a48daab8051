// The session store (runtime.SessionStore): sessions with their expiry,
// swept now and then.

package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var bucketSessions = []byte("sessions")

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
	err := s.db.Update(func(tx *bolt.Tx) error {
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

// sweep deletes expired sessions.
func (s *Store) sweep(tx *bolt.Tx) error {
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

// Session returns a session's data unless it has expired.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := s.db.View(func(tx *bolt.Tx) error {
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
	if err := s.db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketSessions).Delete([]byte(id)) }); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
