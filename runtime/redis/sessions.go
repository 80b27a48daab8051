// The session store (runtime.SessionStore): one key per session, expired by
// Redis itself, and per person an index of their signed-in sessions: a
// sorted set of session ids scored by expiry. A person's session keys and
// index share the hash tag runtime.SessionTag(person), so in a cluster they
// live in one slot and are changed together.

package redis

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// PutSession stores a session with Redis' own expiry.
func (s *Store) PutSession(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	var err error
	if ttl < time.Millisecond {
		// Redis reads a zero TTL as "never expires"; this one already has.
		err = s.rdb.Del(ctx, s.key("session", id)).Err()
	} else {
		err = s.rdb.Set(ctx, s.key("session", id), data, ttl).Err()
	}
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// sessionIndexKey is the sorted set of a person's session ids.
func (s *Store) sessionIndexKey(person string) string {
	return s.key("sessions", runtime.SessionTag(person))
}

// putPersonSessionScript stores session KEYS[1] (data ARGV[1], ttl ARGV[2]
// ms) and indexes it as ARGV[5] in KEYS[2] with expiry ARGV[3] (ms since
// the epoch), dropping index entries expired at ARGV[4]; the index lives
// as long as its longest session.
var putPersonSessionScript = goredis.NewScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
local top = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], top[2])
return 1
`)

// PutPersonSession stores a signed-in session and indexes it under its
// person, in one script.
func (s *Store) PutPersonSession(ctx context.Context, person, id string, data []byte, ttl time.Duration) error {
	if person == "" || !strings.Contains(id, runtime.SessionTag(person)) {
		return fmt.Errorf("put session: id does not carry the person's session tag")
	}
	if ttl < time.Millisecond {
		return s.PutSession(ctx, id, nil, 0)
	}
	now := time.Now()
	keys := []string{s.key("session", id), s.sessionIndexKey(person)}
	err := putPersonSessionScript.Run(ctx, s.rdb, keys, data, ttl.Milliseconds(),
		now.Add(ttl).UnixMilli(), now.UnixMilli(), id).Err()
	if err != nil {
		return fmt.Errorf("put session: %w", err)
	}
	return nil
}

// Session returns a session's data.
func (s *Store) Session(ctx context.Context, id string) ([]byte, error) {
	data, err := s.sessionAhead(ctx, s.key("session", id), id)
	if errors.Is(err, goredis.Nil) {
		err = runtime.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return data, nil
}

// DeleteSession removes a session. Its index entry, if any, stays until
// it expires or the person signs out everywhere; deleting it then is a
// no-op.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if err := s.rdb.Del(ctx, s.key("session", id)).Err(); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// deleteSessionsScript deletes the index KEYS[1] and every session key
// ARGV[1]..id it holds, and returns how many sessions were there. The
// session keys are not declared: they carry the index's hash tag, so in a
// cluster they are in its slot.
var deleteSessionsScript = goredis.NewScript(`
local ids = redis.call('ZRANGE', KEYS[1], 0, -1)
local n = 0
for _, id in ipairs(ids) do
	n = n + redis.call('DEL', ARGV[1] .. id)
end
redis.call('DEL', KEYS[1])
return n
`)

// DeleteSessions removes every indexed session of person and the index in
// one script.
func (s *Store) DeleteSessions(ctx context.Context, person string) (int, error) {
	n, err := deleteSessionsScript.Run(ctx, s.rdb, []string{s.sessionIndexKey(person)}, s.key("session", "")).Int()
	if err != nil {
		return 0, fmt.Errorf("delete sessions: %w", err)
	}
	return n, nil
}
