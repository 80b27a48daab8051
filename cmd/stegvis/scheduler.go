package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// startScheduler starts the scheduler of a serve process: the planner
// whose hook the web's Enrolments service calls after each append, and
// the scheduler running the time-based flags and the courier's deliveries,
// until ctx ends. Notifications go through courier (notify.go): the inbox,
// and e-mail and SMS when configured. stop stops the scheduler (as ctx ending does) and waits
// until it has finished the jobs in hand.
func startScheduler(ctx context.Context, store runtime.Store, now func() time.Time, log *slog.Logger, courier *runtime.Courier) (hook runtime.AppendHook, stop func()) {
	programs := runtime.NewPrograms(store, 0)
	planner := &runtime.Planner{Queue: store, Programs: programs, Log: log, Now: now}
	svc := runtime.NewEnrolments(store)
	svc.Now, svc.AfterAppend = now, planner.AfterAppend
	sched := runtime.NewScheduler(store, now, log)
	flags := &runtime.TimeFlags{Enrolments: svc, Programs: programs, Queue: store, Notifier: courier, Now: now}
	flags.Register(sched)
	courier.Now = now
	courier.Register(sched)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sched.Run(ctx)
	}()
	log.Info("scheduler started", "poll", runtime.DefaultPoll, "lease", runtime.DefaultLease)
	return planner.AfterAppend, func() {
		cancel()
		<-done
	}
}
