// The inbox store (runtime.InboxStore): three keys per recipient under
// one hash tag, and one key per delivery, changed only by Lua scripts.

package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// A recipient's inbox is three keys under the hash tag of their
// runtime.RecipientKey (no personal identity number in a key name):
//
//	P{in:<rk>}:items  hash of item key → runtime.InboxItem (JSON, unread)
//	P{in:<rk>}:order  sorted set of item keys by the item's At (ms)
//	P{in:<rk>}:read   hash of item key → read time (ms)
//
// A delivery is P{dl:<id>}, a hash {token, until} while claimed or
// {sent} once sent, expiring after runtime.DeliveryKeep.
func (s *Store) inboxKeys(r runtime.Recipient) []string {
	return s.inboxKeysOf(runtime.RecipientKey(r))
}

func (s *Store) deliveryKey(id string) string { return s.prefix + "{dl:" + id + "}" }

// addInboxScript adds item ARGV[1] (JSON ARGV[2], at ARGV[3] ms) unless
// present, then drops read items at or before ARGV[4] ms and, past
// ARGV[5] items, the oldest read ones and then the oldest. It returns 1
// when it added the item.
var addInboxScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local function drop(k)
	redis.call('HDEL', KEYS[1], k)
	redis.call('ZREM', KEYS[2], k)
	redis.call('HDEL', KEYS[3], k)
end
for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[4])) do
	if redis.call('HEXISTS', KEYS[3], k) == 1 then drop(k) end
end
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
if over > 0 then
	local ids = redis.call('ZRANGE', KEYS[2], 0, -1)
	for _, k in ipairs(ids) do
		if over <= 0 then break end
		if redis.call('HEXISTS', KEYS[3], k) == 1 then drop(k); over = over - 1 end
	end
	for _, k in ipairs(ids) do
		if over <= 0 then break end
		if redis.call('HEXISTS', KEYS[1], k) == 1 then drop(k); over = over - 1 end
	end
end
return 1
`)

// markReadScript marks item ARGV[1] read at ARGV[2]: -1 when missing.
var markReadScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 0 then return -1 end
redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2])
return 1
`)

// AddToInbox adds an item once per key and trims the inbox, in one
// script.
func (s *Store) AddToInbox(ctx context.Context, r runtime.Recipient, item runtime.InboxItem, now time.Time) (bool, error) {
	s.aheadOf(ctx).drop(r)
	if item.Key == "" {
		return false, fmt.Errorf("add to inbox: no key: %w", runtime.ErrInvalid)
	}
	item.ReadAt = time.Time{}
	item.At = item.At.UTC().Truncate(time.Millisecond)
	data, err := json.Marshal(item)
	if err != nil {
		return false, fmt.Errorf("add to inbox: %w", err)
	}
	if err := s.rememberRecipient(ctx, item.Enrolment, r); err != nil {
		return false, fmt.Errorf("add to inbox: %w", err)
	}
	cutoff := now.Add(-runtime.InboxKeepRead).UnixMilli()
	n, err := addInboxScript.Run(ctx, s.rdb, s.inboxKeys(r), item.Key, data, item.At.UnixMilli(), cutoff, runtime.InboxMax).Int()
	if err != nil {
		return false, fmt.Errorf("add to inbox: %w", err)
	}
	return n == 1, nil
}

// Inbox returns a recipient's items, newest first: those read ahead with
// the request's session when PageAhead asked for them (ahead.go).
func (s *Store) Inbox(ctx context.Context, r runtime.Recipient) ([]runtime.InboxItem, error) {
	if items, ok := s.aheadOf(ctx).use(r); ok {
		return items, nil
	}
	keys := s.inboxKeys(r)
	var items, read *goredis.MapStringStringCmd
	// The keys share a slot, so one transaction reads them together.
	_, err := s.rdb.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		items = p.HGetAll(ctx, keys[0])
		read = p.HGetAll(ctx, keys[2])
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	out, err := decodeInbox(items.Val(), read.Val())
	if err != nil {
		return nil, fmt.Errorf("inbox: %w", err)
	}
	return out, nil
}

// decodeInbox returns the items of an inbox's items and read hashes,
// newest first.
func decodeInbox(items, read map[string]string) ([]runtime.InboxItem, error) {
	out := make([]runtime.InboxItem, 0, len(items))
	for k, v := range items {
		var it runtime.InboxItem
		if err := json.Unmarshal([]byte(v), &it); err != nil {
			return nil, fmt.Errorf("decode %s: %w", k, err)
		}
		if ms, ok := read[k]; ok {
			var n int64
			fmt.Sscan(ms, &n)
			it.ReadAt = time.UnixMilli(n).UTC()
		}
		out = append(out, it)
	}
	runtime.SortInbox(out)
	return out, nil
}

// MarkInboxRead marks an item read, once.
func (s *Store) MarkInboxRead(ctx context.Context, r runtime.Recipient, key string, at time.Time) error {
	s.aheadOf(ctx).drop(r)
	n, err := markReadScript.Run(ctx, s.rdb, s.inboxKeys(r), key, at.UnixMilli()).Int()
	if err != nil {
		return fmt.Errorf("mark inbox item read: %w", err)
	}
	if n < 0 {
		return fmt.Errorf("mark inbox item read: %w", runtime.ErrNotFound)
	}
	return nil
}

// claimDeliveryScript claims delivery KEYS[1] for token ARGV[1] until
// ARGV[2] ms at now ARGV[3] ms, keeping the record ARGV[4] ms.
var claimDeliveryScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[1], 'sent') == 1 then return 'sent' end
local tok = redis.call('HGET', KEYS[1], 'token')
if tok and tok ~= ARGV[1] and tonumber(redis.call('HGET', KEYS[1], 'until') or '0') > tonumber(ARGV[3]) then return 'busy' end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'until', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 'claimed'
`)

// finishDeliveryScript records delivery KEYS[1] sent at ARGV[1].
var finishDeliveryScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[1], 'sent') == 1 then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'sent', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`)

// releaseDeliveryScript drops token ARGV[1]'s claim on KEYS[1].
var releaseDeliveryScript = goredis.NewScript(`
if redis.call('HEXISTS', KEYS[1], 'sent') == 1 then return 0 end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`)

// ClaimDelivery claims a send unless it is sent or claimed by another.
func (s *Store) ClaimDelivery(ctx context.Context, id, token string, now time.Time, lease time.Duration) (runtime.DeliveryState, error) {
	st, err := claimDeliveryScript.Run(ctx, s.rdb, []string{s.deliveryKey(id)}, token,
		now.Add(lease).UnixMilli(), now.UnixMilli(), runtime.DeliveryKeep.Milliseconds()).Text()
	if err != nil {
		return "", fmt.Errorf("claim delivery %s: %w", id, err)
	}
	return runtime.DeliveryState(st), nil
}

// FinishDelivery records a send.
func (s *Store) FinishDelivery(ctx context.Context, id, token string, at time.Time) error {
	if err := finishDeliveryScript.Run(ctx, s.rdb, []string{s.deliveryKey(id)}, at.UnixMilli(), runtime.DeliveryKeep.Milliseconds()).Err(); err != nil {
		return fmt.Errorf("finish delivery %s: %w", id, err)
	}
	return nil
}

// ReleaseDelivery drops token's claim.
func (s *Store) ReleaseDelivery(ctx context.Context, id, token string) error {
	if err := releaseDeliveryScript.Run(ctx, s.rdb, []string{s.deliveryKey(id)}, token).Err(); err != nil {
		return fmt.Errorf("release delivery %s: %w", id, err)
	}
	return nil
}
