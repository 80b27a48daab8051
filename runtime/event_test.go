package runtime

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
)

var (
	t0        = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	citizen   = Actor{ID: "191212121212", Role: RoleCitizen}
	clinician = Actor{ID: "anna", Role: RoleClinician}
	guardian  = Actor{ID: "198112189876", Role: RoleGuardian}
)

// step is one event of a test log: who made which change.
type step struct {
	by Actor
	c  Change
}

// logOf numbers the changes as a log whose first event is at t0 and each
// next one a minute later.
func logOf(t *testing.T, steps ...step) []Event {
	t.Helper()
	var events []Event
	for i, s := range steps {
		ev, err := NewEvent(t0.Add(time.Duration(i)*time.Minute), s.by, s.c)
		if err != nil {
			t.Fatal(err)
		}
		ev.Seq = int64(i + 1)
		events = append(events, ev)
	}
	return events
}

func minute(n int) time.Time { return t0.Add(time.Duration(n) * time.Minute) }

var started = step{clinician, &EnrolmentStarted{
	ID: "e1", Program: "stress", Bundle: "stress@1.0+0123456789ab", Unit: "u1",
	Citizen: "191212121212", CitizenName: "Tolvan Tolvansson", Clinician: "anna",
	Current: []string{"intro"}, Upcoming: []string{"sleep", "worry"},
}}

func TestFold(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		check func(t *testing.T, e *Enrolment)
	}{
		{"started", []step{started}, func(t *testing.T, e *Enrolment) {
			want := &Enrolment{
				Schema: SnapshotSchema, Seq: 1, ID: "e1", Program: "stress", Bundle: "stress@1.0+0123456789ab",
				Unit: "u1", Citizen: "191212121212", CitizenName: "Tolvan Tolvansson", Clinician: "anna",
				StartedAt: t0,
				Modules: map[string]*ModuleState{
					"intro": {Status: StatusCurrent, StartedAt: t0},
					"sleep": {Status: StatusUpcoming},
					"worry": {Status: StatusUpcoming},
				},
			}
			if !reflect.DeepEqual(e, want) {
				t.Errorf("state\n got %+v\nwant %+v", e, want)
			}
		}},
		{"citizen activity moves last active, staff activity does not", []step{
			started, {citizen, &Visited{}}, {clinician, &WelcomeEdited{Text: "Hej"}},
		}, func(t *testing.T, e *Enrolment) {
			if !e.LastActive.Equal(minute(1)) {
				t.Errorf("LastActive = %v, want %v", e.LastActive, minute(1))
			}
			if e.Welcome != "Hej" {
				t.Errorf("Welcome = %q", e.Welcome)
			}
		}},
		{"guardian counts as the citizen", []step{started, {guardian, &Visited{}}}, func(t *testing.T, e *Enrolment) {
			if !e.LastActive.Equal(minute(1)) {
				t.Errorf("LastActive = %v, want %v", e.LastActive, minute(1))
			}
		}},
		{"module lifecycle", []step{
			started,
			{clinician, &ModuleStarted{Module: "sleep"}},
			{clinician, &ModuleCompleted{Module: "intro"}},
			{clinician, &ModuleQueued{Module: "sleep"}},
			{clinician, &ModuleStarted{Module: "extra"}},
		}, func(t *testing.T, e *Enrolment) {
			want := map[string]*ModuleState{
				"intro": {Status: StatusCompleted, StartedAt: t0, CompletedAt: minute(2)},
				"sleep": {Status: StatusUpcoming},
				"worry": {Status: StatusUpcoming},
				"extra": {Status: StatusCurrent, StartedAt: minute(4)},
			}
			if !reflect.DeepEqual(e.Modules, want) {
				t.Errorf("Modules = %v, want %v", e.Modules, want)
			}
			if got := e.ModulesWith(StatusUpcoming); !reflect.DeepEqual(got, []string{"sleep", "worry"}) {
				t.Errorf("ModulesWith(upcoming) = %v", got)
			}
			if got := e.ModuleStatus("nowhere"); got != StatusUpcoming {
				t.Errorf("ModuleStatus of an unknown module = %q", got)
			}
		}},
		{"steps opened, hidden and shown", []step{
			started,
			{citizen, &StepOpened{Module: "intro", Step: "what"}},
			{citizen, &StepOpened{Module: "intro", Step: "why"}},
			{citizen, &StepOpened{Module: "intro", Step: "what"}},
			{clinician, &StepHidden{Module: "intro", Step: "why"}},
			{clinician, &StepHidden{Module: "intro", Step: "how"}},
			{clinician, &StepShown{Module: "intro", Step: "how"}},
		}, func(t *testing.T, e *Enrolment) {
			want := map[string]*Opened{
				"intro/what": {First: minute(1), Last: minute(3), Count: 2},
				"intro/why":  {First: minute(2), Last: minute(2), Count: 1},
			}
			if !reflect.DeepEqual(e.Opened, want) {
				t.Errorf("Opened = %v, want %v", e.Opened, want)
			}
			if !reflect.DeepEqual(e.Hidden, map[string]bool{"intro/why": true}) {
				t.Errorf("Hidden = %v", e.Hidden)
			}
			if !e.StepHidden("intro", "why") || e.StepHidden("intro", "how") {
				t.Error("StepHidden disagrees with Hidden")
			}
		}},
		{"drafts and submissions", []step{
			started,
			{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: map[string][]string{"q1": {"1"}}}},
			{citizen, &DraftSaved{Module: "intro", Step: "goals", Form: "goals", Answers: map[string][]string{"g": {"run"}}}},
			{citizen, &FormSubmitted{Module: "intro", Step: "phq", Form: "phq9", Version: "v1", Answers: map[string][]string{"q1": {"2"}}}},
			{clinician, &FormRead{Submission: "4"}},
			{clinician, &FormRead{Submission: "4"}},
			{citizen, &DraftDiscarded{Module: "intro", Step: "goals"}},
			{citizen, &FormSubmitted{Form: "gad7", Version: "v2", Answers: map[string][]string{"a": {"0"}}}},
		}, func(t *testing.T, e *Enrolment) {
			if len(e.Drafts) != 0 {
				t.Errorf("Drafts = %v, want none", e.Drafts)
			}
			want := []*Submission{
				{ID: "4", Form: "phq9", FormVersion: "v1", Module: "intro", Step: "phq", Answers: map[string][]string{"q1": {"2"}}, SubmittedAt: minute(3), ReadAt: minute(4), ReadBy: "anna"},
				{ID: "8", Form: "gad7", FormVersion: "v2", Answers: map[string][]string{"a": {"0"}}, SubmittedAt: minute(7)},
			}
			if !reflect.DeepEqual(e.Submissions, want) {
				t.Errorf("Submissions =\n%s\nwant\n%s", jsonOf(e.Submissions), jsonOf(want))
			}
			if u := e.Unread(); len(u) != 1 || u[0].ID != "8" {
				t.Errorf("Unread = %s", jsonOf(u))
			}
		}},
		{"draft kept until its step's form is submitted", []step{
			started,
			{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: map[string][]string{"q1": {"1"}}}},
			{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: map[string][]string{"q1": {"3"}}}},
		}, func(t *testing.T, e *Enrolment) {
			want := map[string]*Draft{"intro/phq": {Form: "phq9", Answers: map[string][]string{"q1": {"3"}}, SavedAt: minute(2)}}
			if !reflect.DeepEqual(e.Drafts, want) {
				t.Errorf("Drafts = %s", jsonOf(e.Drafts))
			}
		}},
		{"flags raised and reviewed", []step{
			started,
			{System, &FlagRaised{Flag: "inactive"}},
			{citizen, &FormSubmitted{Form: "phq9", Version: "v1", Answers: map[string][]string{"q9": {"3"}}}},
			{System, &FlagRaised{Flag: "suicide-risk", Urgent: true, Submission: "3"}},
			{clinician, &FlagReviewed{Review: "2"}},
			{System, &FlagRaised{Flag: "low-mood"}},
		}, func(t *testing.T, e *Enrolment) {
			if r, _ := e.Review("2"); r == nil || !r.ReviewedAt.Equal(minute(4)) || r.ReviewedBy != "anna" {
				t.Errorf("review 2 = %+v", r)
			}
			var ids []string
			for _, r := range e.Unreviewed() {
				ids = append(ids, r.ID)
			}
			if !reflect.DeepEqual(ids, []string{"4", "6"}) {
				t.Errorf("Unreviewed = %v, want urgent 4 first, then 6", ids)
			}
			if r, _ := e.Review("4"); r.Submission != "3" || !r.Urgent {
				t.Errorf("review 4 = %+v", r)
			}
		}},
		{"urgent flag escalated, then acknowledged", []step{
			started,
			{System, &FlagRaised{Flag: "suicide-risk", Urgent: true}},
			{System, &FlagEscalated{Review: "2", Level: 1, To: []string{"bo", "cia"}}},
			{System, &FlagEscalated{Review: "2", Level: 1, To: []string{"dan"}}},
			{System, &FlagEscalated{Review: "2", Level: 2}},
			{Actor{ID: "bo", Role: RoleClinician}, &FlagAcknowledged{Review: "2"}},
		}, func(t *testing.T, e *Enrolment) {
			r, _ := e.Review("2")
			want := []Escalation{{Level: 1, To: []string{"bo", "cia"}, At: minute(2)}, {Level: 2, At: minute(4)}}
			if !reflect.DeepEqual(r.Escalations, want) {
				t.Errorf("Escalations = %s", jsonOf(r.Escalations))
			}
			if !r.Acknowledged() || !r.AcknowledgedAt.Equal(minute(5)) || r.AcknowledgedBy != "bo" || !r.ReviewedAt.IsZero() {
				t.Errorf("review 2 = %s", jsonOf(r))
			}
		}},
		{"contacts, planning and bookmarks", []step{
			started,
			{citizen, &CareContactAdded{CareContactInput: CareContactInput{Name: "Sam", Phone: "1177"}}},
			{clinician, &CareContactChanged{Contact: "2", CareContactInput: CareContactInput{Name: "Sam S"}}},
			{citizen, &PlanningItemAdded{PlanningInput: PlanningInput{Kind: PlanningMeeting, Title: "Möte", Precision: PrecisionApprox, Month: "2026-12", Part: PartEarly}}},
			{clinician, &PlanningItemChanged{Item: "4", PlanningInput: PlanningInput{Kind: PlanningMeeting, Title: "Möte", Precision: PrecisionExact, Date: "2026-12-03"}}},
			{citizen, &BookmarkSet{Module: "intro", Step: "what"}},
			{citizen, &BookmarkSet{Module: "intro", Step: "why"}},
			{citizen, &BookmarkCleared{Module: "intro", Step: "why"}},
			{clinician, &CareContactAdded{CareContactInput: CareContactInput{Name: "Kim"}}},
			{clinician, &CareContactRemoved{Contact: "9", Name: "Kim"}},
			{clinician, &PlanningItemAdded{PlanningInput: PlanningInput{Kind: PlanningEvent, Title: "X", Precision: PrecisionExact, Date: "2026-12-04"}}},
			{clinician, &PlanningItemRemoved{Item: "11", Title: "X"}},
			{clinician, &VideoMeetingAdded{PlanningInput: PlanningInput{Kind: PlanningVideo, Title: "Video", Precision: PrecisionExact, Date: "2026-12-05", Time: "10:00"}, Room: "0123456789abcdef0123456789abcdef"}},
			{clinician, &PlanningItemRemoved{Item: "13", Title: "Video"}},
		}, func(t *testing.T, e *Enrolment) {
			if len(e.CareContacts) != 1 || e.CareContacts[0].Name != "Sam S" || e.CareContacts[0].ChangedBy != clinician || e.CareContacts[0].CreatedBy != citizen {
				t.Errorf("contacts %s", jsonOf(e.CareContacts))
			}
			if len(e.Planning) != 1 || !e.Planning[0].Exact() || e.Planning[0].YearMonth() != "2026-12" || !e.Planning[0].ChangedAt.Equal(minute(4)) {
				t.Errorf("planning %s", jsonOf(e.Planning))
			}
			if len(e.Bookmarks) != 1 || !e.Bookmarked("intro", "what") {
				t.Errorf("bookmarks %v", e.Bookmarks)
			}
		}},
		{"clinician, mobile, bundle, maintenance, end", []step{
			started,
			{clinician, &ClinicianChanged{From: "anna", To: "bo"}},
			{citizen, &MobileShared{Mobile: "+46701234567"}},
			{clinician, &BundleMoved{From: "stress@1.0+0123456789ab", To: "stress@1.1+ba9876543210"}},
			{clinician, &MaintenanceSet{On: true}},
			{clinician, &Ended{Reason: EndCompleted}},
		}, func(t *testing.T, e *Enrolment) {
			if e.Clinician != "bo" || e.Mobile != "+46701234567" || e.Bundle != "stress@1.1+ba9876543210" || !e.Maintenance {
				t.Errorf("state = %s", jsonOf(e))
			}
			if !e.Ended() || !e.EndedAt.Equal(minute(5)) || e.EndReason != EndCompleted {
				t.Errorf("ended = %v %v %q", e.Ended(), e.EndedAt, e.EndReason)
			}
			if e.Seq != 6 {
				t.Errorf("Seq = %d, want 6", e.Seq)
			}
		}},
		{"activity plans", []step{
			started,
			{clinician, &ActivityPlanSet{Plan: "egen-1", Custom: true, Title: "Vatten", Questions: []*designer.Question{{ID: "q1", Type: designer.TypeNumber, Text: "Glas"}},
				Settings: PlanSettings{Times: []designer.Occasion{{Weekday: "mon", Time: "20:00"}}, EveryWeeks: 1, Asked: []string{"q1"}}}},
			{clinician, &ActivityPlanSwitched{Plan: "egen-1", Active: true}},
			{citizen, &ActivityRegistered{Plan: "egen-1", Occasion: "2026-11-02T20:00", Answers: map[string][]string{"q1": {"6"}}, Comment: "Bra"}},
			{guardian, &ActivityRegistered{Plan: "egen-1", Occasion: "2026-11-02T20:00", Answers: map[string][]string{"q1": {"7"}}}},
			{citizen, &ActivityCommented{Plan: "egen-1", Occasion: "2026-10-26T20:00", Text: "Sjuk"}},
			{citizen, &ActivityCommented{Plan: "egen-1", Occasion: "2026-11-02T20:00", Text: ""}},
		}, func(t *testing.T, e *Enrolment) {
			s := e.PlanStates["egen-1"]
			if s == nil || !s.Custom || s.Title != "Vatten" || !s.Switched || !s.Active || !s.SwitchedAt.Equal(minute(2)) || !s.SetAt.Equal(minute(1)) {
				t.Fatalf("plan state = %s", jsonOf(s))
			}
			if len(s.Records) != 2 || s.Records[0].Occasion != "2026-10-26T20:00" || s.Records[0].Registered() || s.Records[0].Comment != "Sjuk" {
				t.Errorf("records = %s", jsonOf(s.Records))
			}
			r := s.Records[1]
			if !r.RegisteredAt.Equal(minute(3)) || !r.Edited.Equal(minute(4)) || r.Answers["q1"][0] != "7" || r.Guardian != guardian.ID || r.Comment != "" {
				t.Errorf("record = %s", jsonOf(r))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := logOf(t, tt.steps...)
			e, err := Fold(events)
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, e)

			// The snapshot a store keeps must decode to the same state.
			var back Enrolment
			if err := json.Unmarshal([]byte(jsonOf(e)), &back); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(&back, e) {
				t.Errorf("snapshot round trip\n got %s\nwant %s", jsonOf(&back), jsonOf(e))
			}
			// And so must the stored events.
			var stored []Event
			if err := json.Unmarshal([]byte(jsonOf(events)), &stored); err != nil {
				t.Fatal(err)
			}
			again, err := Fold(stored)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(again, e) {
				t.Errorf("fold of stored events\n got %s\nwant %s", jsonOf(again), jsonOf(e))
			}
		})
	}
}

func TestFoldErrors(t *testing.T) {
	good := logOf(t, started, step{citizen, &Visited{}})
	tests := []struct {
		name   string
		events []Event
		want   string
	}{
		{"no events", nil, "no events"},
		{"gap", []Event{good[0], {Seq: 3, Type: "visited"}}, "sequence gap"},
		{"not started first", logOf(t, step{citizen, &Visited{}}), "first event"},
		{"started twice", logOf(t, started, started), "first event"},
		{"unknown type", []Event{good[0], {Seq: 2, Type: "teleported"}}, `unknown type "teleported"`},
		{"bad payload", []Event{good[0], {Seq: 2, Type: "step_opened", Data: json.RawMessage(`[1]`)}}, "decode step_opened"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Fold(tt.events)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Fold error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestEventJSON(t *testing.T) {
	ev, err := NewEvent(time.Date(2026, 11, 2, 9, 0, 0, 123456789, time.FixedZone("CET", 3600)), citizen, &StepOpened{Module: "intro", Step: "what"})
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = 7
	got := jsonOf(ev)
	want := `{"n":7,"at":1793606400123,"by":{"id":"191212121212","r":"citizen"},"t":"step_opened","d":{"module":"intro","step":"what"}}`
	if got != want {
		t.Errorf("stored event\n got %s\nwant %s", got, want)
	}
	visited, _ := NewEvent(t0, citizen, &Visited{})
	if got := jsonOf(visited); strings.Contains(got, `"d"`) {
		t.Errorf("an event without payload stores %s, want no d", got)
	}
}

func TestEventTypes(t *testing.T) {
	types := EventTypes()
	if len(types) != 48 {
		t.Errorf("EventTypes has %d types: %v", len(types), types)
	}
	for _, name := range types {
		c, err := Event{Seq: 1, Type: name}.Change()
		if err != nil {
			t.Fatal(err)
		}
		if c.EventType() != name {
			t.Errorf("type %q decodes to %q", name, c.EventType())
		}
	}
}

func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// TestFoldActivity: the visits and step openings before the cut fold into
// one ActivityFolded that folds to the same state as the events it stands
// for; other events, and those after the cut, stay with their numbers;
// folding again changes nothing; a gap no digest stands for is refused.
func TestFoldActivity(t *testing.T) {
	log := logOf(t,
		started,                   // 1, minute 0
		step{citizen, &Visited{}}, // 2
		step{citizen, &StepOpened{Module: "intro", Step: "what"}},  // 3
		step{clinician, &WelcomeEdited{Text: "Hej"}},               // 4
		step{guardian, &StepOpened{Module: "intro", Step: "what"}}, // 5
		step{clinician, &StepOpened{Module: "intro", Step: "why"}}, // 6: staff, kept
		step{citizen, &Visited{}},                                  // 7
		step{citizen, &MobileShared{Mobile: "+46701234567"}},       // 8
		step{citizen, &StepOpened{Module: "intro", Step: "why"}},   // 9: after the cut
		step{citizen, &Visited{}},                                  // 10
		step{clinician, &ModuleStarted{Module: "sleep"}},           // 11
	)
	cut := minute(8)
	want, err := Fold(log)
	if err != nil {
		t.Fatal(err)
	}
	folded, ok, err := FoldActivity(log, cut)
	if err != nil || !ok {
		t.Fatalf("FoldActivity = %v, %v", ok, err)
	}
	var seqs []int64
	for _, ev := range folded {
		seqs = append(seqs, ev.Seq)
	}
	if wantSeqs := []int64{1, 2, 4, 6, 8, 9, 10, 11}; !reflect.DeepEqual(seqs, wantSeqs) {
		t.Fatalf("folded log has events %v, want %v", seqs, wantSeqs)
	}
	c, err := folded[1].Change()
	if err != nil {
		t.Fatal(err)
	}
	d, isDigest := c.(*ActivityFolded)
	if !isDigest || d.Through != 7 || d.Visits != 2 || d.Openings() != 2 || !d.Last.Equal(minute(6)) || !folded[1].At.Equal(minute(1)) {
		t.Fatalf("digest %+v at %v", c, folded[1].At)
	}
	got, err := Fold(folded)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("state from the folded log\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(got.Opened, want.Opened) {
		t.Errorf("Opened from the folded log %v, want %v", got.Opened, want.Opened)
	}
	again, ok, err := FoldActivity(folded, cut)
	if err != nil || ok || !reflect.DeepEqual(again, folded) {
		t.Errorf("folding again = %v, %v; want nothing to do", ok, err)
	}
	entry, err := NewTimelineEntry(folded[1])
	if err != nil || entry.Key != "timeline.event.activity_folded" || len(entry.Args) != 3 || entry.Args[0].ID != "2" || entry.Args[1].ID != "2" {
		t.Errorf("timeline entry %+v, %v", entry, err)
	}
	// Without the digest the same numbers are a gap.
	if _, err := Fold(append(slices.Clone(folded[:1]), folded[2:]...)); err == nil {
		t.Error("a log with a gap and no digest folds")
	}
	// A digest covers only up to its Through.
	late := slices.Clone(folded)
	late[len(late)-1].Seq = 13
	if _, err := Fold(late); err == nil {
		t.Error("a gap after the digest's stretch folds")
	}
}
