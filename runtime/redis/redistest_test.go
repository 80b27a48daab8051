package redis_test

import (
	"testing"

	"github.com/stegvis/stegvis/runtime/redis"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
)

func init() {
	redis.OpenTestStore = func(tb testing.TB) *redis.Store {
		tb.Helper()
		s, _ := redistest.Open(tb, redistest.URL(tb))
		return s
	}
}
