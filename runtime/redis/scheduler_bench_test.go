package redis

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
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
			j := runtime.Job{ID: fmt.Sprintf("bench:%d", i), Kind: "bench", Due: now}
			data, err := encodeJob(j)
			if err != nil {
				b.Fatal(err)
			}
			pipe.HSet(ctx, keys[1], j.ID, data)
			pipe.ZAdd(ctx, keys[0], goredisZ(now, j.ID))
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
// jobs planned for 1,000 enrolments, divided by 1,000. The queue's keys
// are global (one hash tag for the whole queue), and hold nothing without
// enrolments, so this is (memory with N − memory with 0) / N.
//
// The synthetic case is a program with an inactivity, a program-ending and
// a module-ending flag and one current module with duration_days (four
// jobs each). The realistic cases are the sample programs in content/,
// each as the planner leaves the queue right after the start (`start`
// flags, batteries at their first occasion, inactivity, program and
// module ends of the modules current from the start) and after a week
// (the start's jobs have run, batteries wait for their next occasion, the
// citizen was last active on day 6, and in a program without modules
// current from the start the clinician started the first on day 1).
// Notification and escalation jobs are left out: they are due at once or
// within hours, and are gone again when they have run.
func BenchmarkQueueMemoryPerEnrolment(b *testing.B) {
	b.Run("synthetic", func(b *testing.B) {
		p := &designer.Program{ID: "stress", RecommendedDays: 90,
			Modules: []*designer.Module{{ID: "intro", DurationDays: 14}, {ID: "sleep", DurationDays: 21}, {ID: "later"}},
			Flags: []*designer.Flag{
				{ID: "paminnelse-inaktiv", On: designer.TriggerInactivity, Days: 7},
				{ID: "programmet-slutar", On: designer.TriggerProgramEnding, Days: 7},
				{ID: "modulen-slutar", On: designer.TriggerModuleEnding, Days: 3},
			}}
		benchQueueMemory(b, func(id string, start time.Time) []runtime.Job {
			e := &runtime.Enrolment{ID: id, StartedAt: start, Modules: map[string]*runtime.ModuleState{
				"intro": {Status: runtime.StatusCurrent, StartedAt: start}, "sleep": {Status: runtime.StatusUpcoming},
			}}
			return runtime.PlanJobs(p, e)
		})
	})
	dirs, err := filepath.Glob(filepath.Join("..", "..", "content", "*", "program.yaml"))
	if err != nil || len(dirs) == 0 {
		b.Fatalf("no sample programs: %v", err)
	}
	for _, file := range dirs {
		dir := filepath.Dir(file)
		res, err := compiler.BuildDir(dir, compiler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if res.Program == nil || res.Bundle == nil {
			b.Fatalf("build %s:\n%v", dir, res.Diagnostics)
		}
		p := res.Program
		b.Run(filepath.Base(dir)+"/start", func(b *testing.B) {
			benchQueueMemory(b, func(id string, start time.Time) []runtime.Job {
				e := startedEnrolment(p, id, start)
				jobs := runtime.StartJobs(p, e)
				jobs = append(jobs, runtime.BatteryJobs(p, e, runtime.BeforeStart(e))...)
				return append(jobs, runtime.PlanJobs(p, e)...)
			})
		})
		b.Run(filepath.Base(dir)+"/week", func(b *testing.B) {
			benchQueueMemory(b, func(id string, start time.Time) []runtime.Job {
				e := startedEnrolment(p, id, start)
				e.LastActive = start.AddDate(0, 0, 6)
				if len(e.ModulesWith(runtime.StatusCurrent)) == 0 && len(p.Modules) > 0 {
					e.Modules[p.Modules[0].ID] = &runtime.ModuleState{Status: runtime.StatusCurrent, StartedAt: start.AddDate(0, 0, 1)}
				}
				jobs := runtime.BatteryJobs(p, e, start.AddDate(0, 0, 7))
				return append(jobs, runtime.PlanJobs(p, e)...)
			})
		})
	}
}

// startedEnrolment is an enrolment of p just started at start, with the
// modules current and upcoming as the program starts them.
func startedEnrolment(p *designer.Program, id string, start time.Time) *runtime.Enrolment {
	e := &runtime.Enrolment{ID: id, StartedAt: start, Modules: map[string]*runtime.ModuleState{}}
	for _, m := range p.Modules {
		if m.Start == designer.StartCurrent {
			e.Modules[m.ID] = &runtime.ModuleState{Status: runtime.StatusCurrent, StartedAt: start}
		} else {
			e.Modules[m.ID] = &runtime.ModuleState{Status: runtime.StatusUpcoming}
		}
	}
	return e
}

// benchQueueMemory schedules the jobs plan gives each of 1,000 enrolments
// in a fresh store and reports the queue's memory per enrolment and the
// jobs per enrolment.
func benchQueueMemory(b *testing.B, plan func(id string, start time.Time) []runtime.Job) {
	ctx := context.Background()
	const enrolments = 1000
	var perEnrolment, jobsPer float64
	for b.Loop() {
		s := mustOpen(b)
		if n := queueMemory(ctx, b, s); n != 0 {
			b.Fatalf("queue not empty at the start: %d bytes", n)
		}
		start := time.Date(2027, 3, 20, 9, 0, 0, 0, runtime.Stockholm)
		planned := 0
		for range enrolments {
			for _, j := range plan(runtime.NewID(), start) {
				if err := s.Schedule(ctx, j); err != nil {
					b.Fatal(err)
				}
				planned++
			}
		}
		total := queueMemory(ctx, b, s)
		perEnrolment = float64(total) / enrolments
		jobsPer = float64(planned) / enrolments
		b.Logf("%d jobs for %d enrolments: %d bytes", planned, enrolments, total)
	}
	b.ReportMetric(perEnrolment, "bytes/enrolment")
	b.ReportMetric(jobsPer, "jobs/enrolment")
}

// queueMemory is MEMORY USAGE (every element sampled) summed over the
// queue's keys.
func queueMemory(ctx context.Context, b *testing.B, s *Store) int64 {
	var total int64
	for _, k := range s.queueKeys() {
		n, err := s.rdb.MemoryUsage(ctx, k, 0).Result()
		switch {
		case errors.Is(err, goredis.Nil):
		case err != nil:
			b.Fatal(err)
		default:
			total += n
		}
	}
	return total
}

func goredisZ(at time.Time, id string) goredis.Z {
	return goredis.Z{Score: float64(at.UnixMilli()), Member: id}
}
