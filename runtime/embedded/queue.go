// The due-time queue (runtime.QueueStore): the jobs and their due order,
// changed in one transaction each.

package embedded

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

// The queue is two buckets: jobs/<id> holds a queued job, and
// due/<at><id> orders them, at being 8 bytes of Unix milliseconds: the
// job's due time, or the end of its lease while it is claimed.
var (
	bucketJobs = []byte("jobs")
	bucketDue  = []byte("due")
)

// queued is a job as stored: the job and its place in the due order.
type queued struct {
	runtime.Job
	At int64 `json:"at"`
}

func dueKey(at int64, id string) []byte {
	k := make([]byte, 8, 8+len(id))
	binary.BigEndian.PutUint64(k, uint64(at))
	return append(k, id...)
}

// getJob reads a queued job; a missing one is runtime.ErrNotFound.
func getJob(tx *bolt.Tx, id string) (*queued, error) {
	v := tx.Bucket(bucketJobs).Get([]byte(id))
	if v == nil {
		return nil, fmt.Errorf("job %s: %w", id, runtime.ErrNotFound)
	}
	q := new(queued)
	if err := json.Unmarshal(v, q); err != nil {
		return nil, fmt.Errorf("decode job: %w", err)
	}
	return q, nil
}

func putJob(tx *bolt.Tx, q *queued) error {
	data, err := json.Marshal(q)
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketJobs).Put([]byte(q.ID), data); err != nil {
		return err
	}
	return tx.Bucket(bucketDue).Put(dueKey(q.At, q.ID), []byte{})
}

// removeJob deletes a job and its place in the order.
func removeJob(tx *bolt.Tx, q *queued) error {
	if err := tx.Bucket(bucketDue).Delete(dueKey(q.At, q.ID)); err != nil {
		return err
	}
	return tx.Bucket(bucketJobs).Delete([]byte(q.ID))
}

// Schedule adds or replaces a job.
func (s *Store) Schedule(ctx context.Context, j runtime.Job) error {
	if j.ID == "" {
		return fmt.Errorf("schedule: no job id")
	}
	err := s.write(ctx, func(tx *bolt.Tx) error {
		switch old, err := getJob(tx, j.ID); {
		case err == nil:
			if err := removeJob(tx, old); err != nil {
				return err
			}
		case !errors.Is(err, runtime.ErrNotFound):
			return err
		}
		j.Lease, j.Claims = "", 0
		j.Due = j.Due.UTC().Truncate(time.Millisecond)
		return putJob(tx, &queued{Job: j, At: j.Due.UnixMilli()})
	})
	if err != nil {
		return fmt.Errorf("schedule %s: %w", j.ID, err)
	}
	return nil
}

// Unschedule removes a job.
func (s *Store) Unschedule(ctx context.Context, id string) error {
	err := s.write(ctx, func(tx *bolt.Tx) error {
		q, err := getJob(tx, id)
		if errors.Is(err, runtime.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return removeJob(tx, q)
	})
	if err != nil {
		return fmt.Errorf("unschedule %s: %w", id, err)
	}
	return nil
}

// Claim leases the earliest due jobs in one transaction, so that two
// claims never see the same job free.
func (s *Store) Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]runtime.Job, error) {
	out := []runtime.Job{}
	if max <= 0 {
		return out, nil
	}
	token := runtime.NewID()
	until := now.Add(lease).UnixMilli()
	err := s.update(ctx, func(tx *bolt.Tx) error {
		var ids []string
		c := tx.Bucket(bucketDue).Cursor()
		limit := now.UnixMilli()
		for k, _ := c.First(); k != nil && len(ids) < max; k, _ = c.Next() {
			if int64(binary.BigEndian.Uint64(k)) > limit {
				break
			}
			ids = append(ids, string(bytes.Clone(k[8:])))
		}
		for _, id := range ids {
			q, err := getJob(tx, id)
			if errors.Is(err, runtime.ErrNotFound) {
				// The order and the jobs disagree: a broken file, not
				// an absent job, so not ErrNotFound for the caller.
				return fmt.Errorf("job %s is due but missing", id)
			}
			if err != nil {
				return err
			}
			if err := removeJob(tx, q); err != nil {
				return err
			}
			q.At, q.Lease = until, token
			q.Claims++
			if err := putJob(tx, q); err != nil {
				return err
			}
			out = append(out, q.Job)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return out, nil
}

// Complete removes a job claimed with lease.
func (s *Store) Complete(ctx context.Context, id, lease string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		q, err := getJob(tx, id)
		if err != nil {
			return err
		}
		if lease == "" || q.Lease != lease {
			return fmt.Errorf("lease lost: %w", runtime.ErrConflict)
		}
		return removeJob(tx, q)
	})
	if err != nil {
		return fmt.Errorf("complete %s: %w", id, err)
	}
	return nil
}

// Retry gives a claimed job back, due at due, keeping its claims.
func (s *Store) Retry(ctx context.Context, j runtime.Job, due time.Time) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		q, err := getJob(tx, j.ID)
		if err != nil {
			return err
		}
		if j.Lease == "" || q.Lease != j.Lease {
			return fmt.Errorf("lease lost: %w", runtime.ErrConflict)
		}
		if err := removeJob(tx, q); err != nil {
			return err
		}
		claims := q.Claims
		q.Job = j
		q.Lease, q.Claims = "", claims
		q.Due = due.UTC().Truncate(time.Millisecond)
		q.At = q.Due.UnixMilli()
		return putJob(tx, q)
	})
	if err != nil {
		return fmt.Errorf("retry %s: %w", j.ID, err)
	}
	return nil
}

// Job returns a queued job with its lease and claims.
func (s *Store) Job(ctx context.Context, id string) (runtime.Job, error) {
	var j runtime.Job
	err := s.view(ctx, func(tx *bolt.Tx) error {
		q, err := getJob(tx, id)
		if err != nil {
			return err
		}
		j = q.Job
		return nil
	})
	if err != nil {
		return runtime.Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	return j, nil
}
