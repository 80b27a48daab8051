// The access log (runtime.AccessLog): a bucket per unit keyed by time,
// with an index bucket per staff member and per enrolment; nothing here
// changes or deletes an entry.

package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// accesslog/<unit>/t/<id> holds an entry (JSON); accesslog/<unit>/s/<staff>/<id>
// and accesslog/<unit>/e/<enrolment>/<id> index it, with empty values.
// Ids start with their time (runtime.AccessID), so each bucket is in time
// order. Purge, which deletes from the enrolment buckets, leaves this one
// alone. The bucket is made on first write, so a store file from before
// it opens as it was.
var (
	bucketAccessLog = []byte("accesslog")
	accessEntries   = []byte("t")
	accessByStaff   = []byte("s")
	accessByEnrol   = []byte("e")
)

// AppendAccess adds an entry in one transaction.
func (s *Store) AppendAccess(ctx context.Context, e runtime.AccessEntry) error {
	e, err := runtime.PrepareAccess(e)
	if err != nil {
		return fmt.Errorf("append access: %w", err)
	}
	err = s.write(ctx, func(tx *bolt.Tx) error {
		root, err := tx.CreateBucketIfNotExists(bucketAccessLog)
		if err != nil {
			return err
		}
		unit, err := root.CreateBucketIfNotExists([]byte(e.Unit))
		if err != nil {
			return err
		}
		t, err := unit.CreateBucketIfNotExists(accessEntries)
		if err != nil {
			return err
		}
		if t.Get([]byte(e.ID)) != nil {
			return runtime.ErrConflict
		}
		if err := putJSON(t, e.ID, e); err != nil {
			return err
		}
		for _, ix := range []struct{ name, key []byte }{{accessByStaff, []byte(e.Staff)}, {accessByEnrol, []byte(e.Enrolment)}} {
			b, err := unit.CreateBucketIfNotExists(ix.name)
			if err != nil {
				return err
			}
			if b, err = b.CreateBucketIfNotExists(ix.key); err != nil {
				return err
			}
			if err := b.Put([]byte(e.ID), []byte{}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("append access %s: %w", e.ID, err)
	}
	return nil
}

// SearchAccess walks the query's bucket from its upper bound back.
func (s *Store) SearchAccess(ctx context.Context, q runtime.AccessQuery) (runtime.AccessPage, error) {
	var page runtime.AccessPage
	if q.Unit == "" {
		return page, fmt.Errorf("search access: no unit: %w", runtime.ErrInvalid)
	}
	size := q.PageSize()
	below, from := q.Bounds()
	var found []runtime.AccessEntry
	err := s.view(ctx, func(tx *bolt.Tx) error {
		root := tx.Bucket(bucketAccessLog)
		if root == nil {
			return nil
		}
		unit := root.Bucket([]byte(q.Unit))
		if unit == nil {
			return nil
		}
		entries := unit.Bucket(accessEntries)
		ix := entries
		switch {
		case q.Enrolment != "":
			ix = accessBucket(unit, accessByEnrol, q.Enrolment)
		case q.Staff != "":
			ix = accessBucket(unit, accessByStaff, q.Staff)
		}
		if ix == nil || entries == nil {
			return nil
		}
		c := ix.Cursor()
		var k []byte
		if below == "" {
			k, _ = c.Last()
		} else if k, _ = c.Seek([]byte(below)); k == nil {
			k, _ = c.Last()
		}
		// One more than the page tells whether there is a next page.
		for ; k != nil && len(found) <= size; k, _ = c.Prev() {
			if below != "" && bytes.Compare(k, []byte(below)) >= 0 {
				continue
			}
			if from != "" && bytes.Compare(k, []byte(from)) < 0 {
				break
			}
			v := entries.Get(k)
			if v == nil {
				return fmt.Errorf("entry %s missing", k)
			}
			var e runtime.AccessEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("decode %s: %w", k, err)
			}
			if q.Matches(e) {
				found = append(found, e)
			}
		}
		return nil
	})
	if err != nil {
		return page, fmt.Errorf("search access: %w", err)
	}
	if len(found) > size {
		found = found[:size]
		page.Next = found[size-1].ID
	}
	page.Entries = found
	return page, nil
}

// accessBucket returns b/name/key, nil when either is missing.
func accessBucket(b *bolt.Bucket, name []byte, key string) *bolt.Bucket {
	if b = b.Bucket(name); b == nil {
		return nil
	}
	return b.Bucket([]byte(key))
}
