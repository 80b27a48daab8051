// The access log (runtime.AccessLog): a unit's entries by month, each
// month's keys under one hash tag, written by one Lua script; nothing here
// changes or deletes an entry.

package redis

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// A unit's log is split by month (UTC), so that no key grows for ever and
// the months of a busy unit spread over a cluster's slots. A month's keys
// share the hash tag {al:<unit>:<yyyymm>}:
//
//	P{al:<unit>:<yyyymm>}:t               hash of entry id → runtime.AccessEntry (JSON)
//	P{al:<unit>:<yyyymm>}:all             sorted set of the month's entry ids
//	P{al:<unit>:<yyyymm>}:s:<staff>       sorted set of one staff member's
//	P{al:<unit>:<yyyymm>}:e:<enrolment>   sorted set of one enrolment's
//
// The sorted sets score every id 0 and so sort by the id, which starts
// with its time (runtime.AccessID): a search reads them newest first by
// lexical range. P{al:<unit>}:months lists the months that have entries,
// scored yyyymm. Enrolments are named by id, never by personal identity
// number, and Purge, which deletes {e:<id>} keys, leaves these alone.
func (s *Store) accessMonthsKey(unit string) string { return s.prefix + "{al:" + unit + "}:months" }

func (s *Store) accessKeys(unit string, month int) (entries, all string) {
	p := s.prefix + "{al:" + unit + ":" + strconv.Itoa(month) + "}:"
	return p + "t", p + "all"
}

func (s *Store) accessIndexKey(unit string, month int, q runtime.AccessQuery) string {
	p := s.prefix + "{al:" + unit + ":" + strconv.Itoa(month) + "}:"
	switch {
	case q.Enrolment != "":
		return p + "e:" + q.Enrolment
	case q.Staff != "":
		return p + "s:" + q.Staff
	}
	return p + "all"
}

// accessMonth is t's month in UTC as yyyymm.
func accessMonth(t time.Time) int {
	t = t.UTC()
	return t.Year()*100 + int(t.Month())
}

// appendAccessScript adds entry ARGV[1] (JSON ARGV[2]) to the month's
// hash KEYS[1] and its indexes KEYS[2..4] unless the id is taken: 0 then.
var appendAccessScript = goredis.NewScript(`
if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
for i = 2, #KEYS do redis.call('ZADD', KEYS[i], 0, ARGV[1]) end
return 1
`)

// AppendAccess adds an entry. The month is listed first, so a search
// never misses a month that has entries.
func (s *Store) AppendAccess(ctx context.Context, e runtime.AccessEntry) error {
	e, err := runtime.PrepareAccess(e)
	if err != nil {
		return fmt.Errorf("append access: %w", err)
	}
	data, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("append access: %w", err)
	}
	m := accessMonth(e.At)
	if err := s.rdb.ZAddNX(ctx, s.accessMonthsKey(e.Unit), goredis.Z{Score: float64(m), Member: m}).Err(); err != nil {
		return fmt.Errorf("append access: %w", err)
	}
	entries, all := s.accessKeys(e.Unit, m)
	keys := []string{entries, all,
		s.accessIndexKey(e.Unit, m, runtime.AccessQuery{Staff: e.Staff}),
		s.accessIndexKey(e.Unit, m, runtime.AccessQuery{Enrolment: e.Enrolment})}
	n, err := appendAccessScript.Run(ctx, s.rdb, keys, e.ID, data).Int()
	if err != nil {
		return fmt.Errorf("append access: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("append access %s: %w", e.ID, runtime.ErrConflict)
	}
	return nil
}

// accessBatch is how many ids a search reads at a time when it filters.
const accessBatch = 200

// SearchAccess reads the query's index month by month, newest first.
func (s *Store) SearchAccess(ctx context.Context, q runtime.AccessQuery) (runtime.AccessPage, error) {
	var page runtime.AccessPage
	if q.Unit == "" {
		return page, fmt.Errorf("search access: no unit: %w", runtime.ErrInvalid)
	}
	size := q.PageSize()
	below, from := q.Bounds()
	rng := &goredis.ZRangeBy{Min: "-inf", Max: "+inf"}
	if below != "" {
		t, err := timeOfKey(below)
		if err != nil {
			return page, fmt.Errorf("search access: %w", err)
		}
		rng.Max = strconv.Itoa(accessMonth(t))
	}
	if from != "" {
		rng.Min = strconv.Itoa(accessMonth(q.From))
	}
	months, err := s.rdb.ZRevRangeByScore(ctx, s.accessMonthsKey(q.Unit), rng).Result()
	if err != nil {
		return page, fmt.Errorf("search access: %w", err)
	}
	// One more than the page tells whether there is a next page.
	var found []runtime.AccessEntry
	for _, ms := range months {
		m, err := strconv.Atoi(ms)
		if err != nil {
			return page, fmt.Errorf("search access: month %q: %w", ms, err)
		}
		entriesKey, _ := s.accessKeys(q.Unit, m)
		ix := s.accessIndexKey(q.Unit, m, q)
		upper := below
		for len(found) <= size {
			by := &goredis.ZRangeBy{Max: "+", Min: "-", Count: int64(min(accessBatch, size+1-len(found)))}
			if q.Staff != "" && q.Enrolment != "" {
				by.Count = accessBatch
			}
			if upper != "" {
				by.Max = "(" + upper
			}
			if from != "" {
				by.Min = "[" + from
			}
			ids, err := s.rdb.ZRevRangeByLex(ctx, ix, by).Result()
			if err != nil {
				return page, fmt.Errorf("search access: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			vals, err := s.rdb.HMGet(ctx, entriesKey, ids...).Result()
			if err != nil {
				return page, fmt.Errorf("search access: %w", err)
			}
			for i, v := range vals {
				str, ok := v.(string)
				if !ok {
					return page, fmt.Errorf("search access: entry %s missing from its month", ids[i])
				}
				var e runtime.AccessEntry
				if err := json.Unmarshal([]byte(str), &e); err != nil {
					return page, fmt.Errorf("search access: decode %s: %w", ids[i], err)
				}
				if q.Matches(e) && len(found) <= size {
					found = append(found, e)
				}
			}
			upper = ids[len(ids)-1]
			if int64(len(ids)) < by.Count {
				break
			}
		}
		if len(found) > size {
			break
		}
	}
	if len(found) > size {
		found = found[:size]
		page.Next = found[size-1].ID
	}
	page.Entries = found
	return page, nil
}

// timeOfKey is the time a bound or an id starts with.
func timeOfKey(k string) (time.Time, error) {
	if len(k) < 13 {
		return time.Time{}, fmt.Errorf("access key %q: %w", k, runtime.ErrInvalid)
	}
	ms, err := strconv.ParseInt(k[:13], 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("access key %q: %w", k, runtime.ErrInvalid)
	}
	return time.UnixMilli(ms).UTC(), nil
}
