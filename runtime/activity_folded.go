package runtime

import (
	"time"
)

// Old bookkeeping folded into a digest. A visit and a step's opening only
// move LastActive and the step's Opened record, and nothing else in the
// fold reads them, so once they are older than ActivityRetention a
// compaction may replace them, within one stretch of the log, by one
// ActivityFolded event that carries their effect: the state folded from
// the log stays the same, and the timeline shows one sentence with their
// counts instead of an entry each. Every other event stays as it was,
// with its sequence number; the digest takes the sequence number of the
// first event it stands for and names the last (Through), and Apply lets
// the log skip the numbers of the events it stands for up to there. The
// access log, a log of its own, is not touched.

func init() {
	register(func() Change { return new(ActivityFolded) })
}

// ActivityRetention is how long the timeline shows each visit and step
// opening on its own; older ones may be folded into an ActivityFolded.
const ActivityRetention = 90 * 24 * time.Hour

// ActivityFolded stands for the citizen's visits and step openings with
// sequence numbers from its own to Through that compaction folded out of
// the log (FoldActivity). The events between that are not visits or
// openings are still in the log.
type ActivityFolded struct {
	// Through is the sequence number of the last event folded.
	Through int64 `json:"through"`
	// Last is the time of the last event folded (the digest's own time is
	// the first's).
	Last   time.Time `json:"last"`
	Visits int       `json:"visits,omitempty"`
	// Opened holds the openings folded, by StepKey.
	Opened map[string]FoldedOpenings `json:"opened,omitempty"`
}

// FoldedOpenings are the openings of one step that an ActivityFolded
// stands for: the first and the last, in Unix milliseconds as events
// store their times, and how many.
type FoldedOpenings struct {
	First int64 `json:"f"`
	Last  int64 `json:"l"`
	Count int   `json:"n"`
}

// EventType returns "activity_folded".
func (*ActivityFolded) EventType() string { return "activity_folded" }

func (c *ActivityFolded) apply(e *Enrolment, _ Event) {
	for k, f := range c.Opened {
		if e.Opened == nil {
			e.Opened = map[string]*Opened{}
		}
		first, last := time.UnixMilli(f.First).UTC(), time.UnixMilli(f.Last).UTC()
		o, ok := e.Opened[k]
		if !ok {
			o = &Opened{First: first, Last: last}
			e.Opened[k] = o
		}
		if first.Before(o.First) {
			o.First = first
		}
		if last.After(o.Last) {
			o.Last = last
		}
		o.Count += f.Count
	}
	if c.Last.After(e.LastActive) {
		e.LastActive = c.Last
	}
	e.foldedThrough = c.Through
}

// Openings returns how many step openings the digest stands for.
func (c *ActivityFolded) Openings() int {
	n := 0
	for _, o := range c.Opened {
		n += o.Count
	}
	return n
}

// foldable reports whether ev is bookkeeping that FoldActivity may fold:
// a visit or a step's opening by the citizen (or a guardian), before.
func foldable(ev Event, before time.Time) bool {
	return (ev.Type == (&Visited{}).EventType() || ev.Type == (&StepOpened{}).EventType()) &&
		ev.Actor.ActsAsCitizen() && ev.At.Before(before)
}

// FoldActivity folds the visits and step openings older than before in a
// stretch of the log, events in order, into one ActivityFolded at the
// place of the first of them, and returns the stretch with it; it reports
// false, and returns events as they are, when there are fewer than two to
// fold. Folding the result again changes nothing.
func FoldActivity(events []Event, before time.Time) ([]Event, bool, error) {
	n := 0
	for _, ev := range events {
		if foldable(ev, before) {
			n++
		}
	}
	if n < 2 {
		return events, false, nil
	}
	out := make([]Event, 0, len(events)-n+1)
	digest := &ActivityFolded{}
	at := -1
	var first Event
	for _, ev := range events {
		if !foldable(ev, before) {
			out = append(out, ev)
			continue
		}
		c, err := ev.Change()
		if err != nil {
			return nil, false, err
		}
		if at < 0 {
			at, first = len(out), ev
			out = append(out, Event{}) // the digest's place
		}
		digest.Through = ev.Seq
		if ev.At.After(digest.Last) {
			digest.Last = ev.At
		}
		switch c := c.(type) {
		case *Visited:
			digest.Visits++
		case *StepOpened:
			if digest.Opened == nil {
				digest.Opened = map[string]FoldedOpenings{}
			}
			k, at := StepKey(c.Module, c.Step), ev.At.UnixMilli()
			o, ok := digest.Opened[k]
			if !ok {
				o = FoldedOpenings{First: at, Last: at}
			}
			o.First, o.Last = min(o.First, at), max(o.Last, at)
			o.Count++
			digest.Opened[k] = o
		}
	}
	ev, err := NewEvent(first.At, first.Actor, digest)
	if err != nil {
		return nil, false, err
	}
	ev.Seq = first.Seq
	out[at] = ev
	return out, true, nil
}
