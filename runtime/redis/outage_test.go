package redis_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
)

// stalledRedis starts a redis-server of the test's own and stops it, as
// a Redis that hangs; it returns the URL.
func stalledRedis(t *testing.T) string {
	srv := redistest.StartServer(t)
	srv.Stop()
	return srv.URL()
}

// TestStoreOutage checks that a Redis that is down or stalled gives
// errors wrapping runtime.ErrUnavailable within the caller's deadline.
func TestStoreOutage(t *testing.T) {
	tests := []struct {
		name string
		url  func(t *testing.T) string
	}{
		{"closed port", func(t *testing.T) string { return "redis://" + redistest.FreeAddr(t) + "/0" }},
		{"stalled", stalledRedis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := redis.Open(tt.url(t), redis.Options{Prefix: "stegvis-outage:"})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			calls := []struct {
				name string
				call func(ctx context.Context) error
			}{
				{"ping", s.Ping},
				{"session", func(ctx context.Context) error { _, err := s.Session(ctx, "s:x"); return err }},
				{"load", func(ctx context.Context) error { _, err := s.Load(ctx, "e1"); return err }},
				{"put session", func(ctx context.Context) error { return s.PutSession(ctx, "s:x", []byte("{}"), time.Minute) }},
			}
			for _, c := range calls {
				ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
				start := time.Now()
				err := c.call(ctx)
				took := time.Since(start)
				cancel()
				if !errors.Is(err, runtime.ErrUnavailable) {
					t.Errorf("%s: error = %v, want ErrUnavailable", c.name, err)
				}
				if took > 2*time.Second {
					t.Errorf("%s took %v with a deadline of 300ms", c.name, took)
				}
			}
		})
	}
}
