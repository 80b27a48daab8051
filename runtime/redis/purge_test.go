package redis

import (
	"context"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// TestPurgeScan purges an enrolment that left something everywhere
// (storetest.PurgeScenario) and then scans every key of the test's prefix
// for its id, in key names and in values of every type; the other
// enrolment's id must still be found, so the scan is seen to work.
func TestPurgeScan(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	purged, kept := storetest.PurgeScenario(t, s)
	// Seal both logs, so that the scan reads events in chunks.
	for _, id := range []string{purged, kept} {
		if _, err := s.seal(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	// Read the enrolment, so that its decoded snapshot is in the cache.
	if _, err := s.Load(ctx, purged); err != nil {
		t.Fatal(err)
	}
	if !s.snaps.Holds(purged) {
		t.Fatal("the snapshot is not cached: the test proves nothing of the cache")
	}
	if err := runtime.NewEnrolments(s).Purge(ctx, purged); err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	iter := s.rdb.Scan(ctx, 0, s.prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		k := iter.Val()
		for _, v := range valuesOf(t, s, k) {
			for _, id := range []string{purged, kept} {
				if strings.Contains(k, id) || strings.Contains(v, id) {
					found[id] = append(found[id], k)
				}
			}
		}
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	if len(found[purged]) > 0 {
		t.Errorf("after the purge its id is in %v", found[purged])
	}
	if len(found[kept]) == 0 {
		t.Error("the scan found nothing of the other enrolment: it does not look")
	}
	if s.snaps.Holds(purged) {
		t.Error("the purged snapshot stays in the cache")
	}
}

// valuesOf returns the key's name and every member, field and value of
// it as text, snapshots and events decoded.
func valuesOf(t *testing.T, s *Store, k string) []string {
	t.Helper()
	ctx := context.Background()
	out := []string{k}
	typ, err := s.rdb.Type(ctx, k).Result()
	if err != nil {
		t.Fatal(err)
	}
	switch typ {
	case "string":
		out = append(out, s.rdb.Get(ctx, k).Val())
	case "hash":
		for f, v := range s.rdb.HGetAll(ctx, k).Val() {
			out = append(out, f, v)
		}
	case "set":
		out = append(out, s.rdb.SMembers(ctx, k).Val()...)
	case "zset":
		out = append(out, s.rdb.ZRange(ctx, k, 0, -1).Val()...)
	case "list":
		out = append(out, s.rdb.LRange(ctx, k, 0, -1).Val()...)
	default:
		t.Fatalf("key %s of type %s: teach the scan", k, typ)
	}
	// Events and snapshots may be stored compressed, events many to a
	// chunk: read them as JSON too.
	for _, v := range out[1:] {
		if raw, err := decode([]byte(v)); err == nil {
			out = append(out, string(raw))
		}
	}
	return out
}
