package runtime

// The suppression of small figures in the usage statistics (statistics.go):
// no shown figure counts fewer than MinCell people, and no hidden one can be
// worked out by subtraction from the sums shown beside it.

// rows returns every row of the statistics.
func (s *Statistics) rows() []*StatRow {
	out := []*StatRow{&s.Region}
	for _, rs := range [][]StatRow{s.Units, s.Programs, s.UnitPrograms} {
		for i := range rs {
			out = append(out, &rs[i])
		}
	}
	return out
}

// protect applies the suppression rules (Protect) to the statistics.
func (s *Statistics) protect() {
	var cells []*Cell
	for _, r := range s.rows() {
		cells = append(cells, &r.Staff, &r.Started, &r.Ended, &r.Completed, &r.NotCompleted)
		for i := range r.Months {
			cells = append(cells, &r.Months[i].Ongoing, &r.Months[i].Started, &r.Months[i].Ended)
		}
	}
	var groups [][]*Cell
	// sums adds the groups total = Σ parts of every additive figure.
	sums := func(total *StatRow, parts []*StatRow) {
		if len(parts) == 0 {
			return
		}
		pick := func(f func(*StatRow) *Cell) {
			g := []*Cell{f(total)}
			for _, p := range parts {
				g = append(g, f(p))
			}
			groups = append(groups, g)
		}
		pick(func(r *StatRow) *Cell { return &r.Started })
		pick(func(r *StatRow) *Cell { return &r.Ended })
		pick(func(r *StatRow) *Cell { return &r.Completed })
		pick(func(r *StatRow) *Cell { return &r.NotCompleted })
		for i := range total.Months {
			pick(func(r *StatRow) *Cell { return &r.Months[i].Ongoing })
			pick(func(r *StatRow) *Cell { return &r.Months[i].Started })
			pick(func(r *StatRow) *Cell { return &r.Months[i].Ended })
		}
	}
	ptrs := func(rs []StatRow, keep func(*StatRow) bool) []*StatRow {
		var out []*StatRow
		for i := range rs {
			if keep(&rs[i]) {
				out = append(out, &rs[i])
			}
		}
		return out
	}
	all := func(*StatRow) bool { return true }
	sums(&s.Region, ptrs(s.Units, all))
	sums(&s.Region, ptrs(s.Programs, all))
	for i := range s.Units {
		u := s.Units[i].Unit
		sums(&s.Units[i], ptrs(s.UnitPrograms, func(r *StatRow) bool { return r.Unit == u }))
	}
	for i := range s.Programs {
		p := s.Programs[i].Program
		sums(&s.Programs[i], ptrs(s.UnitPrograms, func(r *StatRow) bool { return r.Program == p }))
	}
	for _, r := range s.rows() {
		started := []*Cell{&r.Started}
		ended := []*Cell{&r.Ended}
		for i := range r.Months {
			started = append(started, &r.Months[i].Started)
			ended = append(ended, &r.Months[i].Ended)
		}
		groups = append(groups, started, ended, []*Cell{&r.Ended, &r.Completed, &r.NotCompleted})
	}
	Protect(cells, groups)
}

// Protect suppresses cells: first every cell with fewer than MinCell
// people, then, in each group (a total and the parts it is the sum of),
// more cells until no suppressed value can be worked out from the shown
// ones: a group has no suppressed cell or at least two, and when its
// total is shown its suppressed parts add up to 0 or at least MinCell.
// A group is mended by suppressing its smallest shown part that is not
// 0 (the total when there is none), and the groups are gone through
// again until none needs mending. Cells in no group get the primary
// rule only.
func Protect(cells []*Cell, groups [][]*Cell) {
	for _, c := range cells {
		if c.N < MinCell {
			c.Suppressed = true
		}
	}
	for _, g := range groups {
		for _, c := range g {
			if c.N < MinCell {
				c.Suppressed = true
			}
		}
	}
	for changed := true; changed; {
		changed = false
		for _, g := range groups {
			for needsMending(g) {
				mend(g)
				changed = true
			}
		}
	}
}

// needsMending reports whether a group lets a suppressed value be worked
// out.
func needsMending(g []*Cell) bool {
	suppressed, hidden := 0, 0
	for i, c := range g {
		if c.Suppressed {
			suppressed++
			if i > 0 {
				hidden += c.N
			}
		}
	}
	switch {
	case suppressed == 0:
		return false
	case suppressed == 1:
		// One unknown in a sum is known. A lone suppressed 0 part of a
		// shown total tells only that nobody is there.
		return !(g[0].Shown() && hidden == 0)
	}
	return g[0].Shown() && hidden > 0 && hidden < MinCell
}

// mend suppresses the smallest shown part of a group that is not 0, or
// else its total.
func mend(g []*Cell) {
	var pick *Cell
	for _, c := range g[1:] {
		if c.Shown() && c.N > 0 && (pick == nil || c.N < pick.N) {
			pick = c
		}
	}
	if pick == nil {
		pick = g[0]
		if pick.Suppressed {
			// Every part that is not 0 is suppressed already and so is
			// the total: nothing more can be hidden.
			for _, c := range g[1:] {
				c.Suppressed = true
			}
			return
		}
	}
	pick.Suppressed = true
}
