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

// TestStoreOutage checks that a Redis that is down or stalled gives
// errors wrapping runtime.ErrUnavailable within the caller's deadline.
func TestStoreOutage(t *testing.T) {
	for _, tt := range redistest.Outages {
		t.Run(tt.Name, func(t *testing.T) {
			s, err := redis.Open(tt.URL(t), redis.Options{Prefix: "stegvis-outage:"})
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
