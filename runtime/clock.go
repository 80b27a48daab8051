package runtime

import (
	"fmt"
	"sync"
	"time"

	// The zone database is embedded so that Stockholm loads on any
	// machine, a container without /usr/share/zoneinfo too.
	_ "time/tzdata"
)

// Time and the calendar: every time-based rule counts in local calendar
// days in Europe/Stockholm, so "7 days later" is the same clock time a
// week later even across the switches to and from summer time, and a
// daily delivery goes out in the local morning.

// Stockholm is Europe/Stockholm, the zone of every calendar rule.
var Stockholm = mustZone("Europe/Stockholm")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(fmt.Sprintf("load time zone %s: %v", name, err))
	}
	return loc
}

// MorningHour is the local hour (08:00) at which rules that fire on a
// day rather than at an instant fire: the program-ending and
// module-ending flags and, later, daily deliveries.
const MorningHour = 8

// AddDays returns t moved n local calendar days in Stockholm, at the same
// local clock time: from 12:00 on the Saturday before a switch, one day
// later is 12:00 on the Sunday, 23 or 25 hours on. A clock time that the
// switch skips (02:30 on the last Sunday of March) comes out an hour
// later, as time.Date normalises it.
func AddDays(t time.Time, n int) time.Time {
	l := t.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day()+n, l.Hour(), l.Minute(), l.Second(), l.Nanosecond(), Stockholm)
}

// Morning returns MorningHour:00 local time on t's local date.
func Morning(t time.Time) time.Time {
	l := t.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day(), MorningHour, 0, 0, 0, Stockholm)
}

// MorningOfDay returns the morning of day n counted from start, day 0
// being start's local date: the time a rule set for "day n" fires.
func MorningOfDay(start time.Time, n int) time.Time { return Morning(AddDays(start, n)) }

// DayNumber returns how many local calendar days t lies after start's
// local date: 0 on the start day, 1 the next, whatever the hours between.
func DayNumber(start, t time.Time) int {
	return int(localDate(t).Sub(localDate(start)) / (24 * time.Hour))
}

// localDate is t's local date as midnight UTC, so that dates subtract to
// whole days.
func localDate(t time.Time) time.Time {
	l := t.In(Stockholm)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// ManualClock is a clock that moves only when told, for tests and
// simulations: pass its Now where a service takes a Now func. It is safe
// for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock standing at t.
func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t} }

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, backwards too.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}

// Advance moves the clock d forward and returns the new time.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// AdvanceDays moves the clock n local calendar days forward (AddDays)
// and returns the new time.
func (c *ManualClock) AdvanceDays(n int) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = AddDays(c.now, n)
	return c.now
}

// OffsetClock returns a clock that runs d ahead of the real one (behind
// for a negative d), as the demo's clock offset moves time forward to
// show what the scheduler does after days or weeks.
func OffsetClock(d time.Duration) func() time.Time {
	return func() time.Time { return time.Now().Add(d) }
}
