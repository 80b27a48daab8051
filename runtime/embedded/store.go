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
	// writing counts the writes under way (see write).
	writing atomic.Int64
	// snaps keeps decoded snapshots (see runtime.SnapshotCache).
	snaps *runtime.SnapshotCache
}

var (
	_ runtime.Store      = (*Store)(nil)
	_ runtime.ReadScoper = (*Store)(nil)
)

// batchDelay is how long a write that joins a batch (see write) waits for
// others to join it: about an fsync, so a batch costs a lone write at
// most one more.
const batchDelay = 2 * time.Millisecond

// allocSize is how much the file grows by once it is past it: bolt's
// default of 16 MB, and the doubling below it, left a small file mostly
// empty. Each growth adds this much beyond the pages in use, half of it
// on average unused; 64 KB costs a truncate and fsync per 64 KB the file
// grows, little beside the fsyncs of the commits that grow it.
const allocSize = 64 << 10

// snapshotsCached is how many decoded snapshots a store keeps.
const snapshotsCached = 4096

// Open opens or creates the store file at path. It waits at most a second
// for another process that has the file open.
func Open(path string) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db.MaxBatchDelay, db.AllocSize = batchDelay, allocSize
	s := &Store{db: db, now: time.Now, snaps: runtime.NewSnapshotCache(snapshotsCached)}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrate(tx); err != nil {
			return err
		}
		for _, b := range [][]byte{bucketSnapshots, bucketEvents, bucketEventIndex, bucketHeads, bucketIndex, bucketBundles, bucketPublications, bucketActivations,
			bucketUnits, bucketStaff, bucketRoles, bucketCitizens, bucketSessions, bucketJobs, bucketDue} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(keyLayout, []byte(layoutSets)); err != nil {
			return err
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
	return s.view(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSnapshots) == nil {
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
