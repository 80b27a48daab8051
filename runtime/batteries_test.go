package runtime

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
)

func local(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, Stockholm)
	if err != nil {
		panic(err)
	}
	return t
}

func TestBatteryOccasions(t *testing.T) {
	tests := []struct {
		name        string
		battery     designer.Battery
		recommended int
		start       string
		until       string
		want        []string // day: local opening, with its offset
	}{
		{"weekly from the start, across the switch to summer time",
			designer.Battery{AtStart: true, EveryWeeks: 1}, 28, "2027-03-20 14:00", "2027-06-01 00:00",
			[]string{"0: 2027-03-20 14:00 +0100", "7: 2027-03-27 08:00 +0100", "14: 2027-04-03 08:00 +0200", "21: 2027-04-10 08:00 +0200", "28: 2027-04-17 08:00 +0200"}},
		{"every 7 days without end, across the switch to winter time",
			designer.Battery{EveryDays: 7}, 0, "2027-10-23 10:00", "2027-11-13 08:00",
			[]string{"7: 2027-10-30 08:00 +0200", "14: 2027-11-06 08:00 +0100", "21: 2027-11-13 08:00 +0100"}},
		{"until just before a morning leaves it out",
			designer.Battery{AtStart: true, EveryWeeks: 1}, 28, "2027-03-20 14:00", "2027-04-03 07:59",
			[]string{"0: 2027-03-20 14:00 +0100", "7: 2027-03-27 08:00 +0100"}},
		{"on days, with day 0 after the morning opening at the start",
			designer.Battery{OnDays: []int{0, 84}}, 90, "2027-03-20 14:00", "2027-12-31 00:00",
			[]string{"0: 2027-03-20 14:00 +0100", "84: 2027-06-12 08:00 +0200"}},
		{"on day 0 before the morning opens in the morning",
			designer.Battery{OnDays: []int{0}}, 90, "2027-03-20 06:30", "2027-03-20 12:00",
			[]string{"0: 2027-03-20 08:00 +0100"}},
		{"rules falling on one day give one occasion",
			designer.Battery{AtStart: true, OnDays: []int{0, 14}, EveryWeeks: 2}, 14, "2027-03-20 14:00", "2027-12-31 00:00",
			[]string{"0: 2027-03-20 14:00 +0100", "14: 2027-04-03 08:00 +0200"}},
		{"nothing before the start",
			designer.Battery{AtStart: true}, 0, "2027-03-20 14:00", "2027-03-20 13:00", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.battery
			b.ID, b.Title, b.Forms = "b", "B", []string{"f"}
			p := &designer.Program{RecommendedDays: tt.recommended, Batteries: []*designer.Battery{&b}}
			var got []string
			for _, o := range BatteryOccasions(p, local(tt.start), local(tt.until)) {
				if o.Occasion != BatteryOccasionID(o.Day) {
					t.Errorf("occasion %q on day %d", o.Occasion, o.Day)
				}
				got = append(got, o.Occasion[len("day-"):]+": "+o.Opens.In(Stockholm).Format("2006-01-02 15:04 -0700"))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("occasions\n got %q\nwant %q", got, tt.want)
			}
			// The latest occasion alone, as the overview asks it, is the
			// last of them all.
			latest, ok := latestOccasion(p, &b, local(tt.start), local(tt.until))
			all := occasionsOf(p, &b, local(tt.start), local(tt.until))
			if ok != (len(all) > 0) || ok && !reflect.DeepEqual(latest, all[len(all)-1]) {
				t.Errorf("latestOccasion = %+v, %v; want the last of %+v", latest, ok, all)
			}
		})
	}
}

func TestNextBatteryOccasion(t *testing.T) {
	b := &designer.Battery{ID: "b", AtStart: true, EveryWeeks: 1, OnDays: []int{30}}
	p := &designer.Program{RecommendedDays: 30, Batteries: []*designer.Battery{b}}
	start := local("2027-03-20 14:00")
	tests := []struct {
		after string
		want  string
	}{
		{"2027-03-20 13:59", "2027-03-20 14:00"},
		{"2027-03-20 14:00", "2027-03-27 08:00"},
		{"2027-03-27 08:00", "2027-04-03 08:00"},
		{"2027-04-17 08:00", "2027-04-19 08:00"},
		{"2027-04-19 08:00", ""},
	}
	for _, tt := range tests {
		t.Run(tt.after, func(t *testing.T) {
			o, ok := NextBatteryOccasion(p, b, start, local(tt.after))
			got := ""
			if ok {
				got = o.Opens.In(Stockholm).Format("2006-01-02 15:04")
			}
			if got != tt.want {
				t.Errorf("next = %q, want %q", got, tt.want)
			}
		})
	}
}

func batteryProgram() *designer.Program {
	p := testProgram()
	p.RecommendedDays = 28
	p.Batteries = []*designer.Battery{{ID: "mood", Title: "Mående", Forms: []string{"phq9", "gad7"}, AtStart: true, EveryWeeks: 1}}
	p.Flags = append(p.Flags, &designer.Flag{ID: "gad-sent", On: designer.TriggerFormSubmitted, Form: "gad7", Review: true})
	return p
}

// batteryState is an enrolment started at 2027-03-20 14:00 with the
// module intro current.
func batteryState() *Enrolment {
	start := local("2027-03-20 14:00")
	return &Enrolment{ID: "e1", StartedAt: start, Seq: 1, Modules: map[string]*ModuleState{"intro": {Status: StatusCurrent, StartedAt: start}}}
}

// fill applies a decision's changes to e as the citizen at now.
func fill(t *testing.T, e *Enrolment, now time.Time, d Decision) {
	t.Helper()
	cs, err := d(e)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := record(e, now, citizen, cs); err != nil {
		t.Fatal(err)
	}
}

func TestBatteryGatesTheContent(t *testing.T) {
	p := batteryProgram()
	a := map[string][]string{"q1": {"1"}}
	e := batteryState()
	now := local("2027-03-20 14:05")

	o, left := e.BatteryDue(p, now)
	if o == nil || o.Occasion != "day-0" || !slices.Equal(left, []string{"phq9", "gad7"}) {
		t.Fatalf("due at start = %+v %v", o, left)
	}
	closed := []struct {
		name string
		d    Decision
	}{
		{"open step", OpenStep(p, "intro", "what", now)},
		{"save draft", SaveDraft(p, "intro", "phq", a, now)},
		{"submit step form", SubmitForm(p, "intro", "phq", "", a, now)},
		{"submit", Submit(p, "intro", "phq", p.Forms[0], a, now)},
	}
	for _, tt := range closed {
		t.Run("closed/"+tt.name, func(t *testing.T) {
			_, err := tt.d(e)
			if !errors.Is(err, ErrBatteryDue) || !errors.Is(err, ErrInvalid) {
				t.Errorf("error = %v, want ErrBatteryDue", err)
			}
		})
	}
	if err := e.ContentOpen(p, now); !errors.Is(err, ErrBatteryDue) {
		t.Errorf("ContentOpen = %v", err)
	}
	if err := e.ContentOpen(p, local("2027-03-20 13:59")); err != nil {
		t.Errorf("ContentOpen before the start = %v", err)
	}

	refused := []struct {
		name string
		d    Decision
	}{
		{"a form not of the battery", SubmitBattery(p, "mood", "diary", map[string][]string{"hours": {"7"}}, now)},
		{"a battery not due", SubmitBattery(p, "other", "phq9", a, now)},
		{"an unknown question", SubmitBattery(p, "mood", "phq9", map[string][]string{"zz": {"1"}}, now)},
	}
	for _, tt := range refused {
		t.Run("refused/"+tt.name, func(t *testing.T) {
			if _, err := tt.d(e); !errors.Is(err, ErrInvalid) {
				t.Errorf("error = %v, want ErrInvalid", err)
			}
		})
	}

	fill(t, e, now, SubmitBattery(p, "mood", "phq9", a, now))
	if s := e.Submissions[0]; s.Battery != "mood" || s.Occasion != "day-0" || s.Form != "phq9" {
		t.Errorf("submission = %+v", s)
	}
	if _, err := SubmitBattery(p, "mood", "phq9", a, now)(e); !errors.Is(err, ErrInvalid) {
		t.Errorf("a form filled twice: %v", err)
	}
	if o, left := e.BatteryDue(p, now); o == nil || !slices.Equal(left, []string{"gad7"}) {
		t.Errorf("left after phq9 = %v", left)
	}
	cs, err := SubmitBattery(p, "mood", "gad7", map[string][]string{"a": {"2"}}, now)(e)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("changes = %s, want the submission and its flag", jsonOf(cs))
	}
	if f, ok := cs[1].(*FlagRaised); !ok || f.Flag != "gad-sent" || f.Submission != "3" {
		t.Errorf("flag = %s", jsonOf(cs[1]))
	}
	if _, err := record(e, now, citizen, cs); err != nil {
		t.Fatal(err)
	}
	if err := e.ContentOpen(p, now); err != nil {
		t.Errorf("content after the battery: %v", err)
	}
	if _, err := OpenStep(p, "intro", "what", now)(e); err != nil {
		t.Errorf("open step after the battery: %v", err)
	}

	// A week on, the next occasion closes the content again; unfilled,
	// it is superseded by the one after and missed.
	day7, day14 := local("2027-03-27 08:00"), local("2027-04-03 08:00")
	if err := e.ContentOpen(p, day7.Add(-time.Minute)); err != nil {
		t.Errorf("content before day 7's morning: %v", err)
	}
	if o, _ := e.BatteryDue(p, day7); o == nil || o.Occasion != "day-7" {
		t.Errorf("due on day 7 = %+v", o)
	}
	if o, _ := e.BatteryDue(p, day14); o == nil || o.Occasion != "day-14" {
		t.Errorf("due on day 14 = %+v", o)
	}
	var states []string
	for _, s := range e.BatteryHistory(p, day14) {
		states = append(states, s.Occasion+" "+s.State)
	}
	if want := []string{"day-0 filled", "day-7 missed", "day-14 due"}; !slices.Equal(states, want) {
		t.Errorf("history = %q, want %q", states, want)
	}
	if _, err := SubmitBattery(p, "mood", "phq9", a, day14)(e); err != nil {
		t.Errorf("fill the current occasion: %v", err)
	}

	// In maintenance and after the end no battery is due.
	e.Maintenance = true
	if o, _ := e.BatteryDue(p, day14); o != nil {
		t.Errorf("due in maintenance: %+v", o)
	}
	if _, err := OpenStep(p, "intro", "what", day14)(e); err != nil {
		t.Errorf("open step in maintenance: %v", err)
	}
	if _, err := SubmitBattery(p, "mood", "phq9", a, day14)(e); !errors.Is(err, ErrReadOnly) {
		t.Errorf("battery in maintenance: %v", err)
	}
	e.Maintenance, e.EndedAt = false, day14
	if o, _ := e.BatteryDue(p, day14.Add(time.Hour)); o != nil {
		t.Errorf("due after the end: %+v", o)
	}
	if _, err := SubmitBattery(p, "mood", "phq9", a, day14)(e); !errors.Is(err, ErrEnded) {
		t.Errorf("battery after the end: %v", err)
	}
}

func TestBatteryJobs(t *testing.T) {
	p := batteryProgram()
	e := batteryState()
	jobs := BatteryJobs(p, e, BeforeStart(e))
	if len(jobs) != 1 || !jobs[0].Due.Equal(e.StartedAt) || jobs[0].ID != "battery:e1:mood" || jobs[0].Kind != JobBattery {
		t.Fatalf("jobs at start = %+v", jobs)
	}
	jobs = BatteryJobs(p, e, local("2027-03-28 12:00"))
	if len(jobs) != 1 || !jobs[0].Due.Equal(local("2027-04-03 08:00")) {
		t.Errorf("jobs on day 8 = %+v", jobs)
	}
	if jobs := BatteryJobs(p, e, local("2027-04-17 08:00")); len(jobs) != 0 {
		t.Errorf("jobs after the last occasion = %+v", jobs)
	}
	n := BatteryNotification(e, BatteryOccasion{Battery: "mood", Title: "Mående", Occasion: "day-7"}, day0())
	if n.Key != "e1/battery:mood/day-7/citizen" || n.Message != "Det finns en ny skattning att fylla i: Mående" {
		t.Errorf("notification = %+v", n)
	}
}

func day0() time.Time { return local("2027-03-20 14:00") }
