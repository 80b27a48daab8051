package runtime

import (
	"fmt"
	"slices"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Modules and steps: which modules are current, which steps the citizen
// opened, and which the clinician hid.

func init() {
	register(func() Change { return new(ModuleStarted) })
	register(func() Change { return new(ModuleCompleted) })
	register(func() Change { return new(ModuleQueued) })
	register(func() Change { return new(StepOpened) })
	register(func() Change { return new(StepHidden) })
	register(func() Change { return new(StepShown) })
}

// Module statuses, as the citizen's module list groups them.
const (
	StatusUpcoming  = "upcoming"
	StatusCurrent   = "current"
	StatusCompleted = "completed"
)

// ModuleState is where one module stands for the citizen.
type ModuleState struct {
	Status      string    `json:"status"`
	StartedAt   time.Time `json:"started_at,omitzero"`
	CompletedAt time.Time `json:"completed_at,omitzero"`
}

// Opened is when a step was first and last opened by the citizen.
type Opened struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Count int       `json:"n"`
}

// ModuleStatus returns the status of a module; a module the enrolment has
// no record of is upcoming.
func (e *Enrolment) ModuleStatus(id string) string {
	if m, ok := e.Modules[id]; ok {
		return m.Status
	}
	return StatusUpcoming
}

// ModulesWith returns the ids of the modules with the given status, sorted.
func (e *Enrolment) ModulesWith(status string) []string {
	var ids []string
	for id, m := range e.Modules {
		if m.Status == status {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// StepHidden reports whether the clinician has hidden a step.
func (e *Enrolment) StepHidden(module, step string) bool { return e.Hidden[StepKey(module, step)] }

// CanOpen reports whether the citizen may open a step of the program: its
// module has started (current or completed), the clinician has not
// hidden it, and no maintenance period hides its module (ModuleVisible). Whether the step exists is the program's to say. The
// decisions and the pages both ask this, so they never disagree.
func (e *Enrolment) CanOpen(module, step string) bool {
	return e.ModuleStatus(module) != StatusUpcoming && !e.StepHidden(module, step) && e.ModuleVisible(module)
}

func (e *Enrolment) module(id string) *ModuleState {
	if e.Modules == nil {
		e.Modules = map[string]*ModuleState{}
	}
	m, ok := e.Modules[id]
	if !ok {
		m = &ModuleState{Status: StatusUpcoming}
		e.Modules[id] = m
	}
	return m
}

// ModuleStarted makes a module current.
type ModuleStarted struct {
	Module string `json:"module"`
}

// EventType returns "module_started".
func (*ModuleStarted) EventType() string { return "module_started" }

func (c *ModuleStarted) apply(e *Enrolment, ev Event) {
	m := e.module(c.Module)
	m.Status, m.StartedAt, m.CompletedAt = StatusCurrent, ev.At, time.Time{}
}

// ModuleCompleted marks a module completed.
type ModuleCompleted struct {
	Module string `json:"module"`
}

// EventType returns "module_completed".
func (*ModuleCompleted) EventType() string { return "module_completed" }

func (c *ModuleCompleted) apply(e *Enrolment, ev Event) {
	m := e.module(c.Module)
	m.Status, m.CompletedAt = StatusCompleted, ev.At
}

// ModuleQueued puts a module back among the upcoming ones.
type ModuleQueued struct {
	Module string `json:"module"`
}

// EventType returns "module_queued".
func (*ModuleQueued) EventType() string { return "module_queued" }

func (c *ModuleQueued) apply(e *Enrolment, _ Event) {
	m := e.module(c.Module)
	m.Status, m.StartedAt, m.CompletedAt = StatusUpcoming, time.Time{}, time.Time{}
}

// StepOpened records that the citizen opened a step.
type StepOpened struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_opened".
func (*StepOpened) EventType() string { return "step_opened" }

func (c *StepOpened) apply(e *Enrolment, ev Event) {
	if e.Opened == nil {
		e.Opened = map[string]*Opened{}
	}
	k := StepKey(c.Module, c.Step)
	o, ok := e.Opened[k]
	if !ok {
		o = &Opened{First: ev.At}
		e.Opened[k] = o
	}
	o.Last = ev.At
	o.Count++
}

// StepHidden hides a step from the citizen.
type StepHidden struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_hidden".
func (*StepHidden) EventType() string { return "step_hidden" }

func (c *StepHidden) apply(e *Enrolment, _ Event) {
	if e.Hidden == nil {
		e.Hidden = map[string]bool{}
	}
	e.Hidden[StepKey(c.Module, c.Step)] = true
}

// StepShown shows a hidden step again.
type StepShown struct {
	Module string `json:"module"`
	Step   string `json:"step"`
}

// EventType returns "step_shown".
func (*StepShown) EventType() string { return "step_shown" }

func (c *StepShown) apply(e *Enrolment, _ Event) {
	e.Hidden = without(e.Hidden, StepKey(c.Module, c.Step))
}

// OpenStep records that the citizen opened a step at now. The step must be
// in the program, in a module that is current or completed, and not
// hidden, and no battery may be due at now (ErrBatteryDue).
func OpenStep(p *designer.Program, module, step string, now time.Time) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if _, _, _, ok := p.Step(module, step); !ok {
			return nil, invalid("open step %s: not in the program", StepKey(module, step))
		}
		if !e.CanOpen(module, step) {
			return nil, invalid("open step %s: not open to the citizen", StepKey(module, step))
		}
		if err := e.ContentOpen(p, now); err != nil {
			return nil, fmt.Errorf("open step %s: %w", StepKey(module, step), err)
		}
		return []Change{&StepOpened{Module: module, Step: step}}, nil
	})
}

// HideStep hides a step of the program from the citizen.
func HideStep(p *designer.Program, module, step string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if _, _, _, ok := p.Step(module, step); !ok {
			return nil, invalid("hide step %s: not in the program", StepKey(module, step))
		}
		if e.StepHidden(module, step) {
			return nil, nil
		}
		return []Change{&StepHidden{Module: module, Step: step}}, nil
	})
}

// ShowStep shows a hidden step again.
func ShowStep(module, step string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if !e.StepHidden(module, step) {
			return nil, nil
		}
		return []Change{&StepShown{Module: module, Step: step}}, nil
	})
}

// StartModule makes a module of the program current; starting a completed
// module opens it again.
func StartModule(p *designer.Program, module string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if _, ok := p.Module(module); !ok {
			return nil, invalid("start module %q: not in the program", module)
		}
		if e.ModuleStatus(module) == StatusCurrent {
			return nil, nil
		}
		return []Change{&ModuleStarted{Module: module}}, nil
	})
}

// CompleteModule marks a current module completed.
func CompleteModule(module string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		switch e.ModuleStatus(module) {
		case StatusCompleted:
			return nil, nil
		case StatusUpcoming:
			return nil, invalid("complete module %q: not started", module)
		}
		return []Change{&ModuleCompleted{Module: module}}, nil
	})
}

// QueueModule puts a module back among the upcoming ones.
func QueueModule(module string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		if _, ok := e.Modules[module]; !ok {
			return nil, invalid("queue module %q: not in the enrolment", module)
		}
		if e.ModuleStatus(module) == StatusUpcoming {
			return nil, nil
		}
		return []Change{&ModuleQueued{Module: module}}, nil
	})
}
