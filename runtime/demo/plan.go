package demo

import (
	"context"
	"fmt"

	"github.com/stegvis/stegvis/runtime"
)

// Plan plans the jobs of every running enrolment of the demo units from
// its whole log, as the planner would have after each append: Seed
// writes enrolments without the planner, so without Plan they would get
// no start, inactivity or program-ending jobs until their next change.
// Planning again is harmless: what already fired fires no second time.
func Plan(ctx context.Context, store runtime.Store, pl *runtime.Planner) error {
	svc := runtime.NewEnrolments(store)
	for _, unit := range []string{UnitSouth, UnitNorth} {
		es, err := store.Enrolments(ctx, runtime.ByUnit(unit))
		if err != nil {
			return fmt.Errorf("demo: plan: %w", err)
		}
		for _, e := range es {
			events, err := svc.Timeline(ctx, e.ID)
			if err != nil {
				return fmt.Errorf("demo: plan %s: %w", e.ID, err)
			}
			if err := pl.Plan(ctx, e, events); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
	}
	return nil
}
