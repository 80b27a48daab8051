package embedded

import (
	"bytes"
	"context"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/storetest"
)

// TestPurgeScan purges an enrolment that left something everywhere
// (storetest.PurgeScenario) and then walks every bucket of the file, at
// every depth, for its id in bucket names, keys and values; the other
// enrolment's id must still be found, so the walk is seen to work.
func TestPurgeScan(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	purged, kept := storetest.PurgeScenario(t, s)
	if err := runtime.NewEnrolments(s).Purge(ctx, purged); err != nil {
		t.Fatal(err)
	}
	found := map[string][]string{}
	look := func(where string, b []byte) {
		for _, id := range []string{purged, kept} {
			if bytes.Contains(b, []byte(id)) {
				found[id] = append(found[id], where)
			}
		}
	}
	var walk func(path string, b *bolt.Bucket) error
	walk = func(path string, b *bolt.Bucket) error {
		return b.ForEach(func(k, v []byte) error {
			where := path + "/" + string(k)
			look(where, k)
			if v == nil {
				return walk(where, b.Bucket(k))
			}
			look(where, v)
			return nil
		})
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			look(string(name), name)
			return walk(string(name), b)
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found[purged]) > 0 {
		t.Errorf("after the purge its id is in %v", found[purged])
	}
	if len(found[kept]) == 0 {
		t.Error("the walk found nothing of the other enrolment: it does not look")
	}
}
