package runtime

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	base := func() *Enrolment {
		return &Enrolment{
			ID: "e1", Seq: 7, Program: "stress", Bundle: "stress@1.0+abc", Unit: "u1",
			Citizen: "191212121212", CitizenName: "Tolvan", Clinician: "anna", StartedAt: t0, LastActive: t0.Add(time.Hour),
		}
	}
	tests := []struct {
		name  string
		edit  func(e *Enrolment)
		check func(t *testing.T, s Summary)
	}{
		{"ongoing", func(*Enrolment) {}, func(t *testing.T, s Summary) {
			if s.Status != StatusOngoing || s.Seq != 7 || s.Flags != 0 || s.Program != "stress" || !s.LastActive.Equal(t0.Add(time.Hour)) {
				t.Errorf("summary = %+v", s)
			}
		}},
		{"flags and unread", func(e *Enrolment) {
			e.Reviews = []*Review{{ID: "2"}, {ID: "3", Urgent: true}, {ID: "4", Urgent: true, ReviewedAt: t0}}
			e.Submissions = []*Submission{{ID: "5"}, {ID: "6", ReadAt: t0}}
		}, func(t *testing.T, s Summary) {
			if s.Flags != 2 || !s.Urgent || s.UnreadForms != 1 {
				t.Errorf("flags %d urgent %v unread forms %d", s.Flags, s.Urgent, s.UnreadForms)
			}
		}},
		{"reviewed urgent flag", func(e *Enrolment) {
			e.Reviews = []*Review{{ID: "2"}, {ID: "3", Urgent: true, ReviewedAt: t0}}
		}, func(t *testing.T, s Summary) {
			if s.Flags != 1 || s.Urgent {
				t.Errorf("flags %d urgent %v", s.Flags, s.Urgent)
			}
		}},
		{"maintenance", func(e *Enrolment) {
			e.Maintenance, e.MaintenanceFrom, e.MaintenanceDays = true, t0, 10
		}, func(t *testing.T, s Summary) {
			if s.Status != StatusMaintenance || s.MaintenanceLastDay.IsZero() {
				t.Errorf("summary = %+v", s)
			}
			if !slices.Contains(ListsOf(&s), MaintenanceList("u1")) {
				t.Errorf("lists %v lack maintenance", ListsOf(&s))
			}
		}},
		{"ended", func(e *Enrolment) {
			e.Maintenance, e.EndedAt, e.EndReason = true, t0.Add(48*time.Hour), EndCompleted
		}, func(t *testing.T, s Summary) {
			if s.Status != StatusEnded || !s.Ended() || s.EndReason != EndCompleted {
				t.Errorf("summary = %+v", s)
			}
			if got := ListsOf(&s); !slices.Equal(got, []List{EndedList("u1"), EveryList("u1")}) {
				t.Errorf("lists = %v", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base()
			tt.edit(e)
			s := Summarize(e)
			tt.check(t, s)
			for _, l := range ListsOf(&s) {
				if !l.Match(&s) {
					t.Errorf("%s does not match its own summary", l)
				}
			}
			back := s.Enrolment()
			if !CareTeam(Staff{ID: "anna"}, back) || back.Unit != "u1" || back.Citizen != e.Citizen {
				t.Errorf("Enrolment() = %+v", back)
			}
		})
	}
}

func TestSortEntryKeys(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ss := []Summary{
		{ID: "a", CitizenName: "Örjan", StartedAt: t0, LastActive: t0.Add(3 * time.Hour)},
		{ID: "b", CitizenName: "adam", StartedAt: t0.Add(time.Hour), Flags: 1},
		{ID: "c", CitizenName: "Bo", StartedAt: t0.Add(2 * time.Hour), Flags: 2, Urgent: true, LastActive: t0},
		{ID: "d", CitizenName: "Bo", StartedAt: time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	tests := []struct {
		sort SortKey
		want string
	}{
		{SortName, "bcda"},
		{SortAttention, "cbda"},
		{SortStarted, "cbad"},
		{SortActive, "acbd"},
	}
	for _, tt := range tests {
		t.Run(string(tt.sort), func(t *testing.T) {
			keys := make([]string, len(ss))
			for i := range ss {
				keys[i] = SortEntryKey(&ss[i], tt.sort)
			}
			slices.Sort(keys)
			var got strings.Builder
			for _, k := range keys {
				got.WriteString(EntryID(k))
			}
			if got.String() != tt.want {
				t.Errorf("order = %s, want %s", got.String(), tt.want)
			}
		})
	}
}

func TestCursor(t *testing.T) {
	for _, c := range []Cursor{{}, {Key: "2bo\x00e1", Offset: 50}, {Before: true, Key: "x", Offset: 1 << 20}} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%v.String()) = %v, %v", c, got, err)
		}
	}
	for _, bad := range []string{"!", "AA", "_w", Cursor{Key: "k"}.String()[:1]} {
		if _, err := ParseCursor(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCursor(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestPageQueryCheck(t *testing.T) {
	tests := []struct {
		name string
		q    PageQuery
		ok   bool
		sort SortKey
		size int
	}{
		{"defaults", PageQuery{List: UnitList("u1")}, true, SortAttention, DefaultPageSize},
		{"ended default", PageQuery{List: EndedList("u1")}, true, SortEnded, DefaultPageSize},
		{"name", PageQuery{List: MineList("u1", "anna"), Sort: SortName, Size: 10}, true, SortName, 10},
		{"no name for ended", PageQuery{List: EndedList("u1"), Sort: SortName}, false, "", 0},
		{"unknown sort", PageQuery{List: UnitList("u1"), Sort: "shoe"}, false, "", 0},
		{"too big", PageQuery{List: UnitList("u1"), Size: MaxPageSize + 1}, false, "", 0},
		{"no unit", PageQuery{List: UnitList("")}, false, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.q.Check()
			if tt.ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalid) {
				t.Fatalf("Check() = %v", err)
			}
			if tt.ok && (tt.q.Sort != tt.sort || tt.q.Size != tt.size) {
				t.Errorf("after Check: sort %q size %d", tt.q.Sort, tt.q.Size)
			}
		})
	}
}

func TestUnitsLeft(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var evs []Event
	for _, c := range []Change{&Visited{}, &HandoverAccepted{From: "u1", Unit: "u2", Clinician: "erik"}, &HandoverAccepted{From: "u1", Unit: "u3"}} {
		ev, err := NewEvent(at, Actor{ID: "x", Role: RoleCitizenAdmin}, c)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, ev)
	}
	if got := UnitsLeft(evs); !slices.Equal(got, []string{"u1"}) {
		t.Errorf("UnitsLeft = %v", got)
	}
}
