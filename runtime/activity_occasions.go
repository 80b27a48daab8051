package runtime

// The occasions of an activity plan (activities.go): when each opens and
// closes in Stockholm local time, which are open now, and what became of
// each (registered, missed, open).

import (
	"slices"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// ActivityOccasion is one occasion of a plan.
type ActivityOccasion struct {
	Plan string
	// ID is the local date and time (OccasionIDLayout).
	ID string
	// At is the occasion's time; Opens the start of its local day;
	// Closes the end of the local day GraceDays later.
	At, Opens, Closes time.Time
}

// Open reports whether the occasion can be registered at now.
func (o ActivityOccasion) Open(now time.Time) bool {
	return !now.Before(o.Opens) && now.Before(o.Closes)
}

// weekdayIndex maps a weekday key (mon … sun) to 0 … 6.
func weekdayIndex(wd string) int { return slices.Index(designer.Weekdays, wd) }

// occasionOn returns the plan's occasion on the local day d (midnight),
// when the schedule has one there, ignoring From.
func (pl *Plan) occasionOn(d time.Time) (ActivityOccasion, bool) {
	wd := (int(d.Weekday()) + 6) % 7 // Monday 0
	i := slices.IndexFunc(pl.Settings.Times, func(o designer.Occasion) bool { return weekdayIndex(o.Weekday) == wd })
	if i < 0 {
		return ActivityOccasion{}, false
	}
	every := max(pl.Settings.EveryWeeks, 1)
	monday0 := AddDays(pl.anchor, -((int(pl.anchor.Weekday()) + 6) % 7))
	if week := DayNumber(monday0, d) / 7; week%every != 0 {
		return ActivityOccasion{}, false
	}
	hh, mm, ok := parseClock(pl.Settings.Times[i].Time)
	if !ok {
		return ActivityOccasion{}, false
	}
	at := time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, Stockholm)
	return ActivityOccasion{
		Plan: pl.ID, ID: at.In(Stockholm).Format(OccasionIDLayout), At: at,
		Opens: d, Closes: AddDays(d, pl.Settings.GraceDays+1),
	}, true
}

// parseClock parses HH:MM.
func parseClock(s string) (hh, mm int, ok bool) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// Occasions returns the plan's occasions on the local days from the day
// of from to the day of until, both included, in order; none before the
// plan's first day, after the enrolment's end, or while it is off. It
// walks the plan's weeks, not every day, as a year of history is read on
// every results page.
func (pl *Plan) Occasions(from, until time.Time) []ActivityOccasion {
	if !pl.Active || pl.From.IsZero() {
		return nil
	}
	if !pl.until.IsZero() && pl.until.Before(until) {
		until = pl.until
	}
	first := dayStart(from)
	if first.Before(pl.From) {
		first = pl.From
	}
	last := dayStart(until)
	if first.After(last) {
		return nil
	}
	type slot struct{ day, hh, mm int }
	var slots []slot
	for _, o := range pl.Settings.Times {
		hh, mm, ok := parseClock(o.Time)
		if wd := weekdayIndex(o.Weekday); ok && wd >= 0 {
			slots = append(slots, slot{wd, hh, mm})
		}
	}
	slices.SortFunc(slots, func(a, b slot) int { return a.day - b.day })
	every := max(pl.Settings.EveryWeeks, 1)
	monday0 := AddDays(pl.anchor, -((int(pl.anchor.Weekday()) + 6) % 7))
	week := max(DayNumber(monday0, first)/7, 0)
	week -= week % every
	var out []ActivityOccasion
	for ; ; week += every {
		monday := AddDays(monday0, 7*week)
		if monday.After(last) {
			break
		}
		for _, sl := range slots {
			d := AddDays(monday, sl.day)
			if d.Before(first) || d.After(last) || (!pl.until.IsZero() && !d.Before(pl.until)) {
				continue
			}
			at := time.Date(d.Year(), d.Month(), d.Day(), sl.hh, sl.mm, 0, 0, Stockholm)
			out = append(out, ActivityOccasion{
				Plan: pl.ID, ID: at.In(Stockholm).Format(OccasionIDLayout), At: at,
				Opens: d, Closes: AddDays(d, pl.Settings.GraceDays+1),
			})
		}
	}
	return out
}

// Occasion returns the plan's occasion with the given id, when the plan
// has one by its current settings.
func (pl *Plan) Occasion(id string) (ActivityOccasion, bool) {
	at, err := time.ParseInLocation(OccasionIDLayout, id, Stockholm)
	if err != nil || !pl.Active || dayStart(at).Before(pl.From) {
		return ActivityOccasion{}, false
	}
	if !pl.until.IsZero() && !dayStart(at).Before(pl.until) {
		return ActivityOccasion{}, false
	}
	o, ok := pl.occasionOn(dayStart(at))
	if !ok || o.ID != id {
		return ActivityOccasion{}, false
	}
	return o, true
}

// NextClose returns the earliest time after after at which an occasion
// of the plan closes; ok is false when none will.
func (pl *Plan) NextClose(after time.Time) (time.Time, bool) {
	// An occasion closing after after lies at most grace days before it,
	// and the next at most every_weeks weeks after it or the plan's
	// first day.
	for _, o := range pl.occasionsAround(AddDays(after, -pl.Settings.GraceDays-1)) {
		if o.Closes.After(after) {
			return o.Closes, true
		}
	}
	return time.Time{}, false
}

// NextOccasion returns the plan's first occasion on a day after after's;
// ok is false when there is none.
func (pl *Plan) NextOccasion(after time.Time) (ActivityOccasion, bool) {
	os := pl.occasionsAround(AddDays(after, 1))
	if len(os) == 0 {
		return ActivityOccasion{}, false
	}
	return os[0], true
}

// occasionsAround returns the occasions from the day of from, or the
// plan's first day when that is later, over as many weeks as hold at
// least one occasion and its grace days.
func (pl *Plan) occasionsAround(from time.Time) []ActivityOccasion {
	if pl.From.After(from) {
		from = pl.From
	}
	return pl.Occasions(from, AddDays(from, 7*max(pl.Settings.EveryWeeks, 1)+pl.Settings.GraceDays+8))
}

// Record returns what the citizen wrote for an occasion, or nil.
func (pl *Plan) Record(occasion string) *OccasionRecord {
	if pl.State == nil {
		return nil
	}
	return pl.State.record(occasion, false)
}

// Occasion states, as the citizen and the clinician see them.
const (
	ActivityRegisteredState = "registered"
	ActivityOpenState       = "open"
	ActivityMissedState     = "missed"
)

// OccasionState is an occasion with what became of it.
type OccasionState struct {
	ActivityOccasion
	// State is ActivityRegisteredState, ActivityOpenState or
	// ActivityMissedState.
	State  string
	Record *OccasionRecord
}

// History returns the plan's occasions that have opened by now, newest
// first, each with its state, and the registrations and comments of
// occasions the current settings no longer have.
func (pl *Plan) History(now time.Time) []OccasionState {
	var out []OccasionState
	seen := map[string]bool{}
	if !pl.From.IsZero() {
		for _, o := range pl.Occasions(pl.From, now) {
			st := OccasionState{ActivityOccasion: o, Record: pl.Record(o.ID)}
			switch {
			case st.Record != nil && st.Record.Registered():
				st.State = ActivityRegisteredState
			case o.Open(now):
				st.State = ActivityOpenState
			default:
				st.State = ActivityMissedState
			}
			seen[o.ID] = true
			out = append(out, st)
		}
	}
	if pl.State != nil {
		for _, r := range pl.State.Records {
			if seen[r.Occasion] {
				continue
			}
			at, err := time.ParseInLocation(OccasionIDLayout, r.Occasion, Stockholm)
			if err != nil {
				continue
			}
			st := OccasionState{ActivityOccasion: ActivityOccasion{Plan: pl.ID, ID: r.Occasion, At: at, Opens: dayStart(at), Closes: dayStart(at)}, Record: r, State: ActivityMissedState}
			if r.Registered() {
				st.State = ActivityRegisteredState
			}
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b OccasionState) int { return b.At.Compare(a.At) })
	return out
}

// Open returns the occasions the citizen can register at now, oldest
// first: today's and those still within their grace days.
func (pl *Plan) Open(now time.Time) []ActivityOccasion {
	var out []ActivityOccasion
	for _, o := range pl.Occasions(AddDays(now, -pl.Settings.GraceDays-1), now) {
		if o.Open(now) {
			out = append(out, o)
		}
	}
	return out
}

// planTimes are a bundle plan's weekly times, Monday first.
func planTimes(ap *designer.ActivityPlan) []designer.Occasion {
	if len(ap.Occasions) > 0 || len(ap.Times) == 0 {
		return slices.Clone(ap.Occasions)
	}
	var out []designer.Occasion
	for _, wd := range designer.Weekdays {
		if t, ok := ap.Times[wd]; ok {
			out = append(out, designer.Occasion{Weekday: wd, Time: t})
		}
	}
	return out
}

// dayStart is the local midnight that starts t's day in Stockholm.
func dayStart(t time.Time) time.Time {
	l := t.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, Stockholm)
}
