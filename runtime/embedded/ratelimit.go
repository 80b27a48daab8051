// The rate limiter (runtime.RateLimiter): a token bucket per key, kept as
// the time at which it would be full again, changed in one transaction.

package embedded

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var bucketRates = []byte("rates")

// TakeToken takes a token from the bucket named key (GCRA: the stored
// value is the theoretical arrival time in ns).
func (s *Store) TakeToken(ctx context.Context, key string, limit runtime.Limit) (time.Duration, error) {
	if limit.Burst < 1 || limit.Every <= 0 {
		return 0, fmt.Errorf("take token %s: bad limit %+v", key, limit)
	}
	var wait time.Duration
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketRates)
		if err != nil {
			return err
		}
		now := s.now().UnixNano()
		tat := now
		if v := b.Get([]byte(key)); len(v) == 8 {
			tat = max(int64(binary.BigEndian.Uint64(v)), now)
		}
		next := tat + int64(limit.Every)
		if allowed := next - int64(limit.Burst)*int64(limit.Every); allowed > now {
			wait = time.Duration(allowed - now)
			return nil
		}
		return b.Put([]byte(key), binary.BigEndian.AppendUint64(nil, uint64(next)))
	})
	if err != nil {
		return 0, fmt.Errorf("take token %s: %w", key, err)
	}
	return wait, nil
}

// sweepRates deletes the buckets that are full again, which are the same
// as no bucket.
func (s *Store) sweepRates(tx *bolt.Tx) error {
	b := tx.Bucket(bucketRates)
	if b == nil {
		return nil
	}
	now := uint64(s.now().UnixNano())
	var full [][]byte
	err := b.ForEach(func(k, v []byte) error {
		if len(v) != 8 || binary.BigEndian.Uint64(v) <= now {
			full = append(full, append([]byte(nil), k...))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, k := range full {
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
