package redis

import (
	"context"
	"errors"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// LoadShared is Load without the copy (runtime.SharedLoader): it returns
// the decoded snapshot that the store's cache keeps, shared with every
// other reader, which must never be written to.
func (s *Store) LoadShared(ctx context.Context, id string) (*runtime.Enrolment, error) {
	data, err := s.rdb.Get(ctx, s.snapKey(id)).Result()
	if errors.Is(err, goredis.Nil) {
		return nil, fmt.Errorf("load %s: %w", id, runtime.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	e, err := s.snaps.DecodeShared(id, data, decodeSnapshot)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// The store is a runtime.SharedLoader.
var _ runtime.SharedLoader = (*Store)(nil)
