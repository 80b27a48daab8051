package demo

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// seedActivities registers, for each running enrolment of the demo units
// whose program has activity plans, the occasions open at now of the
// plans it can answer with numbers alone (the daily steps in "Hälsosamma
// vanor"), so that the Aktiviteter tab shows one registered and the
// results a first value. An enrolment with registrations already is left
// alone, so seeding again adds nothing.
func seedActivities(ctx context.Context, store runtime.Store, now time.Time) error {
	svc := runtime.NewEnrolments(store)
	svc.Now = func() time.Time { return now }
	for _, unit := range []string{UnitSouth, UnitNorth} {
		es, err := store.Enrolments(ctx, runtime.ByUnit(unit))
		if err != nil {
			return fmt.Errorf("demo: activities: %w", err)
		}
		for _, e := range es {
			if e.Ended() || e.Maintenance || len(e.PlanStates) > 0 {
				continue
			}
			b, err := store.BundleFile(ctx, e.Bundle, "program.json")
			if err != nil {
				return fmt.Errorf("demo: activities %s: %w", e.ID, err)
			}
			p, err := decodeProgram(b)
			if err != nil {
				return err
			}
			for _, pl := range e.Plans(p) {
				answers := numberAnswers(pl.Form)
				if answers == nil {
					continue
				}
				for _, o := range pl.Open(now) {
					actor := runtime.Actor{ID: e.Citizen, Role: runtime.RoleCitizen}
					if _, err := svc.Do(ctx, e.ID, actor, runtime.RegisterActivity(p, pl.ID, o.ID, answers, "", now)); err != nil {
						return fmt.Errorf("demo: register %s %s for %s: %w", pl.ID, o.ID, e.ID, err)
					}
				}
			}
		}
	}
	return nil
}

// numberAnswers answers every number question of f with a value a
// twentieth into its range (5 000 of 0–100 000 steps), or nil when a
// required question is not a number.
func numberAnswers(f *designer.Form) map[string][]string {
	out := map[string][]string{}
	for _, q := range f.Questions {
		if q.Type != designer.TypeNumber {
			if q.Required {
				return nil
			}
			continue
		}
		lo, hi := 0.0, 100.0
		if q.Min != nil {
			lo = *q.Min
		}
		if q.Max != nil {
			hi = *q.Max
		}
		out[q.ID] = []string{strconv.FormatFloat(math.Round(lo+(hi-lo)/20), 'f', -1, 64)}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
