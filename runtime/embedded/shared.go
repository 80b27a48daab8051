// Reading an enrolment's snapshot outside a write: Load and LoadShared.

package embedded

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// Load returns an enrolment's snapshot. It copies the stored bytes and
// decodes them (or copies the cached state) after its read transaction
// ends: the pages writes free while a read transaction is open cannot be
// reused until it ends, and a decode (a cache miss after every append),
// or a reader descheduled in the middle of one, kept it open across
// commits, so the file grew by what they freed. (With a read scope the
// transaction lasts the request anyway.)
func (s *Store) Load(ctx context.Context, id string) (*runtime.Enrolment, error) {
	var raw string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSnapshots).Get([]byte(id))
		if v == nil {
			return runtime.ErrNotFound
		}
		raw = string(v)
		return nil
	})
	var e *runtime.Enrolment
	if err == nil {
		if e, err = s.snaps.Decode(id, raw, decodeSnapshot); err != nil {
			err = fmt.Errorf("decode snapshot: %w", err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

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
