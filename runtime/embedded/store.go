// The store itself: opening the file with its buckets, closing and
// pinging it, and the JSON helpers the sub-stores share. Each runtime
// sub-store has a file of its own: enrolments.go, bundles.go,
// directory.go, sessions.go and queue.go.

package embedded

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// Store is a runtime.Store in one bbolt file.
type Store struct {
	db     *bolt.DB
	now    func() time.Time
	writes atomic.Int64
}

var _ runtime.Store = (*Store)(nil)

// Open opens or creates the store file at path. It waits at most a second
// for another process that has the file open.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, now: time.Now}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketEnrolments, bucketIndex, bucketBundles, bucketPublications, bucketActivations,
			bucketUnits, bucketStaff, bucketRoles, bucketCitizens, bucketSessions, bucketJobs, bucketDue} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return s.sweep(tx)
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// Close closes the file.
func (s *Store) Close() error { return s.db.Close() }

// Ping checks that the file is open and readable.
func (s *Store) Ping(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketEnrolments) == nil {
			return errors.New("ping: store not initialised")
		}
		return nil
	})
}

func getJSON(b *bolt.Bucket, key string, v any) error {
	data := b.Get([]byte(key))
	if data == nil {
		return runtime.ErrNotFound
	}
	return json.Unmarshal(data, v)
}

func putJSON(b *bolt.Bucket, key string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put([]byte(key), data)
}
