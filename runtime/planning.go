package runtime

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Planning ("Planering"): meetings, events and activities the citizen and
// the clinicians note down, in a program with designer.FeaturePlanning.
// An item has an exact date (and, when known, a time) or an approximate
// one, early, in the middle or late in a month ("i början / i mitten /
// i slutet av"), which can be made exact later. It books nothing: it is a
// shared note of what is planned. Dates and times are local to
// Europe/Stockholm, as people write them, and stored as written
// ("2026-12-03", "14:00", "2026-12"), so a summer-time switch never moves
// them. Both sides add, change and remove items, as events on the
// enrolment's log; each keeps who created it and who last changed it. In
// maintenance and after the end none is written (CheckWrite).
//
// An item is generic, a kind and an optional link, so that other
// features (a video meeting's link, say) can use it.

func init() {
	register(func() Change { return new(PlanningItemAdded) })
	register(func() Change { return new(PlanningItemChanged) })
	register(func() Change { return new(PlanningItemRemoved) })
}

// The kinds of planned item.
const (
	PlanningMeeting  = "meeting"
	PlanningEvent    = "event"
	PlanningActivity = "activity"
)

// PlanningKinds lists the kinds, in the order forms offer them.
var PlanningKinds = []string{PlanningMeeting, PlanningEvent, PlanningActivity}

// The parts of a month an approximate date falls in.
const (
	PartEarly = "early" // i början av: days 1–10
	PartMid   = "mid"   // i mitten av: days 11–20
	PartLate  = "late"  // i slutet av: day 21 to the end
)

// MonthParts lists the parts, in order.
var MonthParts = []string{PartEarly, PartMid, PartLate}

// The precisions of an item's date.
const (
	PrecisionExact  = "exact"
	PrecisionApprox = "approx"
)

// Limits on planning.
const (
	// MaxPlanningItems is the most items an enrolment keeps.
	MaxPlanningItems = 300
	// MaxPlanningTitle is the longest title, MaxPlace the longest place.
	MaxPlanningTitle = 100
	MaxPlace         = 200
	// MaxPlanningNote is the longest note; MaxLink the longest link.
	MaxPlanningNote = 1000
	MaxLink         = 500
	// FirstPlanningYear and LastPlanningYear bound the years an item
	// may fall in, which catches a mistyped year.
	FirstPlanningYear = 2000
	LastPlanningYear  = 2099
)

// The layouts of local dates and times: a planning item's, and a plan's
// start date (activities.go).
const (
	DateLayout  = "2006-01-02"
	TimeLayout  = "15:04"
	MonthLayout = "2006-01"
)

// PlanningInput is an item as typed. Precision says which date fields
// count: PrecisionExact takes Date and the optional Time, PrecisionApprox
// Month and Part; the others are dropped.
type PlanningInput struct {
	Kind      string `json:"kind"`
	Title     string `json:"title"`
	Precision string `json:"precision"`
	Date      string `json:"date,omitempty"`
	Time      string `json:"time,omitempty"`
	Month     string `json:"month,omitempty"`
	Part      string `json:"part,omitempty"`
	Place     string `json:"place,omitempty"`
	Note      string `json:"note,omitempty"`
	// Link is an https address, e.g. of a video meeting.
	Link string `json:"link,omitempty"`
}

// Check returns the input trimmed, with only the date fields of its
// precision, or FieldErrors naming every field it refuses.
func (in PlanningInput) Check() (PlanningInput, error) {
	var c fieldCheck
	out := PlanningInput{Kind: strings.TrimSpace(in.Kind), Precision: strings.TrimSpace(in.Precision)}
	if !slices.Contains(PlanningKinds, out.Kind) {
		c.fail("kind", reasonOf(out.Kind))
	}
	out.Title = c.text("title", in.Title, MaxPlanningTitle, true)
	switch out.Precision {
	case PrecisionExact:
		out.Date = strings.TrimSpace(in.Date)
		if d, err := time.Parse(DateLayout, out.Date); err != nil || !planningYear(d) {
			c.fail("date", reasonOf(out.Date))
		}
		out.Time = strings.TrimSpace(in.Time)
		if out.Time != "" {
			if t, err := time.Parse(TimeLayout, out.Time); err != nil {
				c.fail("time", FieldInvalid)
			} else {
				out.Time = t.Format(TimeLayout) // "9:05" → "09:05"
			}
		}
	case PrecisionApprox:
		out.Month = strings.TrimSpace(in.Month)
		if m, err := time.Parse(MonthLayout, out.Month); err != nil || !planningYear(m) {
			c.fail("month", reasonOf(out.Month))
		}
		out.Part = strings.TrimSpace(in.Part)
		if !slices.Contains(MonthParts, out.Part) {
			c.fail("part", reasonOf(out.Part))
		}
	default:
		c.fail("precision", reasonOf(out.Precision))
	}
	out.Place = c.text("place", in.Place, MaxPlace, false)
	out.Note = c.long("note", in.Note, MaxPlanningNote, false)
	out.Link = c.text("link", in.Link, MaxLink, false)
	if out.Link != "" && len(out.Link) <= MaxLink && !httpsLink(out.Link) {
		c.fail("link", FieldInvalid)
	}
	return out, c.err()
}

// reasonOf is FieldRequired for an empty value, else FieldInvalid.
func reasonOf(v string) string {
	if v == "" {
		return FieldRequired
	}
	return FieldInvalid
}

func planningYear(t time.Time) bool {
	return t.Year() >= FirstPlanningYear && t.Year() <= LastPlanningYear
}

// httpsLink reports whether s is an absolute https address with a host
// and no user name or password.
func httpsLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme == "https" && u.Host != "" && u.User == nil && !strings.ContainsAny(s, " \t\n")
}

// PlanningItem is one planned item the enrolment keeps.
type PlanningItem struct {
	// ID is the sequence number of its PlanningItemAdded event.
	ID string `json:"id"`
	PlanningInput
	// Room is a video meeting's room id (video.go); "" for other items.
	Room string `json:"room,omitempty"`
	Stamp
}

func (it *PlanningItem) entryID() string { return it.ID }

// Exact reports whether the item has an exact date.
func (it *PlanningItem) Exact() bool { return it.Precision == PrecisionExact }

// YearMonth is the month the item falls in, "2006-01".
func (it *PlanningItem) YearMonth() string {
	if it.Exact() {
		return it.Date[:min(len(it.Date), len(MonthLayout))]
	}
	return it.Month
}

// sortKey orders items in time: an exact date by its day and time (a day
// without a time first), an approximate one at the start of its part of
// the month.
func (it *PlanningItem) sortKey() string {
	if it.Exact() {
		return it.Date + "T" + it.Time
	}
	day := map[string]string{PartEarly: "01", PartMid: "11", PartLate: "21"}[it.Part]
	return it.Month + "-" + day + "T"
}

// PlanningItem returns the item with the given id.
func (e *Enrolment) PlanningItem(id string) (*PlanningItem, bool) {
	return findEntry(e.Planning, id)
}

// PlanningItemAdded adds an item; its id is the event's sequence number.
type PlanningItemAdded struct {
	PlanningInput
}

// EventType returns "planning_item_added".
func (*PlanningItemAdded) EventType() string { return "planning_item_added" }

func (c *PlanningItemAdded) apply(e *Enrolment, ev Event) {
	e.Planning = append(e.Planning, &PlanningItem{ID: seqID(ev), PlanningInput: c.PlanningInput, Stamp: newStamp(ev)})
}

// PlanningItemChanged replaces what an item says, its date too.
type PlanningItemChanged struct {
	Item string `json:"item"`
	PlanningInput
}

// EventType returns "planning_item_changed".
func (*PlanningItemChanged) EventType() string { return "planning_item_changed" }

func (c *PlanningItemChanged) apply(e *Enrolment, ev Event) {
	if it, ok := e.PlanningItem(c.Item); ok {
		it.PlanningInput = c.PlanningInput
		it.changed(ev)
	}
}

// PlanningItemRemoved removes an item. Title is its title when it was
// removed, for the timeline.
type PlanningItemRemoved struct {
	Item  string `json:"item"`
	Title string `json:"title,omitempty"`
}

// EventType returns "planning_item_removed".
func (*PlanningItemRemoved) EventType() string { return "planning_item_removed" }

func (c *PlanningItemRemoved) apply(e *Enrolment, _ Event) {
	e.Planning = removeEntry(e.Planning, c.Item)
}

// planningWritable refuses planning in a program without it, in
// maintenance and after the end.
func planningWritable(p *designer.Program, e *Enrolment, what string) error {
	return entriesWritable(p, e, designer.FeaturePlanning, "planning", what)
}

// planningRoom refuses the decision what when the planning holds
// MaxPlanningItems already.
func planningRoom(e *Enrolment, what string) error {
	return entryRoom(len(e.Planning), MaxPlanningItems, "items", what)
}

// AddPlanningItem adds an item, checked by PlanningInput.Check, for the
// citizen or a clinician. Its id is the event's sequence number, e.Seq+1
// on the state it decides on.
func AddPlanningItem(p *designer.Program, in PlanningInput) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "add planning item"
		if err := planningWritable(p, e, what); err != nil {
			return nil, err
		}
		if err := planningRoom(e, what); err != nil {
			return nil, err
		}
		in, err := in.Check()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return []Change{&PlanningItemAdded{PlanningInput: in}}, nil
	})
}

// ChangePlanningItem replaces what item id says, as when an approximate
// date is made exact; the same again changes nothing.
func ChangePlanningItem(p *designer.Program, id string, in PlanningInput) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "change planning item"
		if err := planningWritable(p, e, what); err != nil {
			return nil, err
		}
		it, err := entryToWrite(e.Planning, id, what)
		if err != nil {
			return nil, err
		}
		if it.Video() {
			return nil, invalid("%s %s: a video meeting is removed and added anew", what, id)
		}
		in, err := in.Check()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", what, id, err)
		}
		if in == it.PlanningInput {
			return nil, nil
		}
		return []Change{&PlanningItemChanged{Item: id, PlanningInput: in}}, nil
	})
}

// RemovePlanningItem removes item id.
func RemovePlanningItem(p *designer.Program, id string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "remove planning item"
		if err := planningWritable(p, e, what); err != nil {
			return nil, err
		}
		it, err := entryToWrite(e.Planning, id, what)
		if err != nil {
			return nil, err
		}
		return []Change{&PlanningItemRemoved{Item: id, Title: it.Title}}, nil
	})
}

// PlanningMonths is what the planning page lists: the items of Months,
// in time order, and the nearest months before and after them that have
// items, "" when none.
type PlanningMonths struct {
	Months []PlanningMonth
	// Earlier is the latest month before the first shown that has an
	// item; Later the earliest after the last shown.
	Earlier, Later string
}

// PlanningMonth is one month of the list, "2006-01", and its items.
type PlanningMonth struct {
	Month string
	Items []*PlanningItem
}

// PlanningWindow returns the items of n months from the month from
// ("2006-01"), in time order, with the nearest earlier and later months
// that have any. A from that is not a month is an error wrapping
// ErrInvalid.
func (e *Enrolment) PlanningWindow(from string, n int) (PlanningMonths, error) {
	first, err := time.Parse(MonthLayout, from)
	if err != nil || !planningYear(first) {
		return PlanningMonths{}, invalid("planning: month %q", from)
	}
	var out PlanningMonths
	for i := range max(n, 1) {
		out.Months = append(out.Months, PlanningMonth{Month: first.AddDate(0, i, 0).Format(MonthLayout)})
	}
	last := out.Months[len(out.Months)-1].Month
	items := slices.Clone(e.Planning)
	slices.SortStableFunc(items, func(a, b *PlanningItem) int { return strings.Compare(a.sortKey(), b.sortKey()) })
	for _, it := range items {
		m := it.YearMonth()
		switch {
		case m < from:
			out.Earlier = m // the last one before wins: items are in order
		case m > last:
			if out.Later == "" {
				out.Later = m
			}
		default:
			for i := range out.Months {
				if out.Months[i].Month == m {
					out.Months[i].Items = append(out.Months[i].Items, it)
				}
			}
		}
	}
	return out, nil
}

// ThisMonth is t's month in Stockholm, "2006-01": where the planning
// page starts.
func ThisMonth(t time.Time) string { return t.In(Stockholm).Format(MonthLayout) }

// AddMonths returns month ("2006-01") moved n months, or "" for a month
// that does not parse.
func AddMonths(month string, n int) string {
	t, err := time.Parse(MonthLayout, month)
	if err != nil {
		return ""
	}
	return t.AddDate(0, n, 0).Format(MonthLayout)
}
