package runtime

import (
	"errors"
	"slices"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// activityProgram has a plan "walk" on Mondays at 17:30 and Sundays at
// 12:00 every second week with two grace days, flagged when missed, and a
// plan "sleep" switched off, without comments.
func activityProgram() *designer.Program {
	p := testProgram()
	p.Features = []string{designer.FeatureActivities}
	p.Forms = append(p.Forms,
		&designer.Form{ID: "walk-form", Version: "w1", Questions: []*designer.Question{
			{ID: "kind", Type: designer.TypeSingle, Options: []*designer.Option{{Value: "walk"}, {Value: "none"}}},
			{ID: "minutes", Type: designer.TypeNumber, Text: "Minuter", ShowIf: &designer.Condition{Question: "kind", Equals: "walk"}},
			{ID: "note", Type: designer.TypeText, Text: "Anteckning"},
		}},
		&designer.Form{ID: "sleep-form", Version: "s1", Questions: []*designer.Question{{ID: "hours", Type: designer.TypeNumber, Text: "Timmar"}}},
	)
	p.ActivityPlans = []*designer.ActivityPlan{
		{ID: "walk", Title: "Promenad", Form: "walk-form", Occasions: []designer.Occasion{{Weekday: "mon", Time: "17:30"}, {Weekday: "sun", Time: "12:00"}},
			EveryWeeks: 2, GraceDays: 2, Comments: true, Active: true},
		{ID: "sleep", Title: "Sömn", Form: "sleep-form", Occasions: []designer.Occasion{{Weekday: "tue", Time: "07:00"}}, EveryWeeks: 1, GraceDays: 0},
	}
	p.Flags = append(p.Flags, &designer.Flag{ID: "walk-missed", On: designer.TriggerActivityMissed, Plan: "walk", Review: true})
	return p
}

// activityState started on Wednesday 2027-10-20 at 14:00, eleven days
// before summer time ends (2027-10-31).
func activityState() *Enrolment {
	return &Enrolment{ID: "e1", StartedAt: local("2027-10-20 14:00"), Seq: 1}
}

func occasionIDs(os []ActivityOccasion) []string {
	var out []string
	for _, o := range os {
		out = append(out, o.ID)
	}
	return out
}

func TestActivityOccasions(t *testing.T) {
	p := activityProgram()
	e := activityState()
	walk, ok := e.Plan(p, "walk")
	if !ok || !walk.Active {
		t.Fatalf("walk: %+v, %v; want an active plan", walk, ok)
	}
	got := walk.Occasions(e.StartedAt, local("2027-11-15 23:00"))
	// Weeks from Monday 2027-10-18: week 0 and 2 and 4 have occasions;
	// Monday of week 0 is before the start.
	want := []string{"2027-10-24T12:00", "2027-11-01T17:30", "2027-11-07T12:00", "2027-11-15T17:30"}
	if !slices.Equal(occasionIDs(got), want) {
		t.Fatalf("occasions %v, want %v", occasionIDs(got), want)
	}
	// Across the end of summer time the local clock time stays: 12:00
	// CEST is 10:00 UTC, 12:00 CET 11:00 UTC.
	if h := got[0].At.UTC().Hour(); h != 10 {
		t.Errorf("2027-10-24 12:00 is %v UTC", got[0].At.UTC())
	}
	if h := got[2].At.UTC().Hour(); h != 11 {
		t.Errorf("2027-11-07 12:00 is %v UTC", got[2].At.UTC())
	}
	// The window: from the start of the day to the end of the second day
	// after, in local time.
	if !got[0].Opens.Equal(local("2027-10-24 00:00")) || !got[0].Closes.Equal(local("2027-10-27 00:00")) {
		t.Errorf("window %v – %v", got[0].Opens, got[0].Closes)
	}
	if o, ok := walk.Occasion("2027-11-01T17:30"); !ok || !o.At.Equal(local("2027-11-01 17:30")) {
		t.Errorf("Occasion(2027-11-01T17:30) = %+v, %v", o, ok)
	}
	for _, id := range []string{"2027-10-25T17:30", "2027-11-01T17:31", "2027-10-18T17:30", "nonsense"} {
		if _, ok := walk.Occasion(id); ok {
			t.Errorf("Occasion(%s) found", id)
		}
	}
	if due, ok := walk.NextClose(local("2027-10-27 00:00")); !ok || !due.Equal(local("2027-11-04 00:00")) {
		t.Errorf("NextClose = %v, %v; want 2027-11-04 00:00", due, ok)
	}
	if o, ok := walk.NextOccasion(local("2027-10-24 13:00")); !ok || o.ID != "2027-11-01T17:30" {
		t.Errorf("NextOccasion = %+v, %v; want Monday 2027-11-01", o, ok)
	}
	// A plan that starts in a month closes its first occasion then.
	later := *walk
	later.From, later.anchor = local("2027-11-22 00:00"), local("2027-11-22 00:00")
	if due, ok := later.NextClose(e.StartedAt); !ok || !due.Equal(local("2027-11-25 00:00")) {
		t.Errorf("NextClose of a plan starting later = %v, %v; want 2027-11-25 00:00", due, ok)
	}
	if sleep, _ := e.Plan(p, "sleep"); sleep.Active || len(sleep.Occasions(e.StartedAt, local("2027-12-01 00:00"))) != 0 {
		t.Errorf("sleep is switched off but has occasions")
	}

	t.Run("spring forward", func(t *testing.T) {
		e := &Enrolment{ID: "e2", StartedAt: local("2027-03-22 09:00"), Seq: 1}
		p := activityProgram()
		p.ActivityPlans[0].Occasions = []designer.Occasion{{Weekday: "sun", Time: "02:30"}}
		p.ActivityPlans[0].EveryWeeks = 1
		walk, _ := e.Plan(p, "walk")
		got := walk.Occasions(e.StartedAt, local("2027-04-05 00:00"))
		// 02:30 does not exist on 2027-03-28; it comes out an hour later.
		want := []string{"2027-03-28T03:30", "2027-04-04T02:30"}
		if !slices.Equal(occasionIDs(got), want) {
			t.Fatalf("occasions %v, want %v", occasionIDs(got), want)
		}
		if _, ok := walk.Occasion(want[0]); !ok {
			t.Errorf("Occasion(%s) not found", want[0])
		}
	})
}

func TestRegisterActivity(t *testing.T) {
	p := activityProgram()
	answers := map[string][]string{"kind": {"walk"}, "minutes": {"30"}}
	registered := step{citizen, &ActivityRegistered{Plan: "walk", Occasion: "2027-10-24T12:00", FormVersion: "w1", Answers: answers}}
	tests := []struct {
		name    string
		history []step
		d       Decision
		want    []Change
		err     error
	}{
		{"on the day, before the hour", nil, RegisterActivity(p, "walk", "2027-10-24T12:00", answers, "", local("2027-10-24 08:00")),
			[]Change{&ActivityRegistered{Plan: "walk", Occasion: "2027-10-24T12:00", FormVersion: "w1", Answers: answers}}, nil},
		{"late within grace", nil, RegisterActivity(p, "walk", "2027-10-24T12:00", answers, "Skönt", local("2027-10-26 23:59")),
			[]Change{&ActivityRegistered{Plan: "walk", Occasion: "2027-10-24T12:00", FormVersion: "w1", Answers: answers, Comment: "Skönt"}}, nil},
		{"after grace", nil, RegisterActivity(p, "walk", "2027-10-24T12:00", answers, "", local("2027-10-27 00:00")), nil, ErrOccasionClosed},
		{"ahead", nil, RegisterActivity(p, "walk", "2027-11-01T17:30", answers, "", local("2027-10-31 23:59")), nil, ErrOccasionAhead},
		{"not an occasion", nil, RegisterActivity(p, "walk", "2027-10-25T17:30", answers, "", local("2027-10-25 18:00")), nil, ErrInvalid},
		{"plan switched off", nil, RegisterActivity(p, "sleep", "2027-10-26T07:00", map[string][]string{"hours": {"7"}}, "", local("2027-10-26 08:00")), nil, ErrInvalid},
		{"unknown plan", nil, RegisterActivity(p, "nope", "2027-10-24T12:00", answers, "", local("2027-10-24 08:00")), nil, ErrInvalid},
		{"no answer", nil, RegisterActivity(p, "walk", "2027-10-24T12:00", nil, "", local("2027-10-24 08:00")), nil, ErrInvalid},
		{"a question not asked", []step{{clinician, &ActivityPlanSet{Plan: "walk", Settings: PlanSettings{
			Times: []designer.Occasion{{Weekday: "sun", Time: "12:00"}}, EveryWeeks: 2, GraceDays: 2, Asked: []string{"kind", "minutes"}}}}},
			RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"note": {"x"}}, "", local("2027-10-24 08:00")), nil, ErrInvalid},
		{"again within grace edits", []step{registered}, RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"kind": {"none"}}, "", local("2027-10-25 08:00")),
			[]Change{&ActivityRegistered{Plan: "walk", Occasion: "2027-10-24T12:00", FormVersion: "w1", Answers: map[string][]string{"kind": {"none"}}}}, nil},
		{"comment", []step{registered}, CommentActivity(p, "walk", "2027-10-24T12:00", " Regnade ", local("2027-11-20 08:00")),
			[]Change{&ActivityCommented{Plan: "walk", Occasion: "2027-10-24T12:00", Text: "Regnade"}}, nil},
		{"comment ahead", nil, CommentActivity(p, "walk", "2027-11-01T17:30", "x", local("2027-10-30 08:00")), nil, ErrOccasionAhead},
		{"comment when not allowed", []step{{clinician, &ActivityPlanSwitched{Plan: "sleep", Active: true}}},
			CommentActivity(p, "sleep", "2027-10-26T07:00", "x", local("2027-10-26 08:00")), nil, ErrInvalid},
		{"comment on registration when not allowed", []step{{clinician, &ActivityPlanSwitched{Plan: "sleep", Active: true}}},
			RegisterActivity(p, "sleep", "2027-10-26T07:00", map[string][]string{"hours": {"7"}}, "x", local("2027-10-26 08:00")), nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := activityState()
			for _, s := range tt.history {
				if _, err := record(e, local("2027-10-20 15:00"), s.by, []Change{s.c}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := tt.d(e)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if jsonOf(got) != jsonOf(tt.want) {
				t.Errorf("changes\n got %s\nwant %s", jsonOf(got), jsonOf(tt.want))
			}
		})
	}
}

func TestActivityHistoryAndMissed(t *testing.T) {
	p := activityProgram()
	e := activityState()
	fill(t, e, local("2027-10-26 20:00"), RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"kind": {"walk"}, "minutes": {"25"}}, "", local("2027-10-26 20:00")))
	fill(t, e, local("2027-10-27 09:00"), RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"kind": {"walk"}, "minutes": {"40"}}, "", local("2027-10-26 20:00")))
	walk, _ := e.Plan(p, "walk")
	now := local("2027-11-08 10:00")
	var states []string
	for _, o := range walk.History(now) {
		states = append(states, o.ID+" "+o.State)
	}
	want := []string{"2027-11-07T12:00 open", "2027-11-01T17:30 missed", "2027-10-24T12:00 registered"}
	if !slices.Equal(states, want) {
		t.Errorf("history %v, want %v", states, want)
	}
	if r := walk.Record("2027-10-24T12:00"); r == nil || r.Edited.IsZero() || r.Answers["minutes"][0] != "40" {
		t.Errorf("record %+v, want the second registration as an edit", r)
	}
	if got := occasionIDs(walk.Missed(local("2027-10-27 00:00"), now)); !slices.Equal(got, []string{"2027-11-01T17:30"}) {
		t.Errorf("missed %v", got)
	}
	if got := occasionIDs(walk.Open(now)); !slices.Equal(got, []string{"2027-11-07T12:00"}) {
		t.Errorf("open %v", got)
	}
	series := e.ActivitySeries(p)
	if len(series) != 1 || series[0].Form != "walk" || series[0].Title != "Promenad – Minuter" || len(series[0].Points) != 1 || series[0].Points[0].Value != 40 {
		t.Errorf("series %+v", series)
	}
	if jobs := ActivityJobs(p, e, now); len(jobs) != 1 || !jobs[0].Due.Equal(local("2027-11-10 00:00")) {
		t.Errorf("jobs %+v, want one due when Sunday's occasion closes", jobs)
	}
	// Settings that keep the schedule keep the occasions; a new schedule
	// counts from the day it is saved.
	set := walk.Settings
	set.Comments = false
	fill(t, e, now, ConfigurePlan(p, "walk", set))
	walk, _ = e.Plan(p, "walk")
	if h := walk.History(now); len(h) != 3 || walk.Settings.Comments {
		t.Errorf("history after turning comments off: %d occasions, comments %v", len(h), walk.Settings.Comments)
	}
	set.Times, set.EveryWeeks = []designer.Occasion{{Weekday: "mon", Time: "07:00"}}, 1
	fill(t, e, now, ConfigurePlan(p, "walk", set))
	walk, _ = e.Plan(p, "walk")
	if h := walk.History(now); len(h) != 2 || h[0].ID != "2027-11-08T07:00" || h[1].State != ActivityRegisteredState {
		t.Errorf("history after a new schedule: %+v", h)
	}
	// The clinician switches it off: no occasions, the registration stays.
	fill(t, e, now, SwitchPlan(p, "walk", false))
	walk, _ = e.Plan(p, "walk")
	if h := walk.History(now); len(h) != 1 || h[0].State != ActivityRegisteredState {
		t.Errorf("history after switching off %+v", h)
	}
	if jobs := ActivityJobs(p, e, now); len(jobs) != 0 {
		t.Errorf("jobs of a plan switched off: %+v", jobs)
	}
}

func TestConfigurePlan(t *testing.T) {
	p := activityProgram()
	ok := PlanSettings{Times: []designer.Occasion{{Weekday: "tue", Time: "18:00"}}, EveryWeeks: 1, GraceDays: 1, Asked: []string{"minutes", "kind"}, FlagMissed: true}
	with := func(f func(*PlanSettings)) PlanSettings {
		s := ok
		s.Times, s.Asked = slices.Clone(ok.Times), slices.Clone(ok.Asked)
		f(&s)
		return s
	}
	tests := []struct {
		name  string
		d     Decision
		field string // "": taken
	}{
		{"taken, asked in the form's order", ConfigurePlan(p, "walk", ok), ""},
		{"every 0 weeks", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.EveryWeeks = 0 })), "every_weeks"},
		{"too much grace", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.GraceDays = MaxGraceDays + 1 })), "grace_days"},
		{"start before the enrolment", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Start = "2027-10-19" })), "start"},
		{"start not a date", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Start = "i morgon" })), "start"},
		{"no weekday", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Times = nil })), "times"},
		{"a weekday twice", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Times = append(s.Times, s.Times[0]) })), "times"},
		{"a time not HH:MM", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Times[0].Time = "25:00" })), "times"},
		{"nothing asked", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Asked = nil })), "asked"},
		{"a condition not asked", ConfigurePlan(p, "walk", with(func(s *PlanSettings) { s.Asked = []string{"minutes"} })), "asked_condition"},
		{"flag without a flag", ConfigurePlan(p, "sleep", with(func(s *PlanSettings) { s.Asked = []string{"hours"} })), "flag_missed"},
		{"custom plan", SaveCustomPlan("", CustomPlan{Title: "Vatten", Questions: []*designer.Question{{Type: designer.TypeNumber, Text: "Glas", Unit: "st"}},
			Settings: PlanSettings{Times: []designer.Occasion{{Weekday: "mon", Time: "20:00"}}, EveryWeeks: 1, Asked: []string{"q1"}}}), ""},
		{"custom plan without title", SaveCustomPlan("", CustomPlan{Questions: []*designer.Question{{Type: designer.TypeNumber, Text: "Glas"}}}), "title"},
		{"custom plan with a choice", SaveCustomPlan("", CustomPlan{Title: "x", Questions: []*designer.Question{{Type: designer.TypeSingle, Text: "Glas"}}}), "question_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := activityState()
			cs, err := tt.d(e)
			var pe *PlanError
			switch {
			case tt.field == "" && err != nil:
				t.Fatalf("error %v", err)
			case tt.field != "" && (!errors.As(err, &pe) || pe.Field != tt.field || !errors.Is(err, ErrInvalid)):
				t.Fatalf("error %v, want a PlanError on %s", err, tt.field)
			case tt.field == "" && len(cs) != 1:
				t.Fatalf("changes %s", jsonOf(cs))
			}
		})
	}

	t.Run("custom plan keeps answered questions", func(t *testing.T) {
		e := activityState()
		s := PlanSettings{Times: []designer.Occasion{{Weekday: "wed", Time: "20:00"}}, EveryWeeks: 1, Asked: []string{"q1"}}
		fill(t, e, local("2027-10-20 15:00"), SaveCustomPlan("", CustomPlan{Title: "Vatten", Questions: []*designer.Question{{Type: designer.TypeNumber, Text: "Glas"}}, Settings: s}))
		fill(t, e, local("2027-10-20 15:00"), SwitchPlan(p, "egen-1", true))
		fill(t, e, local("2027-10-20 20:00"), RegisterActivity(p, "egen-1", "2027-10-20T20:00", map[string][]string{"q1": {"6"}}, "", local("2027-10-20 20:00")))
		_, err := SaveCustomPlan("egen-1", CustomPlan{Title: "Vatten", Questions: []*designer.Question{{ID: "q1", Type: designer.TypeNumber, Text: "Koppar"}}, Settings: s})(e)
		var pe *PlanError
		if !errors.As(err, &pe) || pe.Field != "question_answered" {
			t.Errorf("renaming an answered question: %v", err)
		}
		s.Asked = []string{"q2"}
		cs, err := SaveCustomPlan("egen-1", CustomPlan{Title: "Vatten", Questions: []*designer.Question{{ID: "q1", Type: designer.TypeNumber, Text: "Glas"}, {Type: designer.TypeText, Text: "Hur gick det?"}}, Settings: s})(e)
		if err != nil || len(cs) != 1 || cs[0].(*ActivityPlanSet).Questions[1].ID != "q2" {
			t.Errorf("adding a question: %s, %v", jsonOf(cs), err)
		}
	})
}

// TestActivityWritesReadOnly: in maintenance and after the end no
// activity write is taken, the clinician's neither.
func TestActivityWritesReadOnly(t *testing.T) {
	p := activityProgram()
	answers := map[string][]string{"kind": {"walk"}, "minutes": {"30"}}
	now := local("2027-10-24 13:00")
	settings := PlanSettings{Times: []designer.Occasion{{Weekday: "sun", Time: "12:00"}}, EveryWeeks: 1, Asked: []string{"kind"}}
	custom := CustomPlan{Title: "x", Questions: []*designer.Question{{Type: designer.TypeText, Text: "y"}}, Settings: settings}
	water := CustomPlan{Title: "Vatten", Questions: []*designer.Question{{Type: designer.TypeNumber, Text: "Glas"}},
		Settings: PlanSettings{Times: []designer.Occasion{{Weekday: "sun", Time: "12:00"}}, EveryWeeks: 1}}
	decisions := map[string]Decision{
		"configure":   ConfigurePlan(p, "walk", settings),
		"custom plan": SaveCustomPlan("", custom),
		"switch on":   SwitchPlan(p, "sleep", true),
		"switch off":  SwitchPlan(p, "walk", false),
		"register":    RegisterActivity(p, "walk", "2027-10-24T12:00", answers, "", now),
		"comment":     CommentActivity(p, "walk", "2027-10-24T12:00", "x", now),
		// What was there before the end: the citizen's own plan and a
		// registered occasion, neither changed nor switched.
		"edit the citizen's plan":        SaveCustomPlan("egen-1", water),
		"configure the citizen's plan":   ConfigurePlan(p, "egen-1", water.Settings),
		"switch off the citizen's plan":  SwitchPlan(p, "egen-1", false),
		"register in the citizen's plan": RegisterActivity(p, "egen-1", "2027-10-24T12:00", map[string][]string{"q1": {"6"}}, "", now),
		"correct a registration":         RegisterActivity(p, "walk", "2027-10-24T12:00", map[string][]string{"kind": {"none"}}, "", now),
		"comment a registration":         CommentActivity(p, "walk", "2027-10-24T12:00", "ändrat", now),
	}
	for _, end := range []struct {
		name string
		c    Change
		err  error
	}{{"maintenance", &MaintenanceSet{On: true}, ErrReadOnly}, {"ended", &Ended{Reason: EndCompleted}, ErrEnded}} {
		for name, d := range decisions {
			t.Run(end.name+"/"+name, func(t *testing.T) {
				e := activityState()
				fill(t, e, local("2027-10-20 15:00"), SaveCustomPlan("", water))
				fill(t, e, local("2027-10-20 15:00"), SwitchPlan(p, "egen-1", true))
				fill(t, e, local("2027-10-24 12:30"), RegisterActivity(p, "walk", "2027-10-24T12:00", answers, "", local("2027-10-24 12:30")))
				fill(t, e, local("2027-10-24 12:40"), Always(end.c))
				before := jsonOf(e)
				cs, err := d(e)
				if !errors.Is(err, end.err) || cs != nil {
					t.Errorf("changes %s, error %v; want %v", jsonOf(cs), err, end.err)
				}
				if jsonOf(e) != before {
					t.Error("the decision modified the state")
				}
			})
		}
	}
}

// BenchmarkActivityYear reads an enrolment with a year of weekly
// registrations of each of two plans as the Aktiviteter tab and the
// results do: the plans, each plan's history and open occasions, and the
// activity series.
func BenchmarkActivityYear(b *testing.B) {
	p := activityProgram()
	p.ActivityPlans[0].EveryWeeks = 1
	p.ActivityPlans[1].Active = true
	e := activityState()
	for w := range 52 {
		sunday, tuesday := AddDays(local("2027-10-24 12:00"), 7*w), AddDays(local("2027-10-26 07:00"), 7*w)
		if _, err := record(e, sunday, citizen, []Change{
			&ActivityRegistered{Plan: "walk", Occasion: sunday.Format(OccasionIDLayout), Answers: map[string][]string{"kind": {"walk"}, "minutes": {"30"}}},
			&ActivityRegistered{Plan: "sleep", Occasion: tuesday.Format(OccasionIDLayout), Answers: map[string][]string{"hours": {"7"}}},
		}); err != nil {
			b.Fatal(err)
		}
	}
	now := local("2028-10-20 12:00")
	b.ResetTimer()
	for range b.N {
		for _, pl := range e.Plans(p) {
			_ = pl.History(now)
			_ = pl.Open(now)
		}
		if s := e.ActivitySeries(p); len(s) != 2 {
			b.Fatalf("%d series", len(s))
		}
	}
}
