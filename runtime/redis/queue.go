// The due-time queue (runtime.QueueStore): four keys under one hash tag,
// changed only by Lua scripts.

package redis

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// The due-time queue is four keys under one hash tag, so that every
// script sees them in one slot:
//
//	P{q}:due     sorted set of job ids, scored by Unix milliseconds: the
//	             due time, or the end of the lease while claimed
//	P{q}:jobs    hash of id → the job's other fields, packed (encodeJob)
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
	j.Due = j.Due.UTC().Truncate(time.Millisecond)
	data, err := encodeJob(j)
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
		j, err := decodeJob(id, []byte(data))
		if err != nil {
			return nil, fmt.Errorf("claim: %w", err)
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
	j.Due = due.UTC().Truncate(time.Millisecond)
	data, err := encodeJob(j)
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
	j, err := decodeJob(id, b)
	if err != nil {
		return runtime.Job{}, fmt.Errorf("job %s: %w", id, err)
	}
	j.Lease = lease.Val()
	if n, err := claims.Int(); err == nil {
		j.Claims = n
	}
	return j, nil
}

// A job's stored form (the value in P{q}:jobs) leaves out what the hash
// field and the other keys hold already: the id, the lease and the count
// of claims. Each job costs a hash entry and a sorted-set member, so the
// value is packed rather than JSON, to keep the queue's memory per
// enrolment small (BenchmarkQueueMemoryPerEnrolment):
//
//	jobFormat1  one byte; JSON written before it starts with '{'
//	flags       one byte: jobKindInID, jobEnrolmentInID, jobEnrolment
//	due         varint, Unix milliseconds
//	kind        uvarint length and bytes, unless jobKindInID
//	enrolment   uvarint length and bytes, if jobEnrolment
//	data        the rest: Data as compact JSON, or nothing
//
// The planner's ids start with the kind and then the enrolment
// ("inactivity:<enrolment>:<flag>", "notify:<enrolment>/…"), so that
// most jobs store neither.
const jobFormat1 = 0x01

// Flags of jobFormat1.
const (
	// jobKindInID: the kind is the id up to its first ':'.
	jobKindInID = 1 << iota
	// jobEnrolmentInID: the enrolment is the id's next part, up to the
	// next ':' or '/' or the end.
	jobEnrolmentInID
	// jobEnrolment: the enrolment is stored.
	jobEnrolment
)

// idParts returns the kind and the enrolment a job id names by the
// planner's convention, if it follows it.
func idParts(id string) (kind, enrolment string) {
	kind, rest, ok := strings.Cut(id, ":")
	if !ok {
		return "", ""
	}
	if i := strings.IndexAny(rest, ":/"); i >= 0 {
		rest = rest[:i]
	}
	return kind, rest
}

// encodeJob returns the stored form of j, all but its id, lease and
// claims.
func encodeJob(j runtime.Job) ([]byte, error) {
	var data bytes.Buffer
	if len(j.Data) > 0 {
		if err := json.Compact(&data, j.Data); err != nil {
			return nil, fmt.Errorf("job data: %w", err)
		}
	}
	kind, enrolment := idParts(j.ID)
	var flags byte
	if kind != "" && kind == j.Kind {
		flags |= jobKindInID
	}
	switch {
	case j.Enrolment == "":
	case j.Enrolment == enrolment:
		flags |= jobEnrolmentInID
	default:
		flags |= jobEnrolment
	}
	b := make([]byte, 0, 2+binary.MaxVarintLen64+len(j.Kind)+len(j.Enrolment)+4+data.Len())
	b = append(b, jobFormat1, flags)
	b = binary.AppendVarint(b, j.Due.UnixMilli())
	if flags&jobKindInID == 0 {
		b = binary.AppendUvarint(b, uint64(len(j.Kind)))
		b = append(b, j.Kind...)
	}
	if flags&jobEnrolment != 0 {
		b = binary.AppendUvarint(b, uint64(len(j.Enrolment)))
		b = append(b, j.Enrolment...)
	}
	return append(b, data.Bytes()...), nil
}

// decodeJob returns the job id stored as v, in jobFormat1 or as the JSON
// written before it.
func decodeJob(id string, v []byte) (runtime.Job, error) {
	if len(v) > 0 && v[0] == '{' {
		var j runtime.Job
		if err := json.Unmarshal(v, &j); err != nil {
			return runtime.Job{}, fmt.Errorf("decode job %s: %w", id, err)
		}
		j.ID, j.Lease, j.Claims = id, "", 0
		return j, nil
	}
	bad := func(what string) (runtime.Job, error) {
		return runtime.Job{}, fmt.Errorf("decode job %s: %s", id, what)
	}
	if len(v) < 2 || v[0] != jobFormat1 {
		return bad("unknown format")
	}
	flags := v[1]
	v = v[2:]
	ms, n := binary.Varint(v)
	if n <= 0 {
		return bad("bad due time")
	}
	v = v[n:]
	str := func() (string, bool) {
		l, n := binary.Uvarint(v)
		if n <= 0 || l > uint64(len(v)-n) {
			return "", false
		}
		s := string(v[n : n+int(l)])
		v = v[n+int(l):]
		return s, true
	}
	j := runtime.Job{ID: id, Due: time.UnixMilli(ms).UTC()}
	kind, enrolment := idParts(id)
	var ok bool
	if flags&jobKindInID != 0 {
		j.Kind = kind
	} else if j.Kind, ok = str(); !ok {
		return bad("bad kind")
	}
	switch {
	case flags&jobEnrolmentInID != 0:
		j.Enrolment = enrolment
	case flags&jobEnrolment != 0:
		if j.Enrolment, ok = str(); !ok {
			return bad("bad enrolment")
		}
	}
	if len(v) > 0 {
		j.Data = json.RawMessage(bytes.Clone(v))
	}
	return j, nil
}
