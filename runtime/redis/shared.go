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
// other reader, which must never be written to. Like Load, it reads the
// inbox in the same round trip when the context asks for it (InboxAhead).
func (s *Store) LoadShared(ctx context.Context, id string) (*runtime.Enrolment, error) {
	data, err := s.snapshot(ctx, id)
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
