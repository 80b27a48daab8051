// The due-time queue (runtime.QueueStore): four keys under one hash tag,
// changed only by Lua scripts.

package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// The due-time queue is four keys under one hash tag, so that every
// script sees them in one slot:
//
//	P{q}:due     sorted set of job ids, scored by Unix milliseconds: the
//	             due time, or the end of the lease while claimed
//	P{q}:jobs    hash of id → runtime.Job (JSON, without lease and claims)
//	P{q}:lease   hash of id → lease token of a claimed job
//	P{q}:claims  hash of id → times claimed
//
// One slot means one Redis node serves the whole queue; at one job per
// enrolment and rule that is far below what a node handles.
func (s *Store) queueKeys() []string {
	return []string{s.prefix + "{q}:due", s.prefix + "{q}:jobs", s.prefix + "{q}:lease", s.prefix + "{q}:claims"}
}

var scheduleScript = goredis.NewScript(`
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
`)

var unscheduleScript = goredis.NewScript(`
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
`)

// claimScript leases up to ARGV[2] jobs due at ARGV[1] until ARGV[3] with
// token ARGV[4], and returns id, job and claim count of each.
var claimScript = goredis.NewScript(`
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
	redis.call('ZADD', KEYS[1], ARGV[3], id)
	redis.call('HSET', KEYS[3], id, ARGV[4])
	local n = redis.call('HINCRBY', KEYS[4], id, 1)
	table.insert(out, id)
	table.insert(out, redis.call('HGET', KEYS[2], id) or '')
	table.insert(out, n)
end
return out
`)

// completeScript removes job ARGV[1] if its lease is ARGV[2]: 1 when
// done, 0 when the lease is another's, -1 when the job is gone.
var completeScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
`)

// Schedule adds or replaces a job.
func (s *Store) Schedule(ctx context.Context, j runtime.Job) error {
	if j.ID == "" {
		return fmt.Errorf("schedule: no job id")
	}
	j.Lease, j.Claims = "", 0
	j.Due = j.Due.UTC().Truncate(time.Millisecond)
	data, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("schedule %s: %w", j.ID, err)
	}
	if err := scheduleScript.Run(ctx, s.rdb, s.queueKeys(), j.ID, j.Due.UnixMilli(), data).Err(); err != nil {
		return fmt.Errorf("schedule %s: %w", j.ID, err)
	}
	return nil
}

// Unschedule removes a job.
func (s *Store) Unschedule(ctx context.Context, id string) error {
	if err := unscheduleScript.Run(ctx, s.rdb, s.queueKeys(), id).Err(); err != nil {
		return fmt.Errorf("unschedule %s: %w", id, err)
	}
	return nil
}

// Claim leases the earliest due jobs in one script. now comes from the
// claiming replica's clock, so replicas' clocks should agree to well
// within a lease.
func (s *Store) Claim(ctx context.Context, now time.Time, max int, lease time.Duration) ([]runtime.Job, error) {
	out := []runtime.Job{}
	if max <= 0 {
		return out, nil
	}
	token := runtime.NewID()
	res, err := claimScript.Run(ctx, s.rdb, s.queueKeys(), now.UnixMilli(), max, now.Add(lease).UnixMilli(), token).Slice()
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	for i := 0; i+2 < len(res); i += 3 {
		id, _ := res[i].(string)
		data, _ := res[i+1].(string)
		n, _ := res[i+2].(int64)
		var j runtime.Job
		if err := json.Unmarshal([]byte(data), &j); err != nil {
			return nil, fmt.Errorf("claim: decode job %s: %w", id, err)
		}
		j.Lease, j.Claims = token, int(n)
		out = append(out, j)
	}
	return out, nil
}

// Complete removes a job claimed with lease.
func (s *Store) Complete(ctx context.Context, id, lease string) error {
	n, err := completeScript.Run(ctx, s.rdb, s.queueKeys(), id, lease).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("complete %s: %w", id, err)
	case n < 0:
		return fmt.Errorf("complete %s: %w", id, runtime.ErrNotFound)
	case n == 0:
		return fmt.Errorf("complete %s: lease lost: %w", id, runtime.ErrConflict)
	}
	return nil
}

// retryScript puts job ARGV[1], leased as ARGV[2], back at due ARGV[3]
// with the stored form ARGV[4], keeping its claims: 1 when done, 0 when
// the lease is another's, -1 when the job is gone.
var retryScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[3], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
`)

// Retry gives a claimed job back, due at due, keeping its claims.
func (s *Store) Retry(ctx context.Context, j runtime.Job, due time.Time) error {
	lease := j.Lease
	if lease == "" {
		return fmt.Errorf("retry %s: no lease: %w", j.ID, runtime.ErrConflict)
	}
	j.Lease, j.Claims = "", 0
	j.Due = due.UTC().Truncate(time.Millisecond)
	data, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("retry %s: %w", j.ID, err)
	}
	n, err := retryScript.Run(ctx, s.rdb, s.queueKeys(), j.ID, lease, j.Due.UnixMilli(), data).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("retry %s: %w", j.ID, err)
	case n < 0:
		return fmt.Errorf("retry %s: %w", j.ID, runtime.ErrNotFound)
	case n == 0:
		return fmt.Errorf("retry %s: lease lost: %w", j.ID, runtime.ErrConflict)
	}
	return nil
}

// Job returns a queued job with its lease and claims.
func (s *Store) Job(ctx context.Context, id string) (runtime.Job, error) {
	keys := s.queueKeys()
	pipe := s.rdb.Pipeline()
	data := pipe.HGet(ctx, keys[1], id)
	lease := pipe.HGet(ctx, keys[2], id)
	claims := pipe.HGet(ctx, keys[3], id)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, goredis.Nil) {
		return runtime.Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	b, err := data.Bytes()
	if errors.Is(err, goredis.Nil) {
		return runtime.Job{}, fmt.Errorf("job %s: %w", id, runtime.ErrNotFound)
	}
	if err != nil {
		return runtime.Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	var j runtime.Job
	if err := json.Unmarshal(b, &j); err != nil {
		return runtime.Job{}, fmt.Errorf("job %s: decode: %w", id, err)
	}
	j.Lease = lease.Val()
	if n, err := claims.Int(); err == nil {
		j.Claims = n
	}
	return j, nil
}
