// Seed: whole logs of new enrolments written in bulk, for test and
// benchmark data in quantity.

package redis

import (
	"context"
	"encoding/json"
	"fmt"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// Seed writes the logs of new enrolments, each with its snapshot (the
// fold of the log), sequence, index entries and summary, as Append would,
// but in pipelines of a thousand enrolments instead of a script each.
// It remembers no idempotency keys and refuses (ErrConflict) a batch in
// which an enrolment exists. It is meant for filling stores for tests and
// benchmarks, not for the web's writes: unlike Append, it does not check
// the log's sequence atomically with its write.
func (s *Store) Seed(ctx context.Context, logs ...[]runtime.Event) error {
	for len(logs) > 0 {
		batch := logs[:min(len(logs), 1000)]
		logs = logs[len(batch):]
		states := make([]*runtime.Enrolment, len(batch))
		for i, evs := range batch {
			state, err := runtime.Fold(evs)
			if err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			if err := runtime.CheckAppend(state.ID, 0, state, evs); err != nil {
				return fmt.Errorf("seed: %w", err)
			}
			states[i] = state
		}
		exists := make([]*goredis.IntCmd, len(batch))
		if _, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
			for i, st := range states {
				exists[i] = p.Exists(ctx, s.seqKey(st.ID), s.logKey(st.ID))
			}
			return nil
		}); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
		for i, c := range exists {
			if c.Val() > 0 {
				return fmt.Errorf("seed %s: %w", states[i].ID, runtime.ErrConflict)
			}
		}
		_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
			for i, st := range states {
				snap, err := json.Marshal(st)
				if err != nil {
					return err
				}
				items := make([]any, len(batch[i]))
				for j, ev := range batch[i] {
					b, err := json.Marshal(ev)
					if err != nil {
						return err
					}
					items[j] = encode(b)
				}
				p.RPush(ctx, s.logKey(st.ID), items...)
				p.Set(ctx, s.snapKey(st.ID), encode(snap), 0)
				p.Set(ctx, s.seqKey(st.ID), st.Seq, 0)
				for _, ix := range runtime.IndexesOf(st) {
					p.SAdd(ctx, s.ixKey(ix), st.ID)
				}
				if err := s.fileNew(ctx, p, runtime.Summarize(st)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	return nil
}
