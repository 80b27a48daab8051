package runtime

// Usage statistics ("Statistik"): how the service is used, per region (the
// whole store is one region), unit and program, counted from the
// enrolments' summaries (summaries.go) and the directory, never from a
// snapshot: no answers, scores or flags go into a figure.
//
// The figures, over the last StatisticsMonths calendar months in the
// region's time zone, the current month included:
//
//   - Staff: the staff members with any role on the unit (for the region:
//     on any of its units, each counted once). Programs have no staff.
//   - Ongoing per month: the enrolments running at the end of the month
//     (started before it ended, and not ended by then); for the current
//     month, running now. An enrolment in maintenance is running.
//   - Started and ended per month: the enrolments started, and ended, in
//     the month; the period's totals beside them.
//   - Completed: the share of the enrolments ended in the period whose end
//     reason is EndCompleted ("Genomfört").
//   - Median days: the median of the days from start to end of the
//     enrolments ended in the period.
//
// An enrolment counts for the unit that holds it now (after a handover,
// the receiving unit) and for its program. Each figure is a Cell: the
// number of people it counts, or that it was computed from (for the share
// and the median, the enrolments ended in the period).
//
// No cell counting fewer than MinCell people is shown (primary
// suppression, "färre än 5"). A shown total would let a suppressed part be
// recovered by subtraction, so every sum is protected as well (secondary
// suppression, Protect): the figures are computed for every unit and
// program as if all were published, whoever looks, and in every sum
// (region = its units; region = its programs; a unit = its programs; a
// program = its units; a period = its months; the ended = the completed
// and the not completed) either no cell is suppressed or at least two
// are, and the suppressed parts of a shown total add up to 0 or at least
// MinCell. Where that does not hold, the smallest shown part that is not
// 0 is suppressed as well, until it holds everywhere. A share is shown
// only when both the completed and the not completed are, a median only
// when the ended are. Staff counts are not sums (a staff member may work
// on several units), so only the primary rule applies to them.
//
// The figures are computed on request, walking each unit's EveryList a
// page at a time: memory holds one page and the counters, not the
// summaries. StatisticsBudget bounds the walk.

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// MinCell is the fewest people a shown cell may count.
const MinCell = 5

// StatisticsMonths is how many calendar months the statistics cover, the
// current one included.
const StatisticsMonths = 12

// StatisticsBudget bounds the time one computation of the statistics may
// take, within the request's own deadline.
const StatisticsBudget = 8 * time.Second

// Cell is one figure: the number of people it counts, and whether it is
// suppressed. A suppressed cell shows nothing of N.
type Cell struct {
	N          int
	Suppressed bool
}

// Shown reports whether the cell may be shown.
func (c Cell) Shown() bool { return !c.Suppressed }

// MonthCells are a row's figures of one month.
type MonthCells struct {
	Ongoing, Started, Ended Cell
}

// StatRow is the figures of the region, a unit, a program or a program on
// a unit.
type StatRow struct {
	// Unit and Program say whose figures these are: both empty for the
	// region, Program empty for a unit, Unit empty for a program across
	// the region.
	Unit, Program string
	// HasStaff is set for the region and the units; Staff is their staff
	// count.
	HasStaff bool
	Staff    Cell
	// Months align with Statistics.Months.
	Months []MonthCells
	// Started and Ended are the period's totals; Completed counts the
	// ended whose end reason is EndCompleted, NotCompleted the others.
	Started, Ended          Cell
	Completed, NotCompleted Cell
	// MedianDays is the median of the days in program of the enrolments
	// ended in the period; valid when MedianShown.
	MedianDays float64
	// days counts the ended enrolments by their whole days in program.
	days map[int]int
}

// ShareShown reports whether the share completed may be shown.
func (r *StatRow) ShareShown() bool {
	return r.Ended.Shown() && r.Completed.Shown() && r.NotCompleted.Shown() && r.Ended.N > 0
}

// Share returns the share completed, 0 to 1; valid when ShareShown.
func (r *StatRow) Share() float64 {
	if r.Ended.N == 0 {
		return 0
	}
	return float64(r.Completed.N) / float64(r.Ended.N)
}

// MedianShown reports whether the median days may be shown.
func (r *StatRow) MedianShown() bool { return r.Ended.Shown() && r.Ended.N >= MinCell }

// Statistics are the figures of a region.
type Statistics struct {
	// Months are the first instants of the months covered, oldest first,
	// in the region's time zone; At is when the figures were counted.
	Months []time.Time
	At     time.Time
	Region StatRow
	// Units are the directory's units, Programs the programs with an
	// enrolment on any of them, both sorted by id; UnitPrograms the
	// programs of each unit, by unit and then program.
	Units        []StatRow
	Programs     []StatRow
	UnitPrograms []StatRow
}

// Unit returns the row of a unit, or nil.
func (s *Statistics) Unit(id string) *StatRow {
	for i := range s.Units {
		if s.Units[i].Unit == id {
			return &s.Units[i]
		}
	}
	return nil
}

// ProgramsOf returns the rows of the programs on a unit.
func (s *Statistics) ProgramsOf(unit string) []StatRow {
	var out []StatRow
	for _, r := range s.UnitPrograms {
		if r.Unit == unit {
			out = append(out, r)
		}
	}
	return out
}

// StatisticsInput is what the statistics are counted from besides the
// summaries: the directory's units and staff, the instant and the
// region's time zone.
type StatisticsInput struct {
	Units []Unit
	Staff []Staff
	Now   time.Time
	Zone  *time.Location
}

// ComputeStatistics counts the statistics of the region from the
// summaries of every unit of the directory (UnitSummaries) and protects
// them (Protect). It gives up with an error when StatisticsBudget or ctx
// runs out.
func ComputeStatistics(ctx context.Context, st SummaryStore, in StatisticsInput) (*Statistics, error) {
	ctx, cancel := context.WithTimeout(ctx, StatisticsBudget)
	defer cancel()
	c := NewStatisticsCounter(in)
	for _, u := range in.Units {
		err := UnitSummaries(ctx, st, u.ID, func(ss []Summary) error {
			for i := range ss {
				c.Add(&ss[i])
			}
			return ctx.Err()
		})
		if err != nil {
			return nil, fmt.Errorf("statistics: unit %s: %w", u.ID, err)
		}
	}
	return c.Result(), nil
}

// StatisticsCounter counts summaries into statistics, one at a time.
type StatisticsCounter struct {
	in     StatisticsInput
	months []time.Time
	// ends are the instants the months' ongoing are counted at.
	ends  []time.Time
	cells map[[2]string]*StatRow
	units map[string]bool
}

// NewStatisticsCounter starts counting for the input's units and months.
func NewStatisticsCounter(in StatisticsInput) *StatisticsCounter {
	if in.Zone == nil {
		in.Zone = time.UTC
	}
	now := in.Now.In(in.Zone)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, in.Zone)
	c := &StatisticsCounter{in: in, cells: map[[2]string]*StatRow{}, units: map[string]bool{}}
	for i := StatisticsMonths - 1; i >= 0; i-- {
		m := first.AddDate(0, -i, 0)
		c.months = append(c.months, m)
		end := m.AddDate(0, 1, 0)
		if end.After(in.Now) {
			end = in.Now
		}
		c.ends = append(c.ends, end)
	}
	for _, u := range in.Units {
		c.units[u.ID] = true
	}
	return c
}

// month returns the index of the month t falls in, or -1.
func (c *StatisticsCounter) month(t time.Time) int {
	if t.IsZero() || t.Before(c.months[0]) || t.After(c.in.Now) {
		return -1
	}
	for i := len(c.months) - 1; i >= 0; i-- {
		if !t.Before(c.months[i]) {
			return i
		}
	}
	return -1
}

// Add counts a summary. Summaries of units outside the input's are left
// out.
func (c *StatisticsCounter) Add(s *Summary) {
	if !c.units[s.Unit] {
		return
	}
	k := [2]string{s.Unit, s.Program}
	r := c.cells[k]
	if r == nil {
		r = &StatRow{Unit: s.Unit, Program: s.Program, Months: make([]MonthCells, len(c.months)), days: map[int]int{}}
		c.cells[k] = r
	}
	ended := s.Ended() && !s.EndedAt.IsZero()
	for i, end := range c.ends {
		if s.StartedAt.Before(end) && (!ended || !s.EndedAt.Before(end)) {
			r.Months[i].Ongoing.N++
		}
	}
	if i := c.month(s.StartedAt); i >= 0 {
		r.Months[i].Started.N++
	}
	if !ended {
		return
	}
	i := c.month(s.EndedAt)
	if i < 0 {
		return
	}
	r.Months[i].Ended.N++
	if s.EndReason == EndCompleted {
		r.Completed.N++
	} else {
		r.NotCompleted.N++
	}
	r.days[max(int(s.EndedAt.Sub(s.StartedAt)/(24*time.Hour)), 0)]++
}

// Result sums the rows of the units, programs and region, counts the
// staff and protects the figures.
func (c *StatisticsCounter) Result() *Statistics {
	st := &Statistics{Months: c.months, At: c.in.Now}
	blank := func(unit, program string) StatRow {
		return StatRow{Unit: unit, Program: program, Months: make([]MonthCells, len(c.months)), days: map[int]int{}}
	}
	st.Region = blank("", "")
	st.Region.HasStaff = true
	programs := map[string]bool{}
	for k := range c.cells {
		programs[k[1]] = true
	}
	pids := make([]string, 0, len(programs))
	for p := range programs {
		pids = append(pids, p)
	}
	sort.Strings(pids)
	for _, p := range pids {
		st.Programs = append(st.Programs, blank("", p))
	}
	for _, u := range c.in.Units {
		ur := blank(u.ID, "")
		ur.HasStaff = true
		for _, p := range pids {
			r := c.cells[[2]string{u.ID, p}]
			if r == nil {
				continue
			}
			st.UnitPrograms = append(st.UnitPrograms, *r)
			addRow(&ur, r)
			addRow(&st.Programs[slices.Index(pids, p)], r)
		}
		addRow(&st.Region, &ur)
		st.Units = append(st.Units, ur)
	}
	seen := map[string]bool{}
	for _, s := range c.in.Staff {
		for i := range st.Units {
			if len(s.Roles[st.Units[i].Unit]) > 0 {
				st.Units[i].Staff.N++
				seen[s.ID] = true
			}
		}
	}
	st.Region.Staff.N = len(seen)
	for _, r := range st.rows() {
		finishRow(r)
	}
	st.protect()
	return st
}

// addRow adds the counts of r to sum.
func addRow(sum, r *StatRow) {
	for i := range r.Months {
		sum.Months[i].Ongoing.N += r.Months[i].Ongoing.N
		sum.Months[i].Started.N += r.Months[i].Started.N
		sum.Months[i].Ended.N += r.Months[i].Ended.N
	}
	sum.Completed.N += r.Completed.N
	sum.NotCompleted.N += r.NotCompleted.N
	for d, n := range r.days {
		sum.days[d] += n
	}
}

// finishRow sums a row's period and finds its median.
func finishRow(r *StatRow) {
	r.Started.N, r.Ended.N = 0, 0
	for _, m := range r.Months {
		r.Started.N += m.Started.N
		r.Ended.N += m.Ended.N
	}
	r.MedianDays = medianOf(r.days)
}

// medianOf returns the median of values counted by value.
func medianOf(counts map[int]int) float64 {
	n := 0
	keys := make([]int, 0, len(counts))
	for k, c := range counts {
		keys = append(keys, k)
		n += c
	}
	if n == 0 {
		return 0
	}
	sort.Ints(keys)
	// The values at the sorted positions lo and hi (equal when n is odd).
	lo, hi := (n-1)/2, n/2
	var vlo, vhi, seen int
	for _, k := range keys {
		next := seen + counts[k]
		if lo >= seen && lo < next {
			vlo = k
		}
		if hi >= seen && hi < next {
			vhi = k
			break
		}
		seen = next
	}
	return float64(vlo+vhi) / 2
}
