package redis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

var (
	compactT0  = time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	compactBy  = runtime.Actor{ID: "191212121212", Role: runtime.RoleCitizen}
	compactMod = "m1-stress-and-sleep"
)

// change returns the change of event seq in a grown log: a start, then
// visits and steps opened, with now and then a mobile number.
func change(id string, seq int64) runtime.Change {
	switch {
	case seq == 1:
		return &runtime.EnrolmentStarted{
			ID: id, Program: "stress", Bundle: "stress@1.0+3fa2b1c0d4e5", Unit: "u1", Citizen: "191212121212",
			CitizenName: "Tolvan Tolvansson", Clinician: "anna", Current: []string{compactMod},
		}
	case seq%7 == 0:
		return &runtime.MobileShared{Mobile: fmt.Sprintf("+4670%07d", seq)}
	case seq%2 == 0:
		return &runtime.StepOpened{Module: compactMod, Step: fmt.Sprintf("step-%d", seq%13)}
	}
	return &runtime.Visited{}
}

// nextEvents returns the events after seq up to last, with state folded
// over them.
func nextEvents(t *testing.T, id string, state *runtime.Enrolment, seq, last int64) []runtime.Event {
	t.Helper()
	var out []runtime.Event
	for n := seq + 1; n <= last; n++ {
		ev, err := runtime.NewEvent(compactT0.Add(time.Duration(n)*time.Minute), compactBy, change(id, n))
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = n
		if err := state.Apply(ev); err != nil {
			t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// compactIfDue runs the compaction the scheduler runs when an append of n
// events took the log of id to seq (runtime.CompactJob).
func compactIfDue(t testing.TB, s *Store, id string, seq int64, n int) {
	t.Helper()
	if _, due := runtime.CompactJob(id, seq, n, time.Now()); due {
		if _, err := s.CompactLog(context.Background(), id, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
}

// grow appends n events to a new log, in appends of one to three events,
// and returns them.
func grow(t *testing.T, s *Store, id string, n int64) []runtime.Event {
	t.Helper()
	ctx := context.Background()
	state := new(runtime.Enrolment)
	var all []runtime.Event
	for seq := int64(0); seq < n; {
		last := min(seq+1+seq%3, n)
		evs := nextEvents(t, id, state, seq, last)
		if err := s.Append(ctx, id, seq, "", state, evs...); err != nil {
			t.Fatalf("append after %d: %v", seq, err)
		}
		compactIfDue(t, s, id, last, len(evs))
		all = append(all, evs...)
		seq = last
	}
	return all
}

// sameEvents checks Events after every k against want; in a log of more
// than 300 events, after every k in the first and last 100 and every
// seventh between.
func sameEvents(t *testing.T, s *Store, id string, want []runtime.Event) {
	t.Helper()
	ctx := context.Background()
	n := int64(len(want))
	for k := int64(0); k <= n+1; k++ {
		if n > 300 && k > 100 && k < n-100 && k%7 != 0 {
			continue
		}
		got, err := s.Events(ctx, id, k)
		if err != nil {
			t.Fatalf("Events after %d: %v", k, err)
		}
		w := want[min(k, int64(len(want))):]
		if len(got) != len(w) || len(w) > 0 && !reflect.DeepEqual(got, w) {
			t.Fatalf("Events after %d: %d events, want %d\n got %+v\nwant %+v", k, len(got), len(w), got, w)
		}
	}
}

// layout returns the number of events in each element of a stored log, a
// single event as 1, and whether each is a chunk.
func layout(t *testing.T, s *Store, id string) (counts []int64, chunks []bool) {
	t.Helper()
	items, err := s.rdb.LRange(context.Background(), s.logKey(id), 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	for _, item := range items {
		if !isChunk(item) {
			counts, chunks = append(counts, 1), append(chunks, false)
			continue
		}
		_, c, _, err := chunkHeader([]byte(item))
		if err != nil {
			t.Fatal(err)
		}
		counts, chunks = append(counts, c), append(chunks, true)
	}
	return counts, chunks
}

func TestSealedLogReadsBack(t *testing.T) {
	for _, n := range []int64{1, 2, 31, 32, 33, 64, 100, 250, 600} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s := mustOpen(t)
			want := grow(t, s, "e1", n)
			sameEvents(t, s, "e1", want)
			counts, chunks := layout(t, s, "e1")
			var total, singles int64
			for i, c := range counts {
				total += c
				if chunks[i] {
					if i > 0 && !chunks[i-1] {
						t.Errorf("chunk after a single event: %v", chunks)
					}
					if c > chunkEvents+sealEvery+2 {
						t.Errorf("chunk of %d events", c)
					}
				} else {
					singles++
				}
			}
			if total != n {
				t.Errorf("the elements hold %d events, want %d", total, n)
			}
			if singles > sealEvery+2 {
				t.Errorf("%d events left unsealed: %v", singles, counts)
			}
			if n >= sealEvery && len(counts) == int(n) {
				t.Errorf("%d events never sealed", n)
			}
			seq, err := s.rdb.Get(context.Background(), s.seqKey("e1")).Int64()
			if err != nil || seq != n {
				t.Errorf("sequence key = %d, %v; want %d", seq, err, n)
			}
		})
	}
}

func TestAppendAfterSeal(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	want := grow(t, s, "e1", 10)
	if ok, err := s.seal(ctx, "e1"); err != nil || !ok {
		t.Fatalf("seal = %v, %v", ok, err)
	}
	if counts, _ := layout(t, s, "e1"); !reflect.DeepEqual(counts, []int64{10}) {
		t.Fatalf("after sealing: %v", counts)
	}
	state, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	// A log of one chunk has length 1: the sequence comes from its key.
	ev, err := runtime.NewEvent(compactT0, compactBy, &runtime.Visited{})
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = 2
	err = s.Append(ctx, "e1", 1, "", &runtime.Enrolment{ID: "e1", Seq: 2}, ev)
	if !errors.Is(err, runtime.ErrConflict) {
		t.Errorf("append at the chunk's length: %v, want a conflict", err)
	}
	more := nextEvents(t, "e1", state, 10, 12)
	if err := s.Append(ctx, "e1", 10, "", state, more...); err != nil {
		t.Fatal(err)
	}
	want = append(want, more...)
	sameEvents(t, s, "e1", want)
	// Sealing again opens the short chunk and takes the new events in.
	if ok, err := s.seal(ctx, "e1"); err != nil || !ok {
		t.Fatalf("seal = %v, %v", ok, err)
	}
	if counts, _ := layout(t, s, "e1"); !reflect.DeepEqual(counts, []int64{12}) {
		t.Errorf("after sealing again: %v", counts)
	}
	sameEvents(t, s, "e1", want)
	got, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	folded, err := runtime.Fold(want)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, folded) {
		t.Errorf("snapshot %+v, fold of the log %+v", got, folded)
	}
}

// TestOldLog reads and appends to a log written before chunks: one event
// per element and no sequence key.
func TestOldLog(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	state := new(runtime.Enrolment)
	want := nextEvents(t, "e1", state, 0, 40)
	items := make([]any, len(want))
	for i, ev := range want {
		js, err := json.Marshal(ev)
		if err != nil {
			t.Fatal(err)
		}
		items[i] = encode(js)
	}
	snap, err := json.Marshal(state)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.rdb.RPush(ctx, s.logKey("e1"), items...).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.rdb.Set(ctx, s.snapKey("e1"), encode(snap), 0).Err(); err != nil {
		t.Fatal(err)
	}
	sameEvents(t, s, "e1", want)

	stale := nextEvents(t, "e1", new(runtime.Enrolment), 0, 1)
	if err := s.Append(ctx, "e1", 0, "", &runtime.Enrolment{ID: "e1", Seq: 1}, stale...); !errors.Is(err, runtime.ErrConflict) {
		t.Errorf("create over an old log: %v, want a conflict", err)
	}
	for seq := int64(40); seq < 70; seq++ {
		evs := nextEvents(t, "e1", state, seq, seq+1)
		if err := s.Append(ctx, "e1", seq, "", state, evs...); err != nil {
			t.Fatalf("append after %d: %v", seq, err)
		}
		compactIfDue(t, s, "e1", seq+1, len(evs))
		want = append(want, evs...)
	}
	sameEvents(t, s, "e1", want)
	counts, _ := layout(t, s, "e1")
	if len(counts) != 70-64+1 || counts[0] != 64 {
		t.Errorf("the old log was not sealed at 64: %v", counts)
	}
	if err := s.Purge(ctx, "e1"); err != nil {
		t.Fatal(err)
	}
	for _, k := range s.Keys("e1") {
		if n, _ := s.rdb.Exists(ctx, k).Result(); n != 0 {
			t.Errorf("%s left after purge", k)
		}
	}
}

// TestSealLosesToChange seals a log as read before an append or another
// seal changed it: the seal does nothing.
func TestSealLosesToChange(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	want := grow(t, s, "e1", 20)
	read := func() []string {
		items, err := s.rdb.LRange(ctx, s.logKey("e1"), 0, -1).Result()
		if err != nil {
			t.Fatal(err)
		}
		return items
	}
	before := read()
	state, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	more := nextEvents(t, "e1", state, 20, 21)
	if err := s.Append(ctx, "e1", 20, "", state, more...); err != nil {
		t.Fatal(err)
	}
	want = append(want, more...)
	if ok, err := s.sealItems(ctx, "e1", before); err != nil || ok {
		t.Errorf("seal of the log before an append = %v, %v", ok, err)
	}
	sameEvents(t, s, "e1", want)

	before = read()
	if ok, err := s.sealItems(ctx, "e1", before); err != nil || !ok {
		t.Fatalf("seal = %v, %v", ok, err)
	}
	if ok, err := s.sealItems(ctx, "e1", before); err != nil || ok {
		t.Errorf("second seal of the same reading = %v, %v", ok, err)
	}
	sameEvents(t, s, "e1", want)
	if counts, _ := layout(t, s, "e1"); !reflect.DeepEqual(counts, []int64{21}) {
		t.Errorf("after the seals: %v", counts)
	}
}

// TestSealRacesAppends runs writers that retry on conflict against a
// sealer that never stops: every acknowledged event is in the log once,
// in order, and nothing else is.
func TestSealRacesAppends(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	grow(t, s, "e1", 1)
	const writers, each = 4, 40
	var mu sync.Mutex
	acked := map[string]int64{} // the step of each acknowledged event → its seq
	var wg sync.WaitGroup
	stop, done := make(chan struct{}), make(chan struct{})
	sealed := 0
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			ok, err := s.seal(ctx, "e1")
			if err != nil {
				t.Error(err)
				return
			}
			if ok {
				sealed++
			}
		}
	}()
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				step := fmt.Sprintf("w%d-%d", w, i)
				for {
					state, err := s.Load(ctx, "e1")
					if err != nil {
						t.Error(err)
						return
					}
					ev, err := runtime.NewEvent(compactT0, compactBy, &runtime.StepOpened{Module: compactMod, Step: step})
					if err != nil {
						t.Error(err)
						return
					}
					ev.Seq = state.Seq + 1
					if err := state.Apply(ev); err != nil {
						t.Error(err)
						return
					}
					err = s.Append(ctx, "e1", ev.Seq-1, "", state, ev)
					if errors.Is(err, runtime.ErrConflict) {
						continue
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					acked[step] = ev.Seq
					mu.Unlock()
					break
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	<-done
	if t.Failed() {
		return
	}
	log, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(log) != 1+writers*each {
		t.Fatalf("log of %d events, want %d", len(log), 1+writers*each)
	}
	for i, ev := range log[1:] {
		var c runtime.StepOpened
		if err := json.Unmarshal(ev.Data, &c); err != nil {
			t.Fatal(err)
		}
		if seq, ok := acked[c.Step]; !ok || seq != ev.Seq || ev.Seq != int64(i+2) {
			t.Errorf("event %d: %s acknowledged at %d (%v)", ev.Seq, c.Step, seq, ok)
		}
	}
	sameEvents(t, s, "e1", log)
	folded, err := runtime.Fold(log)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, folded) {
		t.Error("the snapshot is not the fold of the log")
	}
	t.Logf("%d seals among %d appends", sealed, writers*each)
}

// TestCompactionFromScheduler: appends leave the log as it is; the
// Planner schedules one JobCompact per enrolment when a log passes a
// multiple of runtime.CompactEvery, the scheduler runs it through
// CompactLog, and the log reads back the same. Running the job again
// changes nothing.
func TestCompactionFromScheduler(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	now := compactT0.Add(24 * time.Hour)
	clock := func() time.Time { return now }
	pl := &runtime.Planner{Queue: s, Now: clock, Compact: true}
	sched := runtime.NewScheduler(s, clock, nil)
	(&runtime.Compaction{Store: s}).Register(sched)

	state := new(runtime.Enrolment)
	var want []runtime.Event
	for seq := int64(0); seq < 70; seq++ {
		// The start, then steps opened: events that plan no program's
		// jobs, as this test has no program.
		var c runtime.Change = &runtime.StepOpened{Module: compactMod, Step: fmt.Sprintf("step-%d", seq%13)}
		if seq == 0 {
			c = change("e1", 1)
		}
		ev, err := runtime.NewEvent(compactT0.Add(time.Duration(seq)*time.Minute), compactBy, c)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = seq + 1
		if err := state.Apply(ev); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(ctx, "e1", seq, "", state, ev); err != nil {
			t.Fatal(err)
		}
		want = append(want, ev)
		if seq > 0 {
			if err := pl.Plan(ctx, state, []runtime.Event{ev}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if counts, _ := layout(t, s, "e1"); len(counts) != 70 {
		t.Fatalf("appends sealed the log themselves: %v", counts)
	}
	j, err := s.Job(ctx, runtime.JobCompact+":e1")
	if err != nil {
		t.Fatalf("no compaction planned: %v", err)
	}
	if j.Kind != runtime.JobCompact || j.Enrolment != "e1" {
		t.Errorf("planned %+v", j)
	}
	n, err := sched.RunDue(ctx, now)
	if err != nil || n != 1 {
		t.Fatalf("RunDue = %d, %v; want the one compaction", n, err)
	}
	counts, chunks := layout(t, s, "e1")
	if len(counts) != 1 || !chunks[0] || counts[0] != 70 {
		t.Errorf("after the job: %v %v, want one chunk of 70", counts, chunks)
	}
	sameEvents(t, s, "e1", want)
	if changed, err := s.CompactLog(ctx, "e1", time.Time{}); err != nil || changed {
		t.Errorf("compacting again = %v, %v; want nothing to do", changed, err)
	}
	if _, err := s.Job(ctx, runtime.JobCompact+":e1"); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("the job is still queued: %v", err)
	}
}

// BenchmarkCompactLog measures the scheduler's JobCompact: sealing the 32
// events an enrolment appended since its last compaction into its chunk.
func BenchmarkCompactLog(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	state := new(runtime.Enrolment)
	var seq int64
	add := func(n int64) {
		for range n {
			ev, err := runtime.NewEvent(compactT0.Add(time.Duration(seq)*time.Minute), compactBy, change("e1", seq+1))
			if err != nil {
				b.Fatal(err)
			}
			ev.Seq = seq + 1
			if err := state.Apply(ev); err != nil {
				b.Fatal(err)
			}
			if err := s.Append(ctx, "e1", seq, "", state, ev); err != nil {
				b.Fatal(err)
			}
			seq++
		}
	}
	for b.Loop() {
		b.StopTimer()
		add(runtime.CompactEvery)
		b.StartTimer()
		if ok, err := s.CompactLog(ctx, "e1", time.Time{}); err != nil || !ok {
			b.Fatalf("compact = %v, %v", ok, err)
		}
	}
	b.ReportMetric(float64(seq)/float64(b.N), "events/op")
}

// TestFoldOldChunks: compaction folds the visits and step openings of the
// chunks older than the cut into digests: the log reads back with the
// other events as they were, folds to the stored snapshot, takes less
// room, takes appends and seals after, and a second compaction changes
// nothing. The last chunk is never folded.
func TestFoldOldChunks(t *testing.T) {
	ctx := context.Background()
	s := mustOpen(t)
	all := grow(t, s, "e1", 600)
	before, _ := s.rdb.MemoryUsage(ctx, s.logKey("e1"), 0).Result()
	cut := compactT0.Add(400 * time.Minute) // event n is at minute n
	changed, err := s.CompactLog(ctx, "e1", cut)
	if err != nil || !changed {
		t.Fatalf("compact = %v, %v", changed, err)
	}
	got, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	// Every event that is not a visit or an opening is there as it was,
	// and so is every event of a chunk not folded; the visits and
	// openings of the folded chunks are in digests.
	var kept []runtime.Event
	for _, ev := range all {
		if !ev.At.Before(cut) {
			kept = append(kept, ev)
		}
	}
	var digests int
	var rest []runtime.Event
	for _, ev := range got {
		if ev.Type == "activity_folded" {
			digests++
			continue
		}
		rest = append(rest, ev)
	}
	if digests == 0 || len(got) >= len(all) {
		t.Fatalf("%d events after folding, %d digests", len(got), digests)
	}
	// A chunk is folded when all of its events are before the cut and it
	// is not the last chunk: here every event up to the end of the last
	// such chunk.
	counts, chunks := layout(t, s, "e1")
	var end, foldedEnd int64
	for i, c := range counts {
		end += c
		if chunks[i] && i+1 < len(counts) && chunks[i+1] && compactT0.Add(time.Duration(end)*time.Minute).Before(cut) {
			foldedEnd = end
		}
	}
	if foldedEnd == 0 {
		t.Fatalf("no chunk to fold: %v", counts)
	}
	for _, ev := range rest {
		if ev.Seq <= foldedEnd && (ev.Type == "visited" || ev.Type == "step_opened") {
			t.Errorf("event %d (%s) in a folded chunk left unfolded", ev.Seq, ev.Type)
		}
	}
	for _, ev := range kept {
		if ev.Seq > foldedEnd && !slices.ContainsFunc(got, func(g runtime.Event) bool { return reflect.DeepEqual(g, ev) }) {
			t.Errorf("event %d (%s) lost", ev.Seq, ev.Type)
		}
	}
	for _, ev := range all {
		if ev.Type != "visited" && ev.Type != "step_opened" && !slices.ContainsFunc(got, func(g runtime.Event) bool { return reflect.DeepEqual(g, ev) }) {
			t.Errorf("event %d (%s) lost", ev.Seq, ev.Type)
		}
	}
	folded, err := runtime.Fold(got)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Load(ctx, "e1")
	if err != nil {
		t.Fatal(err)
	}
	want, err := runtime.Fold(all)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(folded, want) || folded.Seq != snap.Seq || !reflect.DeepEqual(folded.Opened, snap.Opened) || !folded.LastActive.Equal(snap.LastActive) {
		t.Errorf("the folded log folds to another state")
	}
	after, _ := s.rdb.MemoryUsage(ctx, s.logKey("e1"), 0).Result()
	t.Logf("600 events: %d bytes sealed, %d bytes folded before minute 400 (%d events, %d digests)", before, after, len(got), digests)
	if after >= before {
		t.Errorf("folding took the log from %d to %d bytes", before, after)
	}
	if changed, err := s.CompactLog(ctx, "e1", cut); err != nil || changed {
		t.Errorf("compacting again = %v, %v; want nothing to do", changed, err)
	}
	// Appends and seals go on.
	state := want
	more := nextEvents(t, "e1", state, 600, 640)
	if err := s.Append(ctx, "e1", 600, "", state, more...); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CompactLog(ctx, "e1", cut); err != nil {
		t.Fatal(err)
	}
	again, err := s.Events(ctx, "e1", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, append(got, more...)) {
		t.Errorf("after appending and sealing: %d events, want %d", len(again), len(got)+len(more))
	}
	if tail, err := s.Events(ctx, "e1", 620); err != nil || !reflect.DeepEqual(tail, more[20:]) {
		t.Errorf("Events after 620: %d, %v", len(tail), err)
	}
}
