package embedded

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// LoadShared is Load without the copy (runtime.SharedLoader): it returns
// the decoded snapshot that the store's cache keeps, shared with every
// other reader, which must never be written to.
func (s *Store) LoadShared(ctx context.Context, id string) (*runtime.Enrolment, error) {
	var e *runtime.Enrolment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		raw := tx.Bucket(bucketSnapshots).Get([]byte(id))
		if raw == nil {
			return runtime.ErrNotFound
		}
		var err error
		if e, err = s.snaps.DecodeSharedBytes(id, raw, decodeSnapshot); err != nil {
			return fmt.Errorf("decode snapshot: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// The store is a runtime.SharedLoader.
var _ runtime.SharedLoader = (*Store)(nil)
