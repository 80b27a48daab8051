package redis

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// TestAccessKeysShareASlot checks that the keys one append writes share a
// hash tag, as the script needs on a cluster, and hold no personal
// identity number.
func TestAccessKeysShareASlot(t *testing.T) {
	s := New(goredis.NewClient(&goredis.Options{}), Options{})
	entries, all := s.accessKeys("u1", 202611)
	keys := []string{entries, all,
		s.accessIndexKey("u1", 202611, runtime.AccessQuery{Staff: "anna"}),
		s.accessIndexKey("u1", 202611, runtime.AccessQuery{Enrolment: "e1"})}
	for _, k := range keys {
		if !strings.HasPrefix(k, "stegvis:{al:u1:202611}:") {
			t.Errorf("key %s is outside the month's slot", k)
		}
	}
}

// TestMemoryPerAccess measures a month of a busy unit's log: 2000
// openings by 20 staff of 200 enrolments.
func TestMemoryPerAccess(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	at := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	const n = 2000
	for i := range n {
		err := s.AppendAccess(ctx, runtime.AccessEntry{
			At: at.Add(time.Duration(i) * 17 * time.Minute), Staff: fmt.Sprintf("staff-%02d", i%20), StaffName: "Anna Andersson",
			Role: runtime.RoleClinician, Unit: "mottagning-syd", Enrolment: runtime.NewID(), Kind: runtime.AccessEnrolment, Object: "/",
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	keys, err := s.rdb.Keys(ctx, s.prefix+"{al:*").Result()
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, k := range keys {
		b, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		if err != nil {
			t.Fatalf("MEMORY USAGE %s: %v", k, err)
		}
		total += b
	}
	t.Logf("%d accesses: %d bytes in Redis, %d per access", n, total, total/n)
	// An entry is about 200 bytes of JSON and its id in three sorted sets.
	if per := total / n; per > 1024 {
		t.Errorf("%d bytes per access, over 1 KB", per)
	}
}
