// Seed: whole logs of new enrolments written in bulk, for test and
// benchmark data in quantity.

package embedded

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// Seed writes the logs of new enrolments, each with its snapshot (the
// fold of the log), index entries and summary, as Append would, but a
// thousand enrolments to a transaction (larger ones only move more memory
// in bbolt's nodes): loading 100,000 enrolments takes
// seconds instead of 100,000 fsyncs. It remembers no idempotency keys and
// refuses (ErrConflict) an enrolment that exists. It is meant for filling
// stores for tests and benchmarks, not for the web's writes.
func (s *Store) Seed(ctx context.Context, logs ...[]runtime.Event) error {
	for len(logs) > 0 {
		batch := logs[:min(len(logs), 1000)]
		logs = logs[len(batch):]
		err := s.db.Update(func(tx *bolt.Tx) error {
			for _, evs := range batch {
				if err := seedOne(tx, evs); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// seedOne writes one enrolment as Append lays it out.
func seedOne(tx *bolt.Tx, evs []runtime.Event) error {
	state, err := runtime.Fold(evs)
	if err != nil {
		return err
	}
	id := state.ID
	if err := runtime.CheckAppend(id, 0, state, evs); err != nil {
		return err
	}
	if _, found := readHead(tx, id); found {
		return fmt.Errorf("%s: %w", id, runtime.ErrConflict)
	}
	for _, ev := range evs {
		data, err := json.Marshal(ev)
		if err != nil {
			return err
		}
		if err := putEvent(tx, id, ev.Seq, data); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketHeads).Put([]byte(id), head{seq: state.Seq}.bytes()); err != nil {
		return err
	}
	snap, err := json.Marshal(state)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketSnapshots).Put([]byte(id), snap); err != nil {
		return err
	}
	if err := reindex(tx, id, nil, state); err != nil {
		return err
	}
	return fileSummary(tx, state)
}
