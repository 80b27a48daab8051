package runtime

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Activity plans ("aktivitetsplaner"): the citizen registers answers to a
// plan's questions on a weekly schedule. A program's plans come from its
// bundle (designer.ActivityPlan with its form); the clinician reviews them,
// chooses which of the form's questions are asked, sets the schedule and
// switches them on and off, and may make a plan of simple questions for one
// citizen from scratch. Every plan of the program is in the enrolment from
// the start with the bundle's settings; the state keeps only what the
// clinician changed (PlanState) and the citizen's registrations.
//
// Occasions are counted in Stockholm local time. A plan's weeks run from
// the Monday of its start date's week; week k has occasions when k is a
// multiple of every_weeks, one on each weekday of the schedule at its time,
// none before the start date. An occasion's id is its local date and time,
// "2026-11-30T17:30".
//
// Registering is by the day, not the minute: an occasion opens at the
// start of its local day (an occasion later today can be registered now)
// and closes at the end of the local day grace_days after it. Before it
// opens it is ahead and refused (ErrOccasionAhead); after it closes it is
// refused (ErrOccasionClosed), and an unregistered occasion is missed. A
// second registration of one occasion within its window replaces the first,
// as a citizen correcting a wrong number expects; the log keeps both.
//
// Occasions count from the day the plan's current schedule took effect:
// the latest of its start date, the day it was switched on and the day its
// schedule (start, weekdays and times, every_weeks) last changed, so that
// a schedule changed today does not make last month's occasions missed.
// Registrations of earlier occasions stay.
// A plan switched off has no occasions; one switched on again counts anew.
// The end of the enrolment ends every plan's occasions; in maintenance
// and after the end nothing about activities can be changed.

func init() {
	register(func() Change { return new(ActivityPlanSet) })
	register(func() Change { return new(ActivityPlanSwitched) })
	register(func() Change { return new(ActivityRegistered) })
	register(func() Change { return new(ActivityCommented) })
}

// OccasionIDLayout is the layout of an activity occasion's id: its local
// date and time in Stockholm.
const OccasionIDLayout = "2006-01-02T15:04"

// PlanSettings are the settings of a plan a clinician chooses.
type PlanSettings struct {
	// Start is the plan's first day (DateLayout); empty means the
	// enrolment's start date.
	Start string `json:"start,omitempty"`
	// Times are the weekly occasions, one per weekday at most, Monday
	// first.
	Times      []designer.Occasion `json:"times"`
	EveryWeeks int                 `json:"every_weeks"`
	GraceDays  int                 `json:"grace_days"`
	// FlagMissed raises the program's activity_missed flags of the plan
	// ("flagga vid missat tillfälle").
	FlagMissed bool `json:"flag_missed,omitempty"`
	// Comments lets the citizen comment on an occasion ("tillåt
	// kommentarer").
	Comments bool `json:"comments,omitempty"`
	// Asked are the ids of the questions asked, in the form's order.
	Asked []string `json:"asked"`
}

// PlanState is what the clinician and the citizen changed of one plan.
type PlanState struct {
	// Custom is set for a plan made for this citizen; it has its own
	// Title, Description and Questions. A plan of the bundle has none.
	Custom      bool                 `json:"custom,omitempty"`
	Title       string               `json:"title,omitempty"`
	Description string               `json:"description,omitempty"`
	Questions   []*designer.Question `json:"questions,omitempty"`
	// Settings, when set, replace the bundle's; SetAt is when, and
	// RescheduledAt when the schedule (start, weekdays and times, every
	// weeks) last changed.
	Settings      *PlanSettings `json:"settings,omitempty"`
	SetAt         time.Time     `json:"set_at,omitzero"`
	RescheduledAt time.Time     `json:"rescheduled_at,omitzero"`
	// Switched is set once the clinician switched the plan on or off;
	// Active and SwitchedAt then say how and when.
	Switched   bool      `json:"switched,omitempty"`
	Active     bool      `json:"active,omitempty"`
	SwitchedAt time.Time `json:"switched_at,omitzero"`
	// Records are the occasions registered or commented on, by occasion
	// id in order.
	Records []*OccasionRecord `json:"records,omitempty"`
}

// OccasionRecord is what the citizen wrote for one occasion.
type OccasionRecord struct {
	Occasion string `json:"occasion"`
	// Answers are the registered answers, nil when only commented on;
	// FormVersion the version of the bundle form they were given on.
	Answers      map[string][]string `json:"answers,omitempty"`
	FormVersion  string              `json:"form_version,omitempty"`
	RegisteredAt time.Time           `json:"registered_at,omitzero"`
	// Edited is when the registration was last replaced.
	Edited    time.Time `json:"edited,omitzero"`
	Comment   string    `json:"comment,omitempty"`
	CommentAt time.Time `json:"comment_at,omitzero"`
	// Guardian is the guardian who registered for the child, if one did.
	Guardian string `json:"guardian,omitempty"`
}

// HasSettings reports whether the clinician saved settings of the plan;
// false for a nil state.
func (s *PlanState) HasSettings() bool { return s != nil && s.Settings != nil }

// Registered reports whether the occasion has answers.
func (r *OccasionRecord) Registered() bool { return !r.RegisteredAt.IsZero() }

func (s *PlanState) record(occasion string, create bool) *OccasionRecord {
	i, found := slices.BinarySearchFunc(s.Records, occasion, func(r *OccasionRecord, id string) int { return strings.Compare(r.Occasion, id) })
	if found {
		return s.Records[i]
	}
	if !create {
		return nil
	}
	r := &OccasionRecord{Occasion: occasion}
	s.Records = slices.Insert(s.Records, i, r)
	return r
}

func (e *Enrolment) planState(id string) *PlanState {
	if e.PlanStates == nil {
		e.PlanStates = map[string]*PlanState{}
	}
	s, ok := e.PlanStates[id]
	if !ok {
		s = &PlanState{}
		e.PlanStates[id] = s
	}
	return s
}

// ActivityPlanSet records a plan's settings as the clinician saved them;
// with Custom, it makes or edits a plan of the citizen's own.
type ActivityPlanSet struct {
	Plan        string               `json:"plan"`
	Custom      bool                 `json:"custom,omitempty"`
	Title       string               `json:"title,omitempty"`
	Description string               `json:"description,omitempty"`
	Questions   []*designer.Question `json:"questions,omitempty"`
	Settings    PlanSettings         `json:"settings"`
	// Reschedule says the schedule changed: occasions count anew from
	// the day of the event.
	Reschedule bool `json:"reschedule,omitempty"`
}

// EventType returns "activity_plan_set".
func (*ActivityPlanSet) EventType() string { return "activity_plan_set" }

func (c *ActivityPlanSet) apply(e *Enrolment, ev Event) {
	s := e.planState(c.Plan)
	if c.Custom {
		s.Custom, s.Title, s.Description, s.Questions = true, c.Title, c.Description, c.Questions
	}
	set := c.Settings
	s.Settings, s.SetAt = &set, ev.At
	if c.Reschedule {
		s.RescheduledAt = ev.At
	}
}

// ActivityPlanSwitched switches a plan on or off.
type ActivityPlanSwitched struct {
	Plan   string `json:"plan"`
	Active bool   `json:"active"`
}

// EventType returns "activity_plan_switched".
func (*ActivityPlanSwitched) EventType() string { return "activity_plan_switched" }

func (c *ActivityPlanSwitched) apply(e *Enrolment, ev Event) {
	s := e.planState(c.Plan)
	s.Switched, s.Active, s.SwitchedAt = true, c.Active, ev.At
}

// ActivityRegistered records the citizen's answers for an occasion; a
// second one for the same occasion replaces the first.
type ActivityRegistered struct {
	Plan        string              `json:"plan"`
	Occasion    string              `json:"occasion"`
	FormVersion string              `json:"form_version,omitempty"`
	Answers     map[string][]string `json:"answers"`
	Comment     string              `json:"comment,omitempty"`
	// ClearComment removes the occasion's comment: the citizen emptied
	// it in the registration form.
	ClearComment bool `json:"clear_comment,omitempty"`
}

// EventType returns "activity_registered".
func (*ActivityRegistered) EventType() string { return "activity_registered" }

func (c *ActivityRegistered) apply(e *Enrolment, ev Event) {
	r := e.planState(c.Plan).record(c.Occasion, true)
	if r.Registered() {
		r.Edited = ev.At
	} else {
		r.RegisteredAt = ev.At
	}
	r.Answers, r.FormVersion = c.Answers, c.FormVersion
	switch {
	case c.Comment != "":
		r.Comment, r.CommentAt = c.Comment, ev.At
	case c.ClearComment:
		r.Comment, r.CommentAt = "", time.Time{}
	}
	r.Guardian = ""
	if ev.Actor.Role == RoleGuardian {
		r.Guardian = ev.Actor.ID
	}
}

// ActivityCommented records the citizen's comment on an occasion,
// replacing an earlier one; an empty text removes it.
type ActivityCommented struct {
	Plan     string `json:"plan"`
	Occasion string `json:"occasion"`
	Text     string `json:"text"`
}

// EventType returns "activity_commented".
func (*ActivityCommented) EventType() string { return "activity_commented" }

func (c *ActivityCommented) apply(e *Enrolment, ev Event) {
	r := e.planState(c.Plan).record(c.Occasion, true)
	r.Comment, r.CommentAt = c.Text, ev.At
	if c.Text == "" {
		r.CommentAt = time.Time{}
	}
}

// Plan is one activity plan of an enrolment as it stands: the bundle's
// plan with what the clinician changed, or a plan of the citizen's own.
type Plan struct {
	ID          string
	Title       string
	Description string
	// Custom is set for a plan made for this citizen.
	Custom bool
	// Source is the bundle's plan; nil for a custom plan.
	Source *designer.ActivityPlan
	// AllQuestions are every question the plan can ask: its form's, or
	// the custom plan's. Form is the form of a registration: the
	// questions asked, with the bundle form's id, version and scores (a
	// custom plan's form has the plan's id).
	AllQuestions []*designer.Question
	Form         *designer.Form
	Settings     PlanSettings
	// Active says whether the plan is on; From is the first day
	// occasions count from (local midnight), zero when it is off.
	Active bool
	From   time.Time
	// MissedFlags are the program's activity_missed flags of the plan.
	MissedFlags []*designer.Flag
	// State is what the enrolment changed of it; nil when nothing.
	State *PlanState
	// until is when its occasions end: the enrolment's end, or zero.
	until time.Time
	// anchor is the plan's start date: its weeks count from the Monday
	// of that week.
	anchor time.Time
}

// Plans returns the enrolment's activity plans: the program's in its
// order, then the citizen's own in the order they were made.
func (e *Enrolment) Plans(p *designer.Program) []*Plan {
	var out []*Plan
	for _, ap := range p.ActivityPlans {
		if pl := e.bundlePlan(p, ap); pl != nil {
			out = append(out, pl)
		}
	}
	var custom []*Plan
	for id, s := range e.PlanStates {
		if s.Custom {
			custom = append(custom, e.customPlan(id, s))
		}
	}
	slices.SortFunc(custom, func(a, b *Plan) int { return customNumber(a.ID) - customNumber(b.ID) })
	return append(out, custom...)
}

// customNumber is the number of a plan made for the citizen: 3 for
// "egen-3", in the order they were made.
func customNumber(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, CustomPlanPrefix))
	return n
}

// Plan returns the enrolment's plan with the given id.
func (e *Enrolment) Plan(p *designer.Program, id string) (*Plan, bool) {
	if s, ok := e.PlanStates[id]; ok && s.Custom {
		return e.customPlan(id, s), true
	}
	if ap, ok := p.Plan(id); ok {
		if pl := e.bundlePlan(p, ap); pl != nil {
			return pl, true
		}
	}
	return nil, false
}

// bundlePlan is a plan of the program; nil when its form is missing,
// which the designer's validator does not let through.
func (e *Enrolment) bundlePlan(p *designer.Program, ap *designer.ActivityPlan) *Plan {
	f, ok := p.Form(ap.Form)
	if !ok {
		return nil
	}
	pl := &Plan{ID: ap.ID, Title: ap.Title, Description: ap.Description, Source: ap, AllQuestions: f.Questions, State: e.PlanStates[ap.ID]}
	for _, fl := range p.Flags {
		if fl.On == designer.TriggerActivityMissed && fl.Plan == ap.ID {
			pl.MissedFlags = append(pl.MissedFlags, fl)
		}
	}
	pl.Settings = PlanSettings{
		Times: planTimes(ap), EveryWeeks: max(ap.EveryWeeks, 1), GraceDays: ap.GraceDays,
		FlagMissed: len(pl.MissedFlags) > 0, Comments: ap.Comments,
	}
	for _, q := range f.Questions {
		pl.Settings.Asked = append(pl.Settings.Asked, q.ID)
	}
	active := ap.Active
	activeSince := e.StartedAt
	if s := pl.State; s != nil {
		if s.Settings != nil {
			pl.Settings = *s.Settings
		}
		if s.Switched {
			active, activeSince = s.Active, s.SwitchedAt
		}
	}
	form := *f
	form.Questions = askedOf(f.Questions, pl.Settings.Asked)
	pl.Form = &form
	e.settle(pl, active, activeSince)
	return pl
}

func (e *Enrolment) customPlan(id string, s *PlanState) *Plan {
	pl := &Plan{ID: id, Title: s.Title, Description: s.Description, Custom: true, AllQuestions: s.Questions, State: s}
	if s.Settings != nil {
		pl.Settings = *s.Settings
	}
	pl.Form = &designer.Form{ID: id, Title: s.Title, Questions: askedOf(s.Questions, pl.Settings.Asked)}
	// A custom plan is made off until the clinician switches it on.
	e.settle(pl, s.Switched && s.Active, s.SwitchedAt)
	return pl
}

// settle sets whether the plan is active and from which day it counts.
func (e *Enrolment) settle(pl *Plan, active bool, since time.Time) {
	pl.Active = active
	if e.Ended() {
		pl.until = e.EndedAt
	}
	pl.anchor = dayStart(e.StartedAt)
	if d, err := time.ParseInLocation(DateLayout, pl.Settings.Start, Stockholm); err == nil {
		pl.anchor = d
	}
	if !active {
		return
	}
	from := dayStart(e.StartedAt)
	if pl.anchor.After(from) {
		from = pl.anchor
	}
	if s := dayStart(since); s.After(from) {
		from = s
	}
	if pl.State != nil && !pl.State.RescheduledAt.IsZero() {
		if s := dayStart(pl.State.RescheduledAt); s.After(from) {
			from = s
		}
	}
	pl.From = from
}

// askedOf returns the questions whose ids are in asked, in their order.
func askedOf(qs []*designer.Question, asked []string) []*designer.Question {
	var out []*designer.Question
	for _, q := range qs {
		if slices.Contains(asked, q.ID) {
			out = append(out, q)
		}
	}
	return out
}

// clone returns a deep copy of s, for Enrolment.Clone. Questions are
// shared: nothing changes a question once it is recorded.
func (s *PlanState) clone() *PlanState {
	c := *s
	c.Questions = slices.Clone(s.Questions)
	if s.Settings != nil {
		set := *s.Settings
		set.Times, set.Asked = slices.Clone(set.Times), slices.Clone(set.Asked)
		c.Settings = &set
	}
	if s.Records != nil {
		c.Records = make([]*OccasionRecord, len(s.Records))
		for i, r := range s.Records {
			rc := *r
			rc.Answers = cloneAnswers(r.Answers)
			c.Records[i] = &rc
		}
	}
	return &c
}

// RecordForm is the form to read registrations with: the plan's form
// with the questions asked and those the records answered, so that an
// answer to a question no longer asked is still shown.
func (pl *Plan) RecordForm(recs ...*OccasionRecord) *designer.Form {
	f := *pl.Form
	f.Questions = nil
	for _, q := range pl.AllQuestions {
		use := slices.Contains(pl.Settings.Asked, q.ID)
		for _, r := range recs {
			use = use || len(r.Answers[q.ID]) > 0
		}
		if use {
			f.Questions = append(f.Questions, q)
		}
	}
	return &f
}
