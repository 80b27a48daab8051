package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The timeline's filter: kinds, a date range or an ISO week, in local
// dates in Stockholm.

// TimelineFilter selects entries by kind and by local date in Stockholm.
// The zero filter selects everything.
type TimelineFilter struct {
	// Kinds are the kinds to keep; none keeps every kind.
	Kinds []TimelineKind
	// From and To are local dates (YYYY-MM-DD), both inclusive; empty
	// leaves that end open.
	From, To string
}

// Match reports whether the entry passes the filter.
func (f TimelineFilter) Match(en TimelineEntry) bool {
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, en.Kind) {
		return false
	}
	day := LocalDate(en.At)
	return (f.From == "" || day >= f.From) && (f.To == "" || day <= f.To)
}

// LocalDate is the date of t in Stockholm, as YYYY-MM-DD.
func LocalDate(t time.Time) string { return t.In(Stockholm).Format(time.DateOnly) }

// ParseTimelineFilter decodes a filter as the timeline page's form sends
// it: kinds, and either a week (ISO 8601, "2025-W09") or a date range
// (YYYY-MM-DD, either end may be empty). A week wins over the range.
func ParseTimelineFilter(kinds []string, from, to, week string) (TimelineFilter, error) {
	var f TimelineFilter
	for _, k := range kinds {
		if !slices.Contains(TimelineKinds, TimelineKind(k)) {
			return TimelineFilter{}, fmt.Errorf("timeline filter: unknown kind %q: %w", k, ErrInvalid)
		}
		f.Kinds = append(f.Kinds, TimelineKind(k))
	}
	if week = strings.TrimSpace(week); week != "" {
		mon, err := ISOWeekStart(week)
		if err != nil {
			return TimelineFilter{}, err
		}
		f.From, f.To = mon.Format(time.DateOnly), mon.AddDate(0, 0, 6).Format(time.DateOnly)
		return f, nil
	}
	for _, d := range []*string{&from, &to} {
		*d = strings.TrimSpace(*d)
		if *d == "" {
			continue
		}
		if _, err := time.Parse(time.DateOnly, *d); err != nil {
			return TimelineFilter{}, fmt.Errorf("timeline filter: date %q: %w", *d, ErrInvalid)
		}
	}
	if from != "" && to != "" && from > to {
		return TimelineFilter{}, fmt.Errorf("timeline filter: %s is after %s: %w", from, to, ErrInvalid)
	}
	f.From, f.To = from, to
	return f, nil
}

// ISOWeekStart returns the Monday of an ISO 8601 week written
// "YYYY-Www", as a date at midnight UTC (a calendar date, not an
// instant).
func ISOWeekStart(week string) (time.Time, error) {
	y, w, ok := strings.Cut(strings.ToUpper(week), "-W")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || year < 1 || n < 1 || n > 53 {
		return time.Time{}, fmt.Errorf("timeline filter: week %q: %w", week, ErrInvalid)
	}
	// 4 January is always in week 1.
	jan4 := time.Date(year, 1, 4, 0, 0, 0, 0, time.UTC)
	mon := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(n-1)*7)
	if _, got := mon.ISOWeek(); got != n {
		return time.Time{}, fmt.Errorf("timeline filter: week %q: no such week: %w", week, ErrInvalid)
	}
	return mon, nil
}
