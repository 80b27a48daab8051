// The rate limiter (runtime.RateLimiter): one key per token bucket,
// changed only by a Lua script, so every replica draws from one bucket.

package redis

import (
	"context"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// takeTokenScript is a token bucket kept as its theoretical arrival time
// (GCRA): KEYS[1] holds the time in ms at which the bucket would be full
// again; ARGV are the burst, the ms per token and now. It returns 0 when a
// token was taken, or the ms until one will be there.
var takeTokenScript = goredis.NewScript(`
local burst, every, now = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local next = tat + every
local allowed = next - burst * every
if allowed > now then return allowed - now end
redis.call('SET', KEYS[1], next, 'PX', next - now)
return 0
`)

// TakeToken takes a token from a bucket shared by every replica.
func (s *Store) TakeToken(ctx context.Context, key string, limit runtime.Limit) (time.Duration, error) {
	if limit.Burst < 1 || limit.Every < time.Millisecond {
		return 0, fmt.Errorf("take token %s: bad limit %+v", key, limit)
	}
	ms, err := takeTokenScript.Run(ctx, s.rdb, []string{s.key("rate", key)},
		limit.Burst, limit.Every.Milliseconds(), time.Now().UnixMilli()).Int64()
	if err != nil {
		return 0, fmt.Errorf("take token %s: %w", key, err)
	}
	return time.Duration(ms) * time.Millisecond, nil
}
