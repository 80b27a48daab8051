// The session store (runtime.SessionStore): one key per session, expired by
// Redis itself.

package redis

import (
	"context"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// PutSession stores a session with Redis' own expiry.
func (s *Store) PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	var err error
	if ttl < time.Millisecond {
		// Redis reads a zero TTL as "never expires"; this one already has.
		err = s.rdb.Del(ctx, s.key("session", id)).Err()
	} else {
		err = s.rdb.Set(ctx, s.key("session", id), data, ttl).Err()
	}
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// Session returns a session's data.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	data, err := s.rdb.Get(ctx, s.key("session", id)).Bytes()
	if errors.Is(err, goredis.Nil) {
		err = runtime.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return data, nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := s.rdb.Del(ctx, s.key("session", id)).Err(); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
