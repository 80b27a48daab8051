// Self-enrolment offers (runtime.SelfEnrolStore), in one bucket keyed by
// unit and program, made on the first write.

package embedded

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var bucketSelfEnrol = []byte("selfenrol")

// OpenSelfEnrolment creates or replaces the unit's offer of a program.
func (s *Store) OpenSelfEnrolment(ctx context.Context, o runtime.SelfEnrolment) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketSelfEnrol)
		if err != nil {
			return err
		}
		return putJSON(b, o.Unit+"/"+o.Program, o)
	})
	if err != nil {
		return fmt.Errorf("open self-enrolment %s/%s: %w", o.Unit, o.Program, err)
	}
	return nil
}

// CloseSelfEnrolment withdraws the offer.
func (s *Store) CloseSelfEnrolment(ctx context.Context, unit, program string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSelfEnrol)
		if b == nil {
			return nil
		}
		return b.Delete([]byte(unit + "/" + program))
	})
	if err != nil {
		return fmt.Errorf("close self-enrolment %s/%s: %w", unit, program, err)
	}
	return nil
}

// SelfEnrolments returns every open offer, sorted by program, then unit.
func (s *Store) SelfEnrolments(ctx context.Context) ([]runtime.SelfEnrolment, error) {
	var out []runtime.SelfEnrolment
	err := s.view(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSelfEnrol)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var o runtime.SelfEnrolment
			if err := json.Unmarshal(v, &o); err != nil {
				return err
			}
			out = append(out, o)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("self-enrolments: %w", err)
	}
	runtime.SortSelfEnrolments(out)
	return out, nil
}
