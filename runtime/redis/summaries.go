// The summaries of enrolments in their lists (runtime.SummaryStore). A
// unit's summaries and lists share the hash tag {s:UNIT}, so one script
// replaces a record and its entries together:
//
//	P{s:UNIT}:sum         hash of enrolment id → runtime.SummaryRecord (JSON)
//	P{s:UNIT}:ent         hash of enrolment id → the record's entries (JSON
//	                      [set, key] pairs), read only to replace them
//	P{s:UNIT}:ls:SET      sorted set of entry keys, all of score 0, read
//	                      by lexical range (runtime.SetName, SortEntryKey)
//	Psummaries:schema     the SummarySchema the summaries were built by
//
// A list's count is its default order's ZCARD, which Redis keeps. Like
// the indexes, a unit's summaries live outside the enrolment's slot and
// are written after the append: the script never replaces a record with
// an older one, and a page read checks each record against its log's
// sequence and refreshes or drops it (runtime.ReadSummaryPage).

package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

func (s *Store) sumKey(unit string) string { return s.prefix + "{s:" + unit + "}:sum" }

func (s *Store) entKey(unit string) string { return s.prefix + "{s:" + unit + "}:ent" }

// setBase is what a set's name follows in its key.
func (s *Store) setBase(unit string) string { return s.prefix + "{s:" + unit + "}:ls:" }

func (s *Store) summarySchemaKey() string { return s.prefix + "summaries:schema" }

// putSummaryScript replaces the record ARGV[1] of the hash KEYS[1] with
// ARGV[4] (of sequence ARGV[2] and schema ARGV[3]) unless the record kept
// is as new, removing the old record's entries (the hash KEYS[2]) from
// their sets (named ARGV[5] .. set) and adding the new ones, ARGV[6] as
// JSON and as set, key pairs from ARGV[7]. The sets share the hashes'
// tag. It returns 1 when it wrote.
var putSummaryScript = goredis.NewScript(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
local seq, schema = tonumber(ARGV[2]), tonumber(ARGV[3])
if old then
	local o = cjson.decode(old)
	if o.seq > seq or (o.seq == seq and o.schema >= schema) then return 0 end
	local oe = redis.call('HGET', KEYS[2], ARGV[1])
	if oe then
		local es = cjson.decode(oe)
		if type(es) == 'table' then
			for _, e in ipairs(es) do redis.call('ZREM', ARGV[5] .. e[1], e[2]) end
		end
	end
end
for i = 7, #ARGV, 2 do redis.call('ZADD', ARGV[5] .. ARGV[i], 0, ARGV[i + 1]) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[6])
return 1
`)

// dropSummaryScript removes the record ARGV[1] of the hash KEYS[1], and
// its entries (the hash KEYS[2]; sets named ARGV[3] .. set), when its
// sequence is below ARGV[2]. It returns 1 when it removed one.
var dropSummaryScript = goredis.NewScript(`
local old = redis.call('HGET', KEYS[1], ARGV[1])
if not old then return 0 end
local o = cjson.decode(old)
if o.seq >= tonumber(ARGV[2]) then return 0 end
local oe = redis.call('HGET', KEYS[2], ARGV[1])
if oe then
	local es = cjson.decode(oe)
	if type(es) == 'table' then
		for _, e in ipairs(es) do redis.call('ZREM', ARGV[3] .. e[1], e[2]) end
	end
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
`)

// putArgs are putSummaryScript's keys and arguments for a summary.
func (s *Store) putArgs(sum runtime.Summary) ([]string, []any, error) {
	rec := runtime.RecordOf(sum)
	data, err := json.Marshal(rec)
	if err != nil {
		return nil, nil, fmt.Errorf("summary %s: %w", sum.ID, err)
	}
	ents, err := json.Marshal(rec.Entries)
	if err != nil {
		return nil, nil, fmt.Errorf("summary %s: %w", sum.ID, err)
	}
	args := make([]any, 0, 6+2*len(rec.Entries))
	args = append(args, sum.ID, rec.Seq, rec.Schema, data, s.setBase(sum.Unit), ents)
	for _, e := range rec.Entries {
		args = append(args, e[0], e[1])
	}
	return []string{s.sumKey(sum.Unit), s.entKey(sum.Unit)}, args, nil
}

// afterAppend adds the enrolment to the indexes of its new state and
// files its summary, in one round trip (a pipeline that the cluster
// client splits by node), then drops the summary from the units the
// events moved it away from. It is the one call Append makes after its
// script; a failure is logged, and repaired by the next append or by the
// next read that meets the index member or summary.
func (s *Store) afterAppend(ctx context.Context, state *runtime.Enrolment, events []runtime.Event) {
	keys, args, err := s.putArgs(runtime.Summarize(state))
	if err != nil {
		s.log.Warn("redis: summary after append", "enrolment", state.ID, "err", err)
	}
	var put *goredis.Cmd
	_, perr := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for _, ix := range runtime.IndexesOf(state) {
			p.SAdd(ctx, s.ixKey(ix), state.ID)
		}
		if err == nil {
			put = putSummaryScript.EvalSha(ctx, p, keys, args...)
		}
		return nil
	})
	switch {
	case put != nil && goredis.HasErrorPrefix(put.Err(), "NOSCRIPT"):
		// A Redis that lost its scripts (a restart): load it and run again.
		if err := putSummaryScript.Run(ctx, s.rdb, keys, args...).Err(); err != nil {
			s.log.Warn("redis: summary after append", "enrolment", state.ID, "err", err)
		}
	case perr != nil:
		s.log.Warn("redis: index and summary after append", "enrolment", state.ID, "err", perr)
	}
	for _, unit := range runtime.UnitsLeft(events) {
		if unit == state.Unit {
			continue
		}
		if err := s.dropSummary(ctx, unit, state.ID, state.Seq); err != nil {
			s.log.Warn("redis: summary after handover", "enrolment", state.ID, "unit", unit, "err", err)
		}
	}
}

// PutSummaries files summaries: one script for one, pipelines of a
// thousand scripts for more.
func (s *Store) PutSummaries(ctx context.Context, ss ...runtime.Summary) error {
	if len(ss) == 1 {
		keys, args, err := s.putArgs(ss[0])
		if err != nil {
			return err
		}
		if err := putSummaryScript.Run(ctx, s.rdb, keys, args...).Err(); err != nil {
			return fmt.Errorf("put summary %s: %w", ss[0].ID, err)
		}
		return nil
	}
	if len(ss) == 0 {
		return nil
	}
	if err := putSummaryScript.Load(ctx, s.rdb).Err(); err != nil {
		return fmt.Errorf("put summaries: %w", err)
	}
	for len(ss) > 0 {
		n := min(len(ss), 1000)
		_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
			for _, sum := range ss[:n] {
				keys, args, err := s.putArgs(sum)
				if err != nil {
					return err
				}
				putSummaryScript.EvalSha(ctx, p, keys, args...)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("put summaries: %w", err)
		}
		ss = ss[n:]
	}
	return nil
}

// fileNew writes the record and entries of the summary of an enrolment
// that has none, without the script: for Seed, whose enrolments are new.
func (s *Store) fileNew(ctx context.Context, p goredis.Pipeliner, sum runtime.Summary) error {
	rec := runtime.RecordOf(sum)
	data, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("summary %s: %w", sum.ID, err)
	}
	ents, err := json.Marshal(rec.Entries)
	if err != nil {
		return fmt.Errorf("summary %s: %w", sum.ID, err)
	}
	base := s.setBase(sum.Unit)
	for _, e := range rec.Entries {
		p.ZAdd(ctx, base+e[0], goredis.Z{Member: e[1]})
	}
	p.HSet(ctx, s.sumKey(sum.Unit), sum.ID, data)
	p.HSet(ctx, s.entKey(sum.Unit), sum.ID, ents)
	return nil
}

func (s *Store) dropSummary(ctx context.Context, unit, id string, seq int64) error {
	err := dropSummaryScript.Run(ctx, s.rdb, []string{s.sumKey(unit), s.entKey(unit)}, id, strconv.FormatInt(seq, 10), s.setBase(unit)).Err()
	if err != nil {
		return fmt.Errorf("drop summary %s of %s: %w", id, unit, err)
	}
	return nil
}

// dropSummaries removes an enrolment's summary from every unit it was
// filed under, for its purge.
func (s *Store) dropSummaries(ctx context.Context, id string, ixs []runtime.Index) error {
	seen := map[string]bool{}
	for _, ix := range ixs {
		if ix.Kind != runtime.IndexUnit && ix.Kind != runtime.IndexEnded || seen[ix.Key] {
			continue
		}
		seen[ix.Key] = true
		if err := s.dropSummary(ctx, ix.Key, id, math.MaxInt64); err != nil {
			return err
		}
	}
	return nil
}

// source is the store as runtime.ReadSummaryPage reads it.
func (s *Store) source() runtime.SummarySource {
	return runtime.SummarySource{
		Read: s.readSummaries,
		Load: s.Load,
		Put:  s.PutSummaries,
		Drop: s.dropSummary,
	}
}

// pageScript reads at most ARGV[3] entry keys of the set KEYS[1] by
// lexical range, from ARGV[2], forward or, when ARGV[1] is "b", backward;
// the records of their enrolments from the hash KEYS[2]; and the count
// of the list, the ZCARD of KEYS[3]. All three share the unit's tag.
var pageScript = goredis.NewScript(`
local ks
if ARGV[1] == 'b' then
	ks = redis.call('ZREVRANGEBYLEX', KEYS[1], ARGV[2], '-', 'LIMIT', 0, ARGV[3])
else
	ks = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[2], '+', 'LIMIT', 0, ARGV[3])
end
local ids = {}
for i, k in ipairs(ks) do
	local p = #k
	while p > 0 and string.byte(k, p) ~= 0 do p = p - 1 end
	ids[i] = string.sub(k, p + 1)
end
local recs = {}
if #ids > 0 then recs = redis.call('HMGET', KEYS[2], unpack(ids)) end
return {ks, recs, redis.call('ZCARD', KEYS[3])}
`)

// readSummaries reads a page's keys, records and the list's count in
// one script in the unit's slot, then the sequences of the enrolments'
// logs in one pipeline (a log from before the sequence key has its
// length for its sequence, as in Append): two round trips.
func (s *Store) readSummaries(ctx context.Context, l runtime.List, set string, backward bool, key string, n int) (*runtime.SummaryRead, error) {
	dir, from := "f", "-"
	if backward {
		dir, from = "b", "+"
	}
	if key != "" {
		from = "(" + key
	}
	base := s.setBase(l.Unit)
	res, err := pageScript.Run(ctx, s.rdb, []string{base + set, s.sumKey(l.Unit), base + runtime.SetName(l, l.Sorts()[0])}, dir, from, n).Slice()
	if err != nil {
		return nil, err
	}
	if len(res) != 3 {
		return nil, fmt.Errorf("page script: %d results", len(res))
	}
	ks, _ := res[0].([]any)
	vals, _ := res[1].([]any)
	count, _ := res[2].(int64)
	out := &runtime.SummaryRead{Keys: make([]string, 0, len(ks)), Records: map[string]*runtime.SummaryRecord{}, Seqs: map[string]int64{}, Count: int(count)}
	ids := make([]string, len(ks))
	for i, k := range ks {
		str, _ := k.(string)
		out.Keys = append(out.Keys, str)
		ids[i] = runtime.EntryID(str)
		if i >= len(vals) {
			continue
		}
		if v, ok := vals[i].(string); ok {
			r := new(runtime.SummaryRecord)
			if err := json.Unmarshal([]byte(v), r); err != nil {
				return nil, fmt.Errorf("decode summary %s: %w", ids[i], err)
			}
			out.Records[ids[i]] = r
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	cmds := make([]*goredis.StringCmd, len(ids))
	lens := make([]*goredis.IntCmd, len(ids))
	_, err = s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, id := range ids {
			cmds[i] = p.Get(ctx, s.seqKey(id))
			lens[i] = p.LLen(ctx, s.logKey(id))
		}
		return nil
	})
	if err != nil && !errors.Is(err, goredis.Nil) {
		return nil, err
	}
	for i, id := range ids {
		n, err := cmds[i].Int64()
		switch {
		case errors.Is(err, goredis.Nil):
			out.Seqs[id] = lens[i].Val()
		case err != nil:
			return nil, fmt.Errorf("sequence of %s: %w", id, err)
		default:
			out.Seqs[id] = n
		}
	}
	return out, nil
}

// Summaries returns a page of a list.
func (s *Store) Summaries(ctx context.Context, q runtime.PageQuery) (*runtime.SummaryPage, error) {
	return runtime.ReadSummaryPage(ctx, q, s.source())
}

// CountSummaries returns the counts of lists: the ZCARD of each one's
// default order, in one pipeline.
func (s *Store) CountSummaries(ctx context.Context, ls ...runtime.List) ([]int, error) {
	cmds := make([]*goredis.IntCmd, len(ls))
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, l := range ls {
			cmds[i] = p.ZCard(ctx, s.setBase(l.Unit)+runtime.SetName(l, l.Sorts()[0]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count summaries: %w", err)
	}
	out := make([]int, len(ls))
	for i, c := range cmds {
		out[i] = int(c.Val())
	}
	return out, nil
}

// RebuildSummaries files the summary of every enrolment when the
// summaries were built by another SummarySchema (or none: data from
// before summaries) or force is set, then records the schema. It finds
// the citizens' index sets, which hold every enrolment, with SCAN on
// every master and reads each snapshot once: meant for start-up, never
// for a page. Replicas starting together may each rebuild; the scripts
// keep the newest record, so they agree.
func (s *Store) RebuildSummaries(ctx context.Context, force bool) (int, error) {
	if !force {
		v, err := s.rdb.Get(ctx, s.summarySchemaKey()).Int()
		switch {
		case err == nil && v == runtime.SummarySchema:
			return 0, nil
		case err != nil && !errors.Is(err, goredis.Nil):
			return 0, fmt.Errorf("rebuild summaries: %w", err)
		}
	}
	var (
		mu     sync.Mutex
		ixKeys []string
	)
	pattern := s.prefix + "ix:" + string(runtime.IndexCitizen) + ":*"
	scan := func(ctx context.Context, c *goredis.Client) error {
		iter := c.Scan(ctx, 0, pattern, 1000).Iterator()
		var found []string
		for iter.Next(ctx) {
			found = append(found, iter.Val())
		}
		mu.Lock()
		defer mu.Unlock()
		ixKeys = append(ixKeys, found...)
		return iter.Err()
	}
	var err error
	switch c := s.rdb.(type) {
	case *goredis.ClusterClient:
		err = c.ForEachMaster(ctx, scan)
	case *goredis.Client:
		err = scan(ctx, c)
	default:
		err = fmt.Errorf("client %T: cannot scan", s.rdb)
	}
	if err != nil {
		return 0, fmt.Errorf("rebuild summaries: find indexes: %w", err)
	}
	seen := map[string]bool{}
	var ids []string
	for _, k := range ixKeys {
		if !strings.HasPrefix(k, s.prefix+"ix:") {
			continue
		}
		members, err := s.rdb.SMembers(ctx, k).Result()
		if err != nil {
			return 0, fmt.Errorf("rebuild summaries: %s: %w", k, err)
		}
		for _, id := range members {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	n := 0
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 500)]
		ids = ids[len(batch):]
		snaps, err := s.snapshots(ctx, batch)
		if err != nil {
			return n, fmt.Errorf("rebuild summaries: %w", err)
		}
		var ss []runtime.Summary
		for _, e := range snaps {
			if e != nil {
				ss = append(ss, runtime.Summarize(e))
			}
		}
		if err := s.PutSummaries(ctx, ss...); err != nil {
			return n, fmt.Errorf("rebuild summaries: %w", err)
		}
		n += len(ss)
	}
	if err := s.rdb.Set(ctx, s.summarySchemaKey(), runtime.SummarySchema, 0).Err(); err != nil {
		return n, fmt.Errorf("rebuild summaries: %w", err)
	}
	return n, nil
}
