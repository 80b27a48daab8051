// Guardians (runtime.GuardianStore): each child's list in a bucket, and an
// index bucket whose keys are guardian + "/" + child, written in the same
// transaction. The buckets are made on the first write.

package embedded

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	bucketGuardians = []byte("guardians")
	bucketWards     = []byte("wards")
)

// SetGuardians replaces the child's guardians.
func (s *Store) SetGuardians(ctx context.Context, child string, guardians []string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		gb, err := tx.CreateBucketIfNotExists(bucketGuardians)
		if err != nil {
			return err
		}
		wb, err := tx.CreateBucketIfNotExists(bucketWards)
		if err != nil {
			return err
		}
		var old []string
		if data := gb.Get([]byte(child)); data != nil {
			if err := json.Unmarshal(data, &old); err != nil {
				return err
			}
		}
		for _, g := range old {
			if err := wb.Delete([]byte(g + "/" + child)); err != nil {
				return err
			}
		}
		for _, g := range guardians {
			if err := wb.Put([]byte(g+"/"+child), []byte{}); err != nil {
				return err
			}
		}
		if guardians == nil {
			guardians = []string{}
		}
		return putJSON(gb, child, guardians)
	})
	if err != nil {
		return fmt.Errorf("set guardians: %w", err)
	}
	return nil
}

// Guardians returns the child's guardians.
func (s *Store) Guardians(ctx context.Context, child string) ([]string, error) {
	var out []string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketGuardians)
		if b == nil {
			return runtime.ErrNotFound
		}
		return getJSON(b, child, &out)
	})
	if err != nil {
		return nil, fmt.Errorf("guardians: %w", err)
	}
	return out, nil
}

// Wards returns the children the guardian is listed for, sorted.
func (s *Store) Wards(ctx context.Context, guardian string) ([]string, error) {
	var out []string
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketWards)
		if b == nil {
			return nil
		}
		prefix := []byte(guardian + "/")
		c := b.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			out = append(out, string(k[len(prefix):]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("wards: %w", err)
	}
	return out, nil
}
