package storetest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// SchedulersShareQueue is the scheduler's exactly-once test over
// replicas: it schedules 1,000 due jobs through the first store, runs one
// scheduler on each of stores at once (stores may be one store given
// several times, or the stores of several replicas over one Redis), and
// checks that each job took effect exactly once and none is left.
func SchedulersShareQueue(t *testing.T, stores ...runtime.Store) {
	t.Helper()
	ctx := context.Background()
	const jobs = 1000
	for i := range jobs {
		j := runtime.Job{ID: fmt.Sprintf("count:%04d", i), Kind: "count", Enrolment: fmt.Sprintf("e%d", i%50), Due: t0.Add(time.Duration(i) * time.Second)}
		if err := stores[0].Schedule(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	effects := map[string]int{}
	byReplica := make([]atomic.Int64, len(stores))
	now := t0.Add(time.Hour)
	var wg sync.WaitGroup
	var ran atomic.Int64
	for i, s := range stores {
		sc := runtime.NewScheduler(s, func() time.Time { return now }, nil)
		sc.Batch = 25
		sc.Handle("count", func(_ context.Context, j runtime.Job) error {
			mu.Lock()
			effects[j.ID]++
			mu.Unlock()
			byReplica[i].Add(1)
			return nil
		})
		wg.Go(func() {
			n, err := sc.RunDue(ctx, now)
			if err != nil {
				t.Error(err)
			}
			ran.Add(int64(n))
		})
	}
	wg.Wait()
	if len(effects) != jobs || ran.Load() != jobs {
		t.Errorf("%d jobs took effect in %d runs, want %d", len(effects), ran.Load(), jobs)
	}
	for id, n := range effects {
		if n != 1 {
			t.Errorf("job %s took effect %d times", id, n)
		}
	}
	for _, s := range stores {
		if left := claimIDs(t, s, t0.Add(48*time.Hour), 10, time.Minute); len(left) != 0 {
			t.Errorf("jobs left in the queue: %v", jobIDs(left))
		}
	}
	counts := make([]int64, len(stores))
	for i := range byReplica {
		counts[i] = byReplica[i].Load()
	}
	t.Logf("%d jobs, run by the schedulers: %v", jobs, counts)
}
