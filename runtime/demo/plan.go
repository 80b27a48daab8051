package demo

import (
	"context"
	"fmt"

	"github.com/stegvis/stegvis/runtime"
)

// Plan schedules the jobs of every running enrolment of the demo units:
// Seed writes enrolments without the planner, so without Plan they would
// get no start, inactivity, program-ending, battery or missed-activity
// jobs until their next change, and a seeded urgent flag no notice and
// no escalation.
// Unlike the planner's Replan it schedules jobs already due too, so that
// with the clock moved forward (--clock-offset) what would have fired
// meanwhile fires at once. Planning again is harmless: what already fired
// on an occasion fires no second time.
func Plan(ctx context.Context, store runtime.Store, pl *runtime.Planner) error {
	for _, unit := range []string{UnitSouth, UnitNorth} {
		es, err := store.Enrolments(ctx, runtime.ByUnit(unit))
		if err != nil {
			return fmt.Errorf("demo: plan: %w", err)
		}
		for _, e := range es {
			p, err := pl.Programs.Program(ctx, e.Bundle)
			if err != nil {
				return fmt.Errorf("demo: plan %s: %w", e.ID, err)
			}
			jobs := append(runtime.StartJobs(p, e), runtime.PlanJobs(p, e)...)
			jobs = append(jobs, runtime.BatteryJobs(p, e, runtime.BeforeStart(e))...)
			jobs = append(jobs, runtime.ActivityJobs(p, e, runtime.BeforeStart(e))...)
			for _, r := range e.Reviews {
				jobs = append(jobs, runtime.UrgentJobs(p, e, r, e.StartedAt)...)
			}
			for _, j := range jobs {
				if err := pl.Queue.Schedule(ctx, j); err != nil {
					return fmt.Errorf("demo: plan %s: %w", e.ID, err)
				}
			}
		}
	}
	return nil
}
