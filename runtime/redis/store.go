// The store itself: options, opening, closing and pinging, and the key
// and JSON helpers the sub-stores share. Each runtime sub-store has a file
// of its own: enrolments.go, bundles.go, directory.go, sessions.go and
// queue.go.

package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// Options configure a Store.
type Options struct {
	// Prefix starts every key, so several installations or test runs can
	// share one Redis. It defaults to "stegvis:".
	Prefix string
	// Logger receives failures that the store repairs later instead of
	// returning them, such as an index write after a successful append.
	// It defaults to slog.Default().
	Logger *slog.Logger
	// Snapshots is how many decoded snapshots the store keeps to skip
	// decoding an enrolment read again unchanged; 0 means 4096.
	Snapshots int
}

// Store is a runtime.Store in Redis.
type Store struct {
	rdb    goredis.UniversalClient
	prefix string
	log    *slog.Logger
	owns   bool
	snaps  *runtime.SnapshotCache
	// pages batches the reads ahead of concurrent pages (page_batch.go).
	pages pageBatches
}

var _ runtime.Store = (*Store)(nil)

// Open connects to the Redis at rawURL (see the package documentation for
// the forms) and returns a store over it; Close closes the connection.
func Open(rawURL string, o Options) (*Store, error) {
	rdb, err := NewClient(rawURL)
	if err != nil {
		return nil, err
	}
	rdb.AddHook(unavailableHook{})
	s := New(rdb, o)
	s.owns = true
	return s, nil
}

// New returns a store over a client the caller keeps; Close leaves it open.
func New(rdb goredis.UniversalClient, o Options) *Store {
	if o.Prefix == "" {
		o.Prefix = "stegvis:"
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Snapshots <= 0 {
		o.Snapshots = 4096
	}
	return &Store{rdb: rdb, prefix: o.Prefix, log: o.Logger, snaps: runtime.NewSnapshotCache(o.Snapshots)}
}

// Close closes the client if Open made it.
func (s *Store) Close() error {
	if s.owns {
		return s.rdb.Close()
	}
	return nil
}

// Ping checks that Redis answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.rdb.Ping(ctx).Err(); err != nil {
		return fmt.Errorf("ping redis: %w", err)
	}
	return nil
}

func (s *Store) key(parts ...string) string { return s.prefix + strings.Join(parts, ":") }

func (s *Store) hsetJSON(ctx context.Context, key, field string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return s.rdb.HSet(ctx, key, field, data).Err()
}

func (s *Store) hgetJSON(ctx context.Context, key, field string, v any) error {
	data, err := s.rdb.HGet(ctx, key, field).Bytes()
	if errors.Is(err, goredis.Nil) {
		return runtime.ErrNotFound
	}
	if err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

func hvalsJSON[T any](ctx context.Context, rdb goredis.UniversalClient, key string) ([]T, error) {
	vals, err := rdb.HVals(ctx, key).Result()
	if err != nil {
		return nil, err
	}
	out := make([]T, len(vals))
	for i, v := range vals {
		if err := json.Unmarshal([]byte(v), &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}
