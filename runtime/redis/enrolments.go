// The enrolment store (runtime.EnrolmentStore): each enrolment's event log,
// snapshot and recent idempotency keys under one hash tag, appended by one
// Lua script, and the index sets that heal themselves.

package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

func (s *Store) logKey(id string) string { return s.prefix + "{e:" + id + "}:log" }

func (s *Store) snapKey(id string) string { return s.prefix + "{e:" + id + "}:snap" }

// seqKey holds the sequence number of the log's last event. Once events
// are sealed into chunks (compact.go) the log's length no longer says it;
// a log written before the key existed has none, and its length does.
func (s *Store) seqKey(id string) string { return s.prefix + "{e:" + id + "}:seq" }

// idemKey holds the digests of the enrolment's recent idempotency keys,
// newest first, runtime.RememberKey's form; it expires runtime.KeysWindow
// after the last keyed append.
func (s *Store) idemKey(id string) string { return s.prefix + "{e:" + id + "}:keys" }

func (s *Store) ixKey(ix runtime.Index) string {
	return s.prefix + "ix:" + ix.String()
}

// appendScript appends events and sets the snapshot and the sequence key
// when the log's sequence (its sequence key, else its length) is the
// expected one and the command's key digest (ARGV[3], empty for none) is
// not among the enrolment's recent ones; it then remembers the digest,
// keeping ARGV[4] bytes of digests for ARGV[5] milliseconds. It returns
// the new sequence, -1 when the log is missing and more than 0 was
// expected, -2 on any other mismatch and -3 for a key already applied. The
// key is checked first: a client's retry of an append that went through
// must find its key, not a conflict.
var appendScript = goredis.NewScript(`
local d = ARGV[3]
local keys = false
if d ~= '' then
	keys = redis.call('GET', KEYS[3])
	if keys then
		for i = 1, #keys - #d + 1, #d do
			if string.sub(keys, i, i + #d - 1) == d then return -3 end
		end
	end
end
local n = tonumber(redis.call('GET', KEYS[4]) or redis.call('LLEN', KEYS[1]))
if n ~= tonumber(ARGV[1]) then
	if n == 0 then return -1 end
	return -2
end
redis.call('RPUSH', KEYS[1], unpack(ARGV, 6))
redis.call('SET', KEYS[2], ARGV[2])
redis.call('SET', KEYS[4], n + #ARGV - 5)
if d ~= '' then
	redis.call('SET', KEYS[3], string.sub(d .. (keys or ''), 1, tonumber(ARGV[4])), 'PX', ARGV[5])
end
return n + #ARGV - 5
`)

// Append runs appendScript, then adds the enrolment to its indexes. The
// log's newest events are sealed into a chunk by CompactLog, which the
// scheduler runs (runtime.JobCompact), not here on the write path.
func (s *Store) Append(ctx context.Context, id string, expected int64, key string, state *runtime.Enrolment, events ...runtime.Event) error {
	if err := runtime.CheckAppend(id, expected, state, events); err != nil {
		return err
	}
	s.aheadOf(ctx).dropSnap(id)
	snap, err := json.Marshal(state)
	if err != nil {
		return fmt.Errorf("append %s: %w", id, err)
	}
	var digest any = ""
	if key != "" {
		digest = runtime.KeyDigest(key)
	}
	args := make([]any, 0, 5+len(events))
	args = append(args, expected, encode(snap), digest,
		runtime.KeysKept*runtime.KeyDigestSize, runtime.KeysWindow.Milliseconds())
	for _, ev := range events {
		b, err := json.Marshal(ev)
		if err != nil {
			return fmt.Errorf("append %s: %w", id, err)
		}
		args = append(args, encode(b))
	}
	n, err := appendScript.Run(ctx, s.rdb, []string{s.logKey(id), s.snapKey(id), s.idemKey(id), s.seqKey(id)}, args...).Int64()
	switch {
	case err != nil:
		return fmt.Errorf("append %s: %w", id, err)
	case n == -1:
		return fmt.Errorf("append %s: %w", id, runtime.ErrNotFound)
	case n == -3:
		return fmt.Errorf("append %s: %w", id, runtime.ErrDuplicate)
	case n < 0:
		return fmt.Errorf("append %s at %d: %w", id, expected, runtime.ErrConflict)
	}
	// The events are in; an index or summary failure must not make the
	// caller retry them. The next append or a reader's repair fixes it.
	s.afterAppend(ctx, state, events)
	return nil
}

func decodeSnapshot(data string) (*runtime.Enrolment, error) {
	js, err := decode([]byte(data))
	if err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	e := new(runtime.Enrolment)
	if err := json.Unmarshal(js, e); err != nil {
		return nil, fmt.Errorf("decode snapshot: %w", err)
	}
	return e, nil
}

// Applied reports whether the enrolment has applied a command with key.
// The keys outlive an idle enrolment by KeysWindow only; past it, the
// snapshot says whether the enrolment exists.
func (s *Store) Applied(ctx context.Context, id, key string) (bool, error) {
	keys, err := s.rdb.Get(ctx, s.idemKey(id)).Bytes()
	switch {
	case err == nil:
		return key != "" && runtime.HasKey(keys, runtime.KeyDigest(key)), nil
	case !errors.Is(err, goredis.Nil):
		return false, fmt.Errorf("applied %s: %w", id, err)
	}
	n, err := s.rdb.Exists(ctx, s.snapKey(id)).Result()
	if err != nil {
		return false, fmt.Errorf("applied %s: %w", id, err)
	}
	if n == 0 {
		return false, fmt.Errorf("applied %s: %w", id, runtime.ErrNotFound)
	}
	return false, nil
}

// Load returns an enrolment's snapshot, the caller's own copy.
func (s *Store) Load(ctx context.Context, id string) (*runtime.Enrolment, error) {
	return s.load(ctx, id, false, s.snaps.Decode)
}

// load reads an enrolment's snapshot (for a view, as read ahead with the
// session: PageAhead) and decodes it through the cache with decode: a
// copy of its own for Load, the shared one for LoadShared.
func (s *Store) load(ctx context.Context, id string, view bool, decode func(id, raw string, decode func(string) (*runtime.Enrolment, error)) (*runtime.Enrolment, error)) (*runtime.Enrolment, error) {
	data, err := s.snapshot(ctx, id, view)
	if errors.Is(err, goredis.Nil) {
		return nil, fmt.Errorf("load %s: %w", id, runtime.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	e, err := decode(id, data, decodeSnapshot)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return e, nil
}

// Events returns the events of an enrolment after a sequence number. It
// reads the whole log, chunks and all (a log is a few hundred events,
// mostly sealed), and inflates only the chunks that hold events after.
func (s *Store) Events(ctx context.Context, id string, after int64) ([]runtime.Event, error) {
	items, err := s.rdb.LRange(ctx, s.logKey(id), 0, -1).Result()
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	if len(items) == 0 {
		n, err := s.rdb.Exists(ctx, s.logKey(id)).Result()
		if err != nil {
			return nil, fmt.Errorf("events of %s: %w", id, err)
		}
		if n == 0 {
			return nil, fmt.Errorf("events of %s: %w", id, runtime.ErrNotFound)
		}
		return nil, nil
	}
	out, err := readLog(items, after)
	if err != nil {
		return nil, fmt.Errorf("events of %s: %w", id, err)
	}
	return out, nil
}

// Enrolments reads an index and the snapshots of its members. A member
// that is gone or no longer matches is removed, and then read once more:
// if a writer moved it back in between, its own SADD may have come before
// our SREM, so we add it again rather than lose it.
func (s *Store) Enrolments(ctx context.Context, ix runtime.Index) ([]*runtime.Enrolment, error) {
	key := s.ixKey(ix)
	ids, err := s.rdb.SMembers(ctx, key).Result()
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	snaps, err := s.snapshots(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", ix, err)
	}
	out := []*runtime.Enrolment{}
	var stale []string
	for i, e := range snaps {
		if e != nil && ix.Match(e) {
			out = append(out, e)
		} else {
			stale = append(stale, ids[i])
		}
	}
	if len(stale) > 0 {
		if err := s.rdb.SRem(ctx, key, stale).Err(); err != nil {
			s.log.Warn("redis: drop stale index members", "index", ix.String(), "err", err)
		} else if again, err := s.snapshots(ctx, stale); err != nil {
			s.log.Warn("redis: recheck stale index members", "index", ix.String(), "err", err)
		} else {
			for i, e := range again {
				if e != nil && ix.Match(e) {
					if err := s.rdb.SAdd(ctx, key, stale[i]).Err(); err != nil {
						s.log.Warn("redis: restore index member", "index", ix.String(), "enrolment", stale[i], "err", err)
					}
					out = append(out, e)
				}
			}
		}
	}
	runtime.SortEnrolments(out)
	return out, nil
}

// snapshots reads the snapshots of ids in one pipeline; a missing one is nil.
func (s *Store) snapshots(ctx context.Context, ids []string) ([]*runtime.Enrolment, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	cmds := make([]*goredis.StringCmd, len(ids))
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, s.snapKey(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, goredis.Nil) {
		return nil, err
	}
	out := make([]*runtime.Enrolment, len(ids))
	for i, c := range cmds {
		data, err := c.Result()
		if errors.Is(err, goredis.Nil) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if out[i], err = decodeSnapshot(data); err != nil {
			return nil, fmt.Errorf("%s: %w", ids[i], err)
		}
	}
	return out, nil
}

// Purge deletes an enrolment's keys, then its memberships of every index
// it was ever in (writers only add to indexes, so a unit or clinician set
// may still hold it from before a handover or the end), then what it left
// elsewhere: inbox items, deliveries, jobs and the cached snapshot.
func (s *Store) Purge(ctx context.Context, id string) error {
	events, err := s.Events(ctx, id, 0)
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	ixs, err := indexesEver(events)
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	n, err := s.rdb.Del(ctx, s.Keys(id)...).Result()
	if err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("purge %s: %w", id, runtime.ErrNotFound)
	}
	_, err = s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for _, ix := range ixs {
			p.SRem(ctx, s.ixKey(ix), id)
		}
		return nil
	})
	if err != nil {
		// Readers drop members whose snapshot is gone.
		s.log.Warn("redis: index after purge", "enrolment", id, "err", err)
	}
	if err := s.dropSummaries(ctx, id, ixs); err != nil {
		// A page read drops a summary whose log is gone.
		s.log.Warn("redis: summary after purge", "enrolment", id, "err", err)
	}
	// The log is gone; what is left outside it goes now. A failure here
	// leaves items and jobs that name a missing enrolment, which readers
	// skip; a retried purge cannot reach them, so it is an error.
	if err := s.purgeRest(ctx, id, recipientsEver(events)); err != nil {
		return fmt.Errorf("purge %s: %w", id, err)
	}
	return nil
}

// recipientsEver returns everyone an enrolment's notifications may have
// reached by its log: the citizen and every responsible clinician.
func recipientsEver(events []runtime.Event) []runtime.Recipient {
	var out []runtime.Recipient
	e := new(runtime.Enrolment)
	for _, ev := range events {
		if e.Apply(ev) != nil {
			continue
		}
		for _, r := range []runtime.Recipient{{Kind: runtime.RecipientCitizen, ID: e.Citizen}, {Kind: runtime.RecipientStaff, ID: e.Clinician}} {
			if r.ID != "" && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// indexesEver returns every index an enrolment belonged to after any of
// its events.
func indexesEver(events []runtime.Event) ([]runtime.Index, error) {
	var ixs []runtime.Index
	e := new(runtime.Enrolment)
	for _, ev := range events {
		if err := e.Apply(ev); err != nil {
			return nil, err
		}
		for _, ix := range runtime.IndexesOf(e) {
			if !slices.Contains(ixs, ix) {
				ixs = append(ixs, ix)
			}
		}
	}
	return ixs, nil
}

// Keys returns the keys of an enrolment, for measuring and for operators:
// its log, its snapshot, its recent idempotency keys, which exist only
// within runtime.KeysWindow of a keyed append, and its sequence number.
func (s *Store) Keys(id string) []string {
	return []string{s.logKey(id), s.snapKey(id), s.idemKey(id), s.seqKey(id)}
}
