package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Batteries ("skattningar"): sets of forms the citizen fills before the
// content opens, at the start and on a schedule. An occasion of a battery
// is one time it is given; while an occasion is due the program's content
// is closed (ContentOpen), and the step decisions refuse with
// ErrBatteryDue. Everything here is a pure function of the program, the
// enrolment's state and the time, so that the web, the scheduler and a
// simulation agree.
//
// Occasions are counted in local calendar days in Stockholm, day 0 being
// the start's local date. The `at_start` occasion opens at the start
// instant; an occasion of day n (`every_days`, `every_weeks`, `on_days`)
// opens at MorningHour on day n, the time the citizen is told of it and
// the time the other day-based rules fire, so that the content never
// closes in the night before the citizen could know why. An occasion of
// day 0 that is not `at_start` opens at the morning or the start,
// whichever is later. Repeats run from day `every` up to and including
// day `recommended_days` or, without it, without end. Two rules of one
// battery that fall on one day give one occasion.
//
// An occasion is filled when every one of its forms has a submission tied
// to it (FormSubmitted.Battery and Occasion). A newer occasion of the same
// battery supersedes an older one: the citizen fills only the latest, and
// an older one left unfilled is missed. No occasion is due in maintenance
// or after the end.

// ErrBatteryDue means the program's content is closed because a battery
// is due: the citizen fills its forms first. It wraps ErrInvalid.
var ErrBatteryDue = fmt.Errorf("a battery is due: %w", ErrInvalid)

// BatteryOccasion is one time a battery is given.
type BatteryOccasion struct {
	// Battery is the battery's id, Title its title.
	Battery string
	Title   string
	// Forms are the battery's forms, in the order they are filled in.
	Forms []string
	// Occasion names the occasion within the battery: "day-<n>"
	// (BatteryOccasionID). Submissions are tied to it.
	Occasion string
	// Day is the local day number counted from the start (day 0).
	Day int
	// Opens is when the occasion opens.
	Opens time.Time
}

// BatteryOccasionID names the occasion of a battery on day n.
func BatteryOccasionID(day int) string { return "day-" + strconv.Itoa(day) }

// batteryDays returns the days of a battery's occasions up to and
// including last, sorted and without repeats.
func batteryDays(b *designer.Battery, recommended, last int) []int {
	var days []int
	if b.AtStart {
		days = append(days, 0)
	}
	for _, d := range b.OnDays {
		if d >= 0 && d <= last {
			days = append(days, d)
		}
	}
	every := b.EveryDays
	if b.EveryWeeks > 0 {
		every = 7 * b.EveryWeeks
	}
	if every > 0 {
		end := last
		if recommended > 0 {
			end = min(end, recommended)
		}
		for d := every; d <= end; d += every {
			days = append(days, d)
		}
	}
	slices.Sort(days)
	return slices.Compact(days)
}

// batteryOpens is when a battery's occasion of day opens.
func batteryOpens(b *designer.Battery, startedAt time.Time, day int) time.Time {
	if day == 0 && b.AtStart {
		return startedAt
	}
	opens := MorningOfDay(startedAt, day)
	if opens.Before(startedAt) {
		return startedAt
	}
	return opens
}

// newOccasion is battery b's occasion of day d, opening at opens.
func newOccasion(b *designer.Battery, d int, opens time.Time) BatteryOccasion {
	return BatteryOccasion{
		Battery: b.ID, Title: b.Title, Forms: b.Forms,
		Occasion: BatteryOccasionID(d), Day: d, Opens: opens,
	}
}

// occasionsOf returns the occasions of one battery that open at or before
// until.
func occasionsOf(p *designer.Program, b *designer.Battery, startedAt, until time.Time) []BatteryOccasion {
	if until.Before(startedAt) {
		return nil
	}
	var out []BatteryOccasion
	for _, d := range batteryDays(b, p.RecommendedDays, DayNumber(startedAt, until)) {
		opens := batteryOpens(b, startedAt, d)
		if opens.After(until) {
			continue
		}
		out = append(out, newOccasion(b, d, opens))
	}
	return out
}

// BatteryOccasions returns the occasions of every battery of a program
// started at startedAt that open at or before until, in the order they
// open (batteries in program order on a tie). It does not know about
// maintenance or the end: an enrolment's state decides which are due
// (BatteryDue, BatteryHistory).
func BatteryOccasions(p *designer.Program, startedAt, until time.Time) []BatteryOccasion {
	var out []BatteryOccasion
	for _, b := range p.Batteries {
		out = append(out, occasionsOf(p, b, startedAt, until)...)
	}
	slices.SortStableFunc(out, func(a, b BatteryOccasion) int { return a.Opens.Compare(b.Opens) })
	return out
}

// NextBatteryOccasion returns the first occasion of battery b that opens
// after after, for a program started at startedAt. ok is false when there
// is none (a battery without repeats, or past recommended_days).
func NextBatteryOccasion(p *designer.Program, b *designer.Battery, startedAt, after time.Time) (o BatteryOccasion, ok bool) {
	// The next occasion lies at most one period, or the last on_day,
	// beyond after.
	horizon := DayNumber(startedAt, after) + 1 + max(b.EveryDays, 7*b.EveryWeeks)
	for _, d := range b.OnDays {
		horizon = max(horizon, d)
	}
	for _, o := range occasionsOf(p, b, startedAt, MorningOfDay(startedAt, horizon+1)) {
		if o.Opens.After(after) {
			return o, true
		}
	}
	return BatteryOccasion{}, false
}

// of tells whether the submission fills a form of a battery's occasion.
func (s *Submission) of(battery, occasion string) bool {
	return s.Battery == battery && s.Occasion == occasion
}

// BatteryFilled returns when each form of a battery's occasion was filled,
// by form id; a form not yet filled is missing.
func (e *Enrolment) BatteryFilled(battery, occasion string) map[string]time.Time {
	filled := map[string]time.Time{}
	for _, s := range e.Submissions {
		if s.of(battery, occasion) {
			if _, ok := filled[s.Form]; !ok {
				filled[s.Form] = s.SubmittedAt
			}
		}
	}
	return filled
}

// formsLeft returns the forms of an occasion not yet filled, in order. It
// is BatteryFilled's question without the map, as every overview asks it.
func (e *Enrolment) formsLeft(o BatteryOccasion) []string {
	var small [8]bool
	filled := small[:]
	if len(o.Forms) > len(small) {
		filled = make([]bool, len(o.Forms))
	}
	for _, s := range e.Submissions {
		if s.of(o.Battery, o.Occasion) {
			if i := slices.Index(o.Forms, s.Form); i >= 0 {
				filled[i] = true
			}
		}
	}
	var left []string
	for i, f := range o.Forms {
		if !filled[i] {
			left = append(left, f)
		}
	}
	return left
}

// latestOccasion returns the latest occasion of one battery that opens at
// or before until: occasionsOf's last, without making the others.
func latestOccasion(p *designer.Program, b *designer.Battery, startedAt, until time.Time) (BatteryOccasion, bool) {
	if until.Before(startedAt) {
		return BatteryOccasion{}, false
	}
	days := batteryDays(b, p.RecommendedDays, DayNumber(startedAt, until))
	for i := len(days) - 1; i >= 0; i-- {
		d := days[i]
		if opens := batteryOpens(b, startedAt, d); !opens.After(until) {
			return newOccasion(b, d, opens), true
		}
	}
	return BatteryOccasion{}, false
}

// dueOccasions returns, for each battery, its latest occasion opened at
// or before now with forms left, and those forms; the earliest opened
// first. None in maintenance or after the end.
func (e *Enrolment) dueOccasions(p *designer.Program, now time.Time) ([]BatteryOccasion, [][]string) {
	if e.Ended() || e.Maintenance || e.StartedAt.IsZero() {
		return nil, nil
	}
	var due []BatteryOccasion
	var left [][]string
	for _, b := range p.Batteries {
		latest, ok := latestOccasion(p, b, e.StartedAt, now)
		if !ok {
			continue
		}
		if l := e.formsLeft(latest); len(l) > 0 {
			due, left = append(due, latest), append(left, l)
		}
	}
	return due, left
}

// BatteryDue returns the battery occasion the citizen is to fill now and
// the forms of it left, in order; nil when none is due. With several
// batteries due at once, the one opened first comes first (batteries in
// program order on a tie). Only a battery's latest occasion can be due:
// a newer one supersedes an unfilled older one. None is due in
// maintenance or after the end.
func (e *Enrolment) BatteryDue(p *designer.Program, now time.Time) (*BatteryOccasion, []string) {
	due, left := e.dueOccasions(p, now)
	if len(due) == 0 {
		return nil, nil
	}
	first := 0
	for i := range due {
		if due[i].Opens.Before(due[first].Opens) {
			first = i
		}
	}
	return &due[first], left[first]
}

// ContentOpen returns nil when the citizen may open the program's content
// at now, and else an error wrapping ErrBatteryDue that names the battery
// due. OpenStep and the decisions on a step's form ask it, and the pages
// before them, so both refuse alike.
func (e *Enrolment) ContentOpen(p *designer.Program, now time.Time) error {
	if o, _ := e.BatteryDue(p, now); o != nil {
		return fmt.Errorf("battery %s %s: %w", o.Battery, o.Occasion, ErrBatteryDue)
	}
	return nil
}

// Battery occasion states, as the clinician sees them (BatteryHistory).
const (
	// OccasionDue is the occasion the citizen is to fill now.
	OccasionDue = "due"
	// OccasionFilled has every form filled.
	OccasionFilled = "filled"
	// OccasionMissed was left unfilled: a newer occasion superseded it,
	// or maintenance or the end came first.
	OccasionMissed = "missed"
)

// BatteryOccasionState is a battery occasion with how far it was filled.
type BatteryOccasionState struct {
	BatteryOccasion
	// State is OccasionDue, OccasionFilled or OccasionMissed.
	State string
	// Filled maps the forms filled to when; FilledAt is when the last of
	// them was, for a filled occasion.
	Filled   map[string]time.Time
	FilledAt time.Time
}

// BatteryHistory returns every occasion of the program's batteries opened
// at or before now (or before the end, for an ended enrolment), in the
// order they opened, with its state.
func (e *Enrolment) BatteryHistory(p *designer.Program, now time.Time) []BatteryOccasionState {
	if e.StartedAt.IsZero() {
		return nil
	}
	until := now
	if e.Ended() && e.EndedAt.Before(until) {
		until = e.EndedAt
	}
	due, _ := e.dueOccasions(p, now)
	var out []BatteryOccasionState
	for _, o := range BatteryOccasions(p, e.StartedAt, until) {
		st := BatteryOccasionState{BatteryOccasion: o, State: OccasionMissed, Filled: e.BatteryFilled(o.Battery, o.Occasion)}
		switch {
		case len(e.formsLeft(o)) == 0:
			st.State = OccasionFilled
			for _, at := range st.Filled {
				if at.After(st.FilledAt) {
					st.FilledAt = at
				}
			}
		case slices.ContainsFunc(due, func(d BatteryOccasion) bool { return d.Battery == o.Battery && d.Occasion == o.Occasion }):
			st.State = OccasionDue
		}
		out = append(out, st)
	}
	return out
}

// SubmitBattery submits the answers to a form of the battery occasion due
// at now, tied to that occasion, and in the same append raises the flags
// on that form that ask for a review, as Submit does. The form must be
// one of the occasion's forms still left; any of them may come first.
// Like every citizen's write it is refused in maintenance and after the
// end, when no battery is due either.
func SubmitBattery(p *designer.Program, battery, form string, answers map[string][]string, now time.Time) Decision {
	return func(e *Enrolment) ([]Change, error) {
		d := decision(func(e *Enrolment) ([]Change, error) {
			if err := e.CheckWrite(); err != nil {
				return nil, fmt.Errorf("submit battery %s form %q: %w", battery, form, err)
			}
			due, left := e.dueOccasions(p, now)
			i := slices.IndexFunc(due, func(o BatteryOccasion) bool { return o.Battery == battery })
			if i < 0 {
				return nil, invalid("submit battery %s: not due", battery)
			}
			if !slices.Contains(left[i], form) {
				return nil, invalid("submit battery %s form %q: not a form left of %s", battery, form, due[i].Occasion)
			}
			f, ok := p.Form(form)
			if !ok {
				return nil, invalid("submit battery %s form %q: not in the program", battery, form)
			}
			if err := checkAnswers(f, answers); err != nil {
				return nil, err
			}
			if _, err := checkFormText(f, answers); err != nil {
				return nil, fmt.Errorf("submit battery %s form %q: %w", battery, form, err)
			}
			return []Change{&FormSubmitted{Form: f.ID, Version: f.Version, Answers: answers, Battery: battery, Occasion: due[i].Occasion}}, nil
		})
		f, ok := p.Form(form)
		if !ok {
			return d(e)
		}
		// The submission's id is the sequence number of its event, the
		// next one in the log.
		sub := strconv.FormatInt(e.Seq+1, 10)
		ds := []Decision{d}
		for _, fl := range FlagsOnSubmit(p, f, answers) {
			if fl.Review {
				ds = append(ds, RaiseFlag(p, fl.ID, sub))
			}
		}
		return Then(ds...)(e)
	}
}

// batteryOf returns the program's battery with the given id.
func batteryOf(p *designer.Program, id string) (*designer.Battery, bool) {
	i := slices.IndexFunc(p.Batteries, func(b *designer.Battery) bool { return b.ID == id })
	if i < 0 {
		return nil, false
	}
	return p.Batteries[i], true
}
