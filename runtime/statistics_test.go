package runtime

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"
)

// pagedSummaries is a SummaryStore of a fixed set of summaries that
// serves each unit's EveryList in pages of two, and counts the pages.
type pagedSummaries struct {
	SummaryStore
	ss    []Summary
	pages int
}

func (p *pagedSummaries) Summaries(ctx context.Context, q PageQuery) (*SummaryPage, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if q.List.Kind != ListEvery {
		return nil, fmt.Errorf("list %s: %w", q.List, ErrInvalid)
	}
	var of []Summary
	for _, s := range p.ss {
		if q.List.Match(&s) {
			of = append(of, s)
		}
	}
	from := 0
	if q.Cursor != "" {
		from, _ = strconv.Atoi(q.Cursor)
	}
	to := min(from+2, len(of))
	page := &SummaryPage{Summaries: of[from:to], Offset: from, Total: len(of)}
	if to < len(of) {
		page.Next = strconv.Itoa(to)
	}
	p.pages++
	return page, nil
}

// statDay is a day of 2026 in UTC.
func statDay(month time.Month, day int) time.Time {
	return time.Date(2026, month, day, 12, 0, 0, 0, time.UTC)
}

func TestStatisticsFigures(t *testing.T) {
	now := statDay(6, 15)
	sum := func(id, unit, program string, start time.Time, end time.Time, reason string) Summary {
		s := Summary{ID: id, Unit: unit, Program: program, StartedAt: start, Status: StatusOngoing}
		if !end.IsZero() {
			s.Status, s.EndedAt, s.EndReason = StatusEnded, end, reason
		}
		return s
	}
	var ss []Summary
	// Unit a, program p: 6 started in March, 3 of them ended completed in
	// May after 61 days, 2 ended discontinued in June after 101 days.
	for i := range 6 {
		var end time.Time
		reason := ""
		switch {
		case i < 3:
			end, reason = statDay(3, 1).AddDate(0, 0, 61), EndCompleted
		case i < 5:
			end, reason = statDay(3, 1).AddDate(0, 0, 101), EndDiscontinued
		}
		ss = append(ss, sum(fmt.Sprint("a", i), "a", "p", statDay(3, 1), end, reason))
	}
	// Unit b, program p: 2 started in April, one in maintenance; and one
	// of a unit not in the directory, which is left out.
	ss = append(ss, sum("b0", "b", "p", statDay(4, 2), time.Time{}, ""), sum("b1", "b", "p", statDay(4, 3), time.Time{}, ""))
	ss[len(ss)-1].Status = StatusMaintenance
	ss = append(ss, sum("x0", "x", "p", statDay(4, 2), time.Time{}, ""))
	// Started before the period and still running.
	ss = append(ss, sum("old", "a", "q", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{}, ""))
	store := &pagedSummaries{ss: ss}
	staff := []Staff{
		{ID: "s1", Roles: map[string][]Role{"a": {RoleClinician}}},
		{ID: "s2", Roles: map[string][]Role{"a": {RoleClinician}, "b": {RoleClinician}}},
		{ID: "s3", Roles: map[string][]Role{"b": {RoleUnitAdmin}}},
		{ID: "s4", Roles: map[string][]Role{"a": {RoleDataAdmin}}},
		{ID: "s5", Roles: map[string][]Role{"b": {RoleCitizenAdmin}}},
		{ID: "s6", Roles: map[string][]Role{"x": {RoleClinician}}},
		{ID: "s7"},
	}
	st, err := ComputeStatistics(context.Background(), store, StatisticsInput{Units: []Unit{{ID: "a"}, {ID: "b"}}, Staff: staff, Now: now, Zone: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if store.pages < 5 {
		t.Errorf("walked %d pages, want the lists page by page", store.pages)
	}
	if len(st.Months) != StatisticsMonths || !st.Months[11].Equal(time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)) || !st.Months[0].Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("months %v", st.Months)
	}
	mar, apr, may, jun := 8, 9, 10, 11
	reg := &st.Region
	for _, c := range []struct {
		name string
		got  int
		want int
	}{
		{"region staff", reg.Staff.N, 5},
		{"unit a staff", st.Unit("a").Staff.N, 3},
		{"unit b staff", st.Unit("b").Staff.N, 3},
		{"ongoing end of Feb", reg.Months[mar-1].Ongoing.N, 1},
		{"ongoing end of Mar", reg.Months[mar].Ongoing.N, 7},
		{"ongoing end of Apr", reg.Months[apr].Ongoing.N, 9},
		{"ongoing end of May", reg.Months[may].Ongoing.N, 6},
		{"ongoing now", reg.Months[jun].Ongoing.N, 4},
		{"started Mar", reg.Months[mar].Started.N, 6},
		{"started Apr", reg.Months[apr].Started.N, 2},
		{"ended May", reg.Months[may].Ended.N, 3},
		{"ended Jun", reg.Months[jun].Ended.N, 2},
		{"started period", reg.Started.N, 8},
		{"ended period", reg.Ended.N, 5},
		{"completed", reg.Completed.N, 3},
		{"not completed", reg.NotCompleted.N, 2},
		{"programs", len(st.Programs), 2},
		{"unit programs", len(st.UnitPrograms), 3},
		{"program p started", st.Programs[0].Started.N, 8},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if reg.MedianDays != 61 {
		t.Errorf("median = %v, want 61", reg.MedianDays)
	}
	// 3 completed and 2 not: the share tells about fewer than 5 people.
	if reg.ShareShown() || !reg.Completed.Suppressed || !reg.NotCompleted.Suppressed {
		t.Errorf("share shown: completed %+v, not %+v", reg.Completed, reg.NotCompleted)
	}
	if !reg.MedianShown() || !reg.Ended.Shown() {
		t.Errorf("median of 5 hidden: ended %+v", reg.Ended)
	}
	if !reg.Staff.Shown() || st.Unit("a").Staff.Shown() {
		t.Errorf("staff: region %+v, unit a %+v", reg.Staff, st.Unit("a").Staff)
	}
}

func TestMedianOf(t *testing.T) {
	for _, c := range []struct {
		counts map[int]int
		want   float64
	}{
		{map[int]int{}, 0},
		{map[int]int{7: 1}, 7},
		{map[int]int{1: 1, 3: 1}, 2},
		{map[int]int{1: 2, 9: 1}, 1},
		{map[int]int{1: 1, 4: 1, 10: 2}, 7},
		{map[int]int{5: 3, 6: 3}, 5.5},
	} {
		if got := medianOf(c.counts); got != c.want {
			t.Errorf("medianOf(%v) = %v, want %v", c.counts, got, c.want)
		}
	}
}

// TestProtect checks the suppression of one group: a total (first) and
// its parts.
func TestProtect(t *testing.T) {
	for _, c := range []struct {
		name string
		ns   []int
		want string // s for a suppressed cell, . for a shown one
	}{
		{"all large", []int{20, 10, 10}, "..."},
		// The subtraction attack: 12 − 8 would tell the 4.
		{"one small part", []int{12, 8, 4}, ".ss"},
		{"two small parts adding up to 5 or more", []int{16, 10, 3, 3}, "..ss"},
		{"two small parts adding up to less than 5", []int{22, 10, 9, 1, 2}, "..sss"},
		{"a zero part tells nobody", []int{10, 10, 0}, "..s"},
		{"small total", []int{3, 3, 0}, "sss"},
		{"two small parts adding up to 5 or more", []int{7, 4, 3}, ".ss"},
		{"a part of 5 goes with the 4", []int{9, 5, 4}, ".ss"},
		{"smallest shown part goes", []int{30, 6, 20, 4}, ".s.s"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cells := make([]*Cell, len(c.ns))
			for i, n := range c.ns {
				cells[i] = &Cell{N: n}
			}
			Protect(cells, [][]*Cell{cells})
			got := ""
			for _, cell := range cells {
				if cell.Suppressed {
					got += "s"
				} else {
					got += "."
				}
			}
			if got != c.want {
				t.Errorf("%v: %s, want %s", c.ns, got, c.want)
			}
		})
	}
}

// TestStatisticsCannotBeSubtracted counts random regions and checks, in
// every sum the statistics hold, that no suppressed cell can be worked
// out from the shown ones and that no shown cell counts fewer than
// MinCell people.
func TestStatisticsCannotBeSubtracted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	now := statDay(6, 15)
	units := []Unit{{ID: "a"}, {ID: "b"}, {ID: "c"}}
	for round := range 200 {
		c := NewStatisticsCounter(StatisticsInput{Units: units, Now: now, Zone: time.UTC})
		for i := range rng.IntN(120) {
			start := now.AddDate(0, 0, -rng.IntN(500))
			s := Summary{ID: fmt.Sprint(i), Unit: units[rng.IntN(3)].ID, Program: fmt.Sprint("p", rng.IntN(3)), StartedAt: start, Status: StatusOngoing}
			if rng.IntN(2) == 0 {
				s.Status, s.EndedAt, s.EndReason = StatusEnded, start.AddDate(0, 0, rng.IntN(200)), EndReasons[rng.IntN(len(EndReasons))]
				if s.EndedAt.After(now) {
					s.EndedAt = now
				}
			}
			c.Add(&s)
		}
		st := c.Result()
		var cells []*Cell
		for _, r := range st.rows() {
			cells = append(cells, &r.Staff, &r.Started, &r.Ended, &r.Completed, &r.NotCompleted)
			for i := range r.Months {
				cells = append(cells, &r.Months[i].Ongoing, &r.Months[i].Started, &r.Months[i].Ended)
			}
		}
		for _, cell := range cells {
			if cell.Shown() && cell.N < MinCell {
				t.Fatalf("round %d: a cell of %d shown", round, cell.N)
			}
		}
		check := func(name string, g []*Cell) {
			if len(g) < 2 {
				return
			}
			total := g[0].N
			sum, suppressed, hidden := 0, 0, 0
			for i, c := range g {
				if i > 0 {
					sum += c.N
				}
				if c.Suppressed {
					suppressed++
					if i > 0 {
						hidden += c.N
					}
				}
			}
			if sum != total {
				t.Fatalf("round %d: %s: parts add up to %d, total %d", round, name, sum, total)
			}
			if suppressed == 1 && !(g[0].Shown() && hidden == 0) {
				for _, c := range g {
					t.Logf("%+v", *c)
				}
				t.Fatalf("round %d: %s: one suppressed cell can be worked out", round, name)
			}
			if g[0].Shown() && hidden > 0 && hidden < MinCell {
				t.Fatalf("round %d: %s: suppressed parts add up to %d", round, name, hidden)
			}
		}
		for _, r := range st.rows() {
			check("ended = completed + not", []*Cell{&r.Ended, &r.Completed, &r.NotCompleted})
			g := []*Cell{&r.Started}
			for i := range r.Months {
				g = append(g, &r.Months[i].Started)
			}
			check("started over months", g)
		}
		for m := range st.Months {
			g := []*Cell{&st.Region.Months[m].Ongoing}
			for i := range st.Units {
				g = append(g, &st.Units[i].Months[m].Ongoing)
			}
			check("ongoing over units", g)
			g = []*Cell{&st.Region.Months[m].Started}
			for i := range st.Programs {
				g = append(g, &st.Programs[i].Months[m].Started)
			}
			check("started over programs", g)
		}
		for i := range st.Units {
			g := []*Cell{&st.Units[i].Ended}
			for _, up := range st.UnitPrograms {
				if up.Unit == st.Units[i].Unit {
					g = append(g, &up.Ended)
				}
			}
			check("unit ended over programs", g)
		}
		for _, r := range st.rows() {
			if r.ShareShown() && (r.Completed.N < MinCell || r.NotCompleted.N < MinCell) {
				t.Fatalf("round %d: share of %d/%d shown", round, r.Completed.N, r.Ended.N)
			}
		}
	}
}

func TestStatisticsBudget(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ComputeStatistics(ctx, &pagedSummaries{}, StatisticsInput{Units: []Unit{{ID: "a"}}, Now: statDay(6, 1)})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want canceled", err)
	}
}
