// Compaction of event logs: older events sealed into compressed chunks.

package redis

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// An enrolment's log is a list of [chunk, …, chunk, event, …, event]:
// older events sealed into chunks, then the events appended since, one an
// element, each encoded on its own (codec.go). A chunk is formatChunk,
// the sequence number of its first event and its number of events as
// uvarints, then the JSON array of its events deflated with dict1. One
// stream over many events compresses far better than each event alone, as
// a log repeats itself (visits, steps opened, messages read), and the
// header lets a reader skip a chunk without inflating it.
//
// Sealing never changes what Events returns: the events of a chunk are
// the stored JSON of the events it replaces, byte for byte.
const formatChunk = 0x02

const (
	// sealEvery: an append that takes the log past a multiple of
	// sealEvery makes the log due for a seal of the events appended one
	// by one since the last one (runtime.CompactJob plans it).
	sealEvery = runtime.CompactEvery
	// chunkEvents: a chunk of fewer events is opened again when the next
	// events are sealed, so that they share its stream; deflate looks 32
	// KB back, about 200 events, so longer chunks would gain little.
	chunkEvents = 192
)

// encodeChunk returns the stored form of the count events from first,
// whose stored JSON is events: all of them, or fewer when an
// ActivityFolded among them stands for the rest.
func encodeChunk(first, count int64, events []json.RawMessage) ([]byte, error) {
	size := 2
	for _, ev := range events {
		size += len(ev) + 1
	}
	js := make([]byte, 0, size)
	js = append(js, '[')
	for i, ev := range events {
		if i > 0 {
			js = append(js, ',')
		}
		js = append(js, ev...)
	}
	js = append(js, ']')
	head := []byte{formatChunk}
	head = binary.AppendUvarint(head, uint64(first))
	head = binary.AppendUvarint(head, uint64(count))
	return deflate(head, js)
}

// chunkHeader returns the sequence number of a chunk's first event, its
// number of events and its deflated body.
func chunkHeader(v []byte) (first, count int64, body []byte, err error) {
	if len(v) == 0 || v[0] != formatChunk {
		return 0, 0, nil, errors.New("not a chunk of events")
	}
	f, n := binary.Uvarint(v[1:])
	if n <= 0 {
		return 0, 0, nil, errors.New("chunk of events without its first sequence")
	}
	c, m := binary.Uvarint(v[1+n:])
	if m <= 0 || f == 0 || c == 0 {
		return 0, 0, nil, errors.New("chunk of events with a broken header")
	}
	return int64(f), int64(c), v[1+n+m:], nil
}

func isChunk(item string) bool { return item != "" && item[0] == formatChunk }

// checkChunk checks that the events of a chunk of count events from first
// are in order within it and start at first. A chunk holds each of its
// events, or an ActivityFolded (runtime/activity_folded.go) for some of
// them, so that numbers may be missing; runtime.Apply checks that a
// digest stands for each.
func checkChunk(first, count int64, evs []runtime.Event) error {
	if len(evs) == 0 || int64(len(evs)) > count {
		return fmt.Errorf("chunk of %d events holds %d", count, len(evs))
	}
	prev := first - 1
	for _, ev := range evs {
		if ev.Seq <= prev || ev.Seq >= first+count || prev == first-1 && ev.Seq != first {
			return fmt.Errorf("event %d in a chunk of %d from %d", ev.Seq, count, first)
		}
		prev = ev.Seq
	}
	return nil
}

// readLog decodes the events of a stored log above after. It checks that
// the events are numbered 1, 2, … without gaps, so a chunk out of place
// is an error, not a reordered history.
func readLog(items []string, after int64) ([]runtime.Event, error) {
	var out []runtime.Event
	next := int64(1)
	for i, item := range items {
		if isChunk(item) {
			first, count, _, err := chunkHeader([]byte(item))
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			if first != next {
				return nil, fmt.Errorf("element %d: chunk from %d where %d was due", i, first, next)
			}
			next = first + count
			if next-1 <= after {
				continue
			}
			js, err := decode([]byte(item))
			if err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			var evs []runtime.Event
			if err := json.Unmarshal(js, &evs); err != nil {
				return nil, fmt.Errorf("element %d: decode chunk: %w", i, err)
			}
			if err := checkChunk(first, count, evs); err != nil {
				return nil, fmt.Errorf("element %d: %w", i, err)
			}
			for _, ev := range evs {
				if ev.Seq > after {
					out = append(out, ev)
				}
			}
			continue
		}
		seq := next
		next++
		if seq <= after {
			continue
		}
		var ev runtime.Event
		js, err := decode([]byte(item))
		if err == nil {
			err = json.Unmarshal(js, &ev)
		}
		if err != nil {
			return nil, fmt.Errorf("decode event %d: %w", seq, err)
		}
		if ev.Seq != seq {
			return nil, fmt.Errorf("event %d stored where %d was due", ev.Seq, seq)
		}
		out = append(out, ev)
	}
	return out, nil
}

// sealScript replaces the elements of the log KEYS[1] from index ARGV[1]
// to its end by the chunk ARGV[2], when they are exactly ARGV[3], ARGV[4],
// … and the sequence key KEYS[2] exists; it returns 1 then, else 0. An
// append in between makes the list longer and another seal changes its
// end, so either leaves it alone, and its events are sealed next time. A
// log without its sequence key is left as it is: Append counts such a
// log's events by its length.
var sealScript = goredis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local from = tonumber(ARGV[1])
local cur = redis.call('LRANGE', KEYS[1], from, -1)
if #cur ~= #ARGV - 2 then return 0 end
for i = 1, #cur do
	if cur[i] ~= ARGV[i + 2] then return 0 end
end
if from == 0 then
	redis.call('DEL', KEYS[1])
else
	redis.call('LTRIM', KEYS[1], 0, from - 1)
end
redis.call('RPUSH', KEYS[1], ARGV[2])
return 1
`)

// CompactLog seals the log of enrolment id (seal), then folds the visits
// and step openings before foldBefore in its older chunks into digests
// (foldChunks; none for a zero foldBefore). It implements
// runtime.LogCompactor, and the scheduler runs it as runtime.JobCompact
// when appends take a log past a multiple of runtime.CompactEvery. A log
// with nothing to do, or one that changed while it worked, is left as it
// is: running it again is harmless.
func (s *Store) CompactLog(ctx context.Context, id string, foldBefore time.Time) (bool, error) {
	sealed, err := s.seal(ctx, id)
	if err != nil || foldBefore.IsZero() {
		return sealed, err
	}
	folded, err := s.foldChunks(ctx, id, foldBefore)
	return sealed || folded, err
}

// replaceScript sets element ARGV[1] of the list KEYS[1] to ARGV[3] if it
// is ARGV[2]; it returns 1 then, else 0.
var replaceScript = goredis.NewScript(`
if redis.call('LINDEX', KEYS[1], tonumber(ARGV[1])) ~= ARGV[2] then return 0 end
redis.call('LSET', KEYS[1], tonumber(ARGV[1]), ARGV[3])
return 1
`)

// foldChunks folds the visits and step openings of each chunk whose
// events are all before before (runtime.FoldActivity), but the log's last
// chunk, which a snapshot or a reader's cached state may stop in the
// middle of. Each chunk is replaced only if unchanged since it was read.
func (s *Store) foldChunks(ctx context.Context, id string, before time.Time) (bool, error) {
	items, err := s.rdb.LRange(ctx, s.logKey(id), 0, -1).Result()
	if err != nil {
		return false, fmt.Errorf("fold %s: %w", id, err)
	}
	last := len(items) - 1
	for last >= 0 && !isChunk(items[last]) {
		last--
	}
	changed := false
	for i, item := range items[:max(last, 0)] {
		if !isChunk(item) {
			continue
		}
		first, count, _, err := chunkHeader([]byte(item))
		if err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		js, err := decode([]byte(item))
		if err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		var evs []runtime.Event
		if err := json.Unmarshal(js, &evs); err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		if len(evs) == 0 || !evs[len(evs)-1].At.Before(before) {
			continue
		}
		out, ok, err := runtime.FoldActivity(evs, before)
		if err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		if !ok {
			continue
		}
		raw := make([]json.RawMessage, len(out))
		for j, ev := range out {
			if raw[j], err = json.Marshal(ev); err != nil {
				return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
			}
		}
		chunk, err := encodeChunk(first, count, raw)
		if err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		n, err := replaceScript.Run(ctx, s.rdb, []string{s.logKey(id)}, i, item, chunk).Int()
		if err != nil {
			return changed, fmt.Errorf("fold %s: element %d: %w", id, i, err)
		}
		changed = changed || n == 1
	}
	return changed, nil
}

// seal compacts the log of enrolment id: the events appended one by one
// since the last seal, with the last chunk when it is short, become one
// chunk. It reports whether it did; it does not when there is nothing to
// seal or the log changed while it worked.
func (s *Store) seal(ctx context.Context, id string) (bool, error) {
	items, err := s.rdb.LRange(ctx, s.logKey(id), 0, -1).Result()
	if err != nil {
		return false, fmt.Errorf("seal %s: %w", id, err)
	}
	return s.sealItems(ctx, id, items)
}

// sealItems is seal of the log as read in items.
func (s *Store) sealItems(ctx context.Context, id string, items []string) (bool, error) {
	start := len(items)
	for start > 0 && !isChunk(items[start-1]) {
		start--
	}
	if len(items)-start < 2 {
		return false, nil
	}
	from, first, span := start, int64(1), int64(0)
	var events []json.RawMessage
	if start > 0 {
		f, count, _, err := chunkHeader([]byte(items[start-1]))
		if err != nil {
			return false, fmt.Errorf("seal %s: element %d: %w", id, start-1, err)
		}
		first = f + count
		if count < chunkEvents {
			js, err := decode([]byte(items[start-1]))
			if err == nil {
				err = json.Unmarshal(js, &events)
			}
			if err != nil {
				return false, fmt.Errorf("seal %s: element %d: %w", id, start-1, err)
			}
			from, first, span = start-1, f, count
		}
	}
	for i, item := range items[start:] {
		js, err := decode([]byte(item))
		var ev struct {
			Seq int64 `json:"n"`
		}
		if err == nil {
			err = json.Unmarshal(js, &ev)
		}
		if err != nil {
			return false, fmt.Errorf("seal %s: element %d: %w", id, start+i, err)
		}
		if want := first + span; ev.Seq != want {
			return false, fmt.Errorf("seal %s: event %d stored where %d was due", id, ev.Seq, want)
		}
		events = append(events, js)
		span++
	}
	chunk, err := encodeChunk(first, span, events)
	if err != nil {
		return false, fmt.Errorf("seal %s: %w", id, err)
	}
	args := make([]any, 0, 2+len(items)-from)
	args = append(args, from, chunk)
	for _, item := range items[from:] {
		args = append(args, item)
	}
	ok, err := sealScript.Run(ctx, s.rdb, []string{s.logKey(id), s.seqKey(id)}, args...).Int()
	if err != nil {
		return false, fmt.Errorf("seal %s: %w", id, err)
	}
	return ok == 1, nil
}
