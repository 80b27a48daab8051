package runtime

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Maintenance ("vidmakthållande") is the read-only period after
// treatment. The clinician starts it once, for a number of days and with
// the modules that stay visible; it cannot be switched off. The citizen
// reads what stays visible and what they wrote, writes nothing (CheckWrite)
// and gets no batteries (BatteryDue); after the last day they can no longer
// open the enrolment (CitizenAccess). Logs from before this rule hold
// MaintenanceSet, which set a period without a length that shows every
// module.

func init() {
	register(func() Change { return new(MaintenanceStarted) })
}

// MaxMaintenanceDays bounds the length of a maintenance period: two years.
const MaxMaintenanceDays = 730

// ErrAccessOver means the citizen may no longer open the enrolment: its
// maintenance period is over.
var ErrAccessOver = fmt.Errorf("maintenance period is over: %w", ErrReadOnly)

// MaintenanceStarted starts the maintenance period for Days local
// calendar days; Modules are the modules that stay visible to the citizen,
// the others are hidden from them.
type MaintenanceStarted struct {
	Days    int      `json:"days"`
	Modules []string `json:"modules,omitempty"`
}

// EventType returns "maintenance_started".
func (*MaintenanceStarted) EventType() string { return "maintenance_started" }

func (c *MaintenanceStarted) apply(e *Enrolment, ev Event) {
	e.Maintenance = true
	e.MaintenanceFrom, e.MaintenanceDays = ev.At, c.Days
	e.MaintenanceHidden = nil
	for _, id := range slices.Sorted(maps.Keys(e.Modules)) {
		if !slices.Contains(c.Modules, id) {
			e.MaintenanceHidden = append(e.MaintenanceHidden, id)
		}
	}
}

// StartMaintenance starts the maintenance period: days long (1 to
// MaxMaintenanceDays), with visible the modules that stay visible to the
// citizen, each one of the enrolment's. It refuses a second start: the
// period cannot be changed or undone once started.
func StartMaintenance(days int, visible []string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if e.Maintenance {
			return nil, invalid("start maintenance: it has started already and cannot be changed")
		}
		if days < 1 || days > MaxMaintenanceDays {
			return nil, invalid("start maintenance: %d days is not 1 to %d", days, MaxMaintenanceDays)
		}
		var mods []string
		for _, id := range visible {
			if _, ok := e.Modules[id]; !ok {
				return nil, invalid("start maintenance: unknown module %q", id)
			}
			if !slices.Contains(mods, id) {
				mods = append(mods, id)
			}
		}
		slices.Sort(mods)
		return []Change{&MaintenanceStarted{Days: days, Modules: mods}}, nil
	})
}

// StartedModules returns the modules the citizen has been given, current
// or completed, sorted: the ones a maintenance period keeps visible unless
// the clinician chooses otherwise.
func (e *Enrolment) StartedModules() []string {
	var out []string
	for id, m := range e.Modules {
		if m.Status != StatusUpcoming {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// MaintenanceEnds returns when the maintenance period ends: at midnight,
// Europe/Stockholm, after its last local calendar day. A period of 1 day
// started at 14:00 on a Monday lasts through that Tuesday and ends as
// Wednesday begins. It returns the zero time for no period, and for a
// period without a length (MaintenanceSet, from older logs), which never
// ends.
func (e *Enrolment) MaintenanceEnds() time.Time {
	if !e.Maintenance || e.MaintenanceDays <= 0 {
		return time.Time{}
	}
	l := e.MaintenanceFrom.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day()+e.MaintenanceDays+1, 0, 0, 0, 0, Stockholm)
}

// MaintenanceLastDay returns the last day of the maintenance period,
// the day before MaintenanceEnds, at local midnight; zero when it has none.
func (e *Enrolment) MaintenanceLastDay() time.Time {
	end := e.MaintenanceEnds()
	if end.IsZero() {
		return end
	}
	return AddDays(end, -1)
}

// ModuleVisible reports whether the citizen sees a module: every module
// but those a maintenance period hides.
func (e *Enrolment) ModuleVisible(module string) bool {
	return !e.Maintenance || !slices.Contains(e.MaintenanceHidden, module)
}

// CitizenAccess returns nil when the citizen may open the enrolment at
// now, and else why not: ErrEnded after the end, ErrAccessOver once the
// maintenance period is over.
func (e *Enrolment) CitizenAccess(now time.Time) error {
	switch {
	case e.Ended():
		return ErrEnded
	case e.Maintenance && !e.MaintenanceEnds().IsZero() && !now.Before(e.MaintenanceEnds()):
		return ErrAccessOver
	}
	return nil
}
