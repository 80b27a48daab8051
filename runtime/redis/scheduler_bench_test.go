package redis

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// BenchmarkSchedulerJobs measures jobs claimed and run per second by three
// schedulers sharing one Redis queue (target: 2,000 jobs/s on 2 cores).
func BenchmarkSchedulerJobs(b *testing.B) {
	ctx := context.Background()
	s := mustOpen(b)
	const jobs = 3000
	now := time.Now()
	var ran int64
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		pipe := s.rdb.Pipeline()
		keys := s.queueKeys()
		for i := range jobs {
			id := fmt.Sprintf("bench:%d", i)
			pipe.HSet(ctx, keys[1], id, fmt.Sprintf(`{"id":%q,"kind":"bench","due":%q}`, id, now.UTC().Format(time.RFC3339)))
			pipe.ZAdd(ctx, keys[0], goredisZ(now, id))
		}
		if _, err := pipe.Exec(ctx); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range 3 {
			sc := runtime.NewScheduler(s, func() time.Time { return now }, nil)
			sc.Handle("bench", func(context.Context, runtime.Job) error { return nil })
			wg.Go(func() {
				n, err := sc.RunDue(ctx, now)
				if err != nil {
					b.Error(err)
				}
				mu.Lock()
				ran += int64(n)
				mu.Unlock()
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
	}
	b.ReportMetric(float64(ran)/elapsed.Seconds(), "jobs/s")
}

// BenchmarkQueueMemoryPerEnrolment measures the queue's memory per
// enrolment (target: 2 KB): MEMORY USAGE over the queue's keys with the
// jobs planned for 1,000 enrolments of a program with an inactivity, a
// program-ending and a module-ending flag and one current module with
// duration_days (four jobs each; a second current module adds two, about
// 840 bytes).
func BenchmarkQueueMemoryPerEnrolment(b *testing.B) {
	ctx := context.Background()
	p := &designer.Program{ID: "stress", RecommendedDays: 90,
		Modules: []*designer.Module{{ID: "intro", DurationDays: 14}, {ID: "sleep", DurationDays: 21}, {ID: "later"}},
		Flags: []*designer.Flag{
			{ID: "paminnelse-inaktiv", On: designer.TriggerInactivity, Days: 7},
			{ID: "programmet-slutar", On: designer.TriggerProgramEnding, Days: 7},
			{ID: "modulen-slutar", On: designer.TriggerModuleEnding, Days: 3},
		}}
	const enrolments = 1000
	var perEnrolment float64
	for b.Loop() {
		s := mustOpen(b)
		start := time.Now()
		planned := 0
		for range enrolments {
			e := &runtime.Enrolment{ID: runtime.NewID(), StartedAt: start, Modules: map[string]*runtime.ModuleState{
				"intro": {Status: runtime.StatusCurrent, StartedAt: start}, "sleep": {Status: runtime.StatusUpcoming},
			}}
			for _, j := range runtime.PlanJobs(p, e) {
				if err := s.Schedule(ctx, j); err != nil {
					b.Fatal(err)
				}
				planned++
			}
		}
		var total int64
		for _, k := range s.queueKeys() {
			n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
			if err == nil {
				total += n
			}
		}
		perEnrolment = float64(total) / enrolments
		b.Logf("%d jobs for %d enrolments: %d bytes", planned, enrolments, total)
	}
	b.ReportMetric(perEnrolment, "bytes/enrolment")
}

func goredisZ(at time.Time, id string) goredis.Z {
	return goredis.Z{Score: float64(at.UnixMilli()), Member: id}
}
