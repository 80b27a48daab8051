// What the file holds against its size.

package embedded

import (
	"context"
	"fmt"
	"os"

	bolt "go.etcd.io/bbolt"
)

// Usage is the size of a store's file and of the data in it.
type Usage struct {
	// File is the file's size on disk, in bytes.
	File int64
	// Data is the bytes of every key and value in every bucket, the
	// buckets' names included.
	Data int64
	// Free is the bytes of the file's pages free for reuse.
	Free int64
}

// Usage measures the file against the data it holds, in one read
// transaction.
func (s *Store) Usage(ctx context.Context) (Usage, error) {
	var u Usage
	fi, err := os.Stat(s.db.Path())
	if err != nil {
		return u, fmt.Errorf("usage: %w", err)
	}
	u.File = fi.Size()
	err = s.view(ctx, func(tx *bolt.Tx) error {
		u.Free = int64(s.db.Stats().FreePageN+s.db.Stats().PendingPageN) * int64(s.db.Info().PageSize)
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			u.Data += int64(len(name)) + dataOf(b)
			return nil
		})
	})
	if err != nil {
		return u, fmt.Errorf("usage: %w", err)
	}
	return u, nil
}

func dataOf(b *bolt.Bucket) int64 {
	var n int64
	b.ForEach(func(k, v []byte) error {
		n += int64(len(k) + len(v))
		if v == nil {
			n += dataOf(b.Bucket(k))
		}
		return nil
	})
	return n
}
