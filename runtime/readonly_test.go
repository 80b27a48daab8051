package runtime

import (
	"errors"
	"testing"
	"time"
)

// TestEndedRefused: every decision refuses an ended enrolment by itself,
// without Do, but the clinician's acknowledgements of what came in before
// the end, and commands that change nothing.
func TestEndedRefused(t *testing.T) {
	p := testProgram()
	answers := map[string][]string{"q1": {"2"}}
	history := []step{
		started,
		{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: answers}},
		{citizen, &FormSubmitted{Form: "gad7"}}, // submission 3
		{System, &FlagRaised{Flag: "inactive"}}, // review 4
		{clinician, &Ended{Reason: EndCompleted}},
	}
	tests := []struct {
		name string
		d    Decision
		err  error // nil: taken
	}{
		{"visit", Visit(), ErrEnded},
		{"open step", OpenStep(p, "intro", "what", time.Now()), ErrEnded},
		{"open unknown step", OpenStep(p, "intro", "nope", time.Now()), ErrEnded},
		{"hide step", HideStep(p, "intro", "why"), ErrEnded},
		{"start module", StartModule(p, "sleep"), ErrEnded},
		{"complete module", CompleteModule("intro"), ErrEnded},
		{"queue module", QueueModule("intro"), ErrEnded},
		{"edit welcome", EditWelcome("Hej"), ErrEnded},
		{"save draft", SaveDraft(p, "intro", "phq", answers, time.Now()), ErrEnded},
		{"discard draft", DiscardDraft("intro", "phq"), ErrEnded},
		{"submit step form", SubmitForm(p, "intro", "phq", "", answers, time.Now()), ErrEnded},
		{"submit battery form", SubmitForm(p, "", "", "gad7", map[string][]string{"a": {"1"}}, time.Now()), ErrEnded},
		{"submit with flags", Submit(p, "intro", "phq", p.Forms[0], answers, time.Now()), ErrEnded},
		{"raise flag", RaiseFlag(p, "risk", ""), ErrEnded},
		{"acknowledge flag", AcknowledgeFlag("4"), ErrEnded},
		{"escalate flag", EscalateFlag("4", 1, nil), ErrEnded},
		{"change clinician", ChangeClinician("bo"), ErrEnded},
		{"share mobile", ShareMobile("0701234567"), ErrEnded},
		{"move bundle", MoveBundle("stress@1.3+aaaaaaaaaaaa"), ErrEnded},
		{"start maintenance", StartMaintenance(30, nil), ErrEnded},
		{"end again", End(EndOther), ErrEnded},
		{"hand over", RequestHandover(Staff{ID: "anna", Roles: map[string][]Role{"u1": {RoleClinician}}}, "u2"), ErrEnded},
		{"link", Link(&Enrolment{ID: "e2", Citizen: "191212121212"}), ErrEnded},
		{"always", Always(&StepShown{Module: "intro", Step: "why"}), ErrEnded},
		{"then with a refused one", Then(MarkRead("3"), Visit()), ErrEnded},
		{"mark read", MarkRead("3"), nil},
		{"review flag", ReviewFlag("4"), nil},
		{"read and review", Then(MarkRead("3"), ReviewFlag("4")), nil},
		{"always an acknowledgement", Always(&FormRead{Submission: "3"}), nil},
		{"show a shown step changes nothing", ShowStep("intro", "why"), nil},
		{"start conversation", StartConversation(messagesProgram(), SideStaff, "x"), ErrEnded},
		{"send message", SendMessage(messagesProgram(), "2", SideStaff, "x", ""), ErrEnded},
		{"read an unknown conversation", ReadConversation("2", SideStaff), ErrEnded},
		{"add contact", AddCareContact(careProgram(), sam), ErrEnded},
		{"change unknown contact", ChangeCareContact(careProgram(), "2", sam), ErrEnded},
		{"remove unknown contact", RemoveCareContact(careProgram(), "2"), ErrEnded},
		{"add planning item", AddPlanningItem(careProgram(), meeting), ErrEnded},
		{"change unknown planning item", ChangePlanningItem(careProgram(), "2", meeting), ErrEnded},
		{"remove unknown planning item", RemovePlanningItem(careProgram(), "2"), ErrEnded},
		{"add video meeting", AddVideoMeeting(careProgram(), videoUnit, videoCall, testRoom), ErrEnded},
		{"set bookmark", SetBookmark(careProgram(), "intro", "what", true), ErrEnded},
		{"clear bookmark", SetBookmark(careProgram(), "intro", "what", false), ErrEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, history...))
			if err != nil {
				t.Fatal(err)
			}
			before := jsonOf(e)
			cs, err := tt.d(e)
			switch {
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("error = %v, want %v", err, tt.err)
			case tt.err != nil && cs != nil:
				t.Errorf("changes %s with error", jsonOf(cs))
			case tt.err == nil && err != nil:
				t.Errorf("error = %v, want none", err)
			}
			if jsonOf(e) != before {
				t.Error("the decision modified the state")
			}
		})
	}
}

// TestMaintenanceRefused: in maintenance the citizen reads but writes no
// answers; the clinician's commands and the citizen's reading go on.
func TestMaintenanceRefused(t *testing.T) {
	p := testProgram()
	answers := map[string][]string{"q1": {"2"}}
	history := []step{
		started,
		{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: answers}},
		{clinician, &MaintenanceSet{On: true}},
	}
	tests := []struct {
		name string
		d    Decision
		err  error // nil: taken
	}{
		{"save draft", SaveDraft(p, "intro", "phq", answers, time.Now()), ErrReadOnly},
		{"discard draft", DiscardDraft("intro", "phq"), ErrReadOnly},
		{"submit step form", SubmitForm(p, "intro", "phq", "", answers, time.Now()), ErrReadOnly},
		{"submit battery form", SubmitForm(p, "", "", "gad7", map[string][]string{"a": {"1"}}, time.Now()), ErrReadOnly},
		{"submit with flags", Submit(p, "intro", "phq", p.Forms[0], answers, time.Now()), ErrReadOnly},
		{"visit", Visit(), nil},
		{"open step", OpenStep(p, "intro", "what", time.Now()), nil},
		{"start module", StartModule(p, "sleep"), nil},
		{"hide step", HideStep(p, "intro", "why"), nil},
		{"raise flag", RaiseFlag(p, "inactive", ""), nil},
		{"start maintenance again", StartMaintenance(30, nil), ErrInvalid},
		{"end", End(EndCompleted), nil},
		{"add contact", AddCareContact(careProgram(), sam), ErrReadOnly},
		{"change contact", ChangeCareContact(careProgram(), "2", sam), ErrReadOnly},
		{"remove contact", RemoveCareContact(careProgram(), "2"), ErrReadOnly},
		{"add planning item", AddPlanningItem(careProgram(), meeting), ErrReadOnly},
		{"change planning item", ChangePlanningItem(careProgram(), "2", meeting), ErrReadOnly},
		{"remove planning item", RemovePlanningItem(careProgram(), "2"), ErrReadOnly},
		{"add video meeting", AddVideoMeeting(careProgram(), videoUnit, videoCall, testRoom), ErrReadOnly},
		{"set bookmark", SetBookmark(careProgram(), "intro", "what", true), ErrReadOnly},
		{"clear bookmark", SetBookmark(careProgram(), "intro", "what", false), ErrReadOnly},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, history...))
			if err != nil {
				t.Fatal(err)
			}
			if !e.ReadOnly() || e.CheckWrite() != ErrReadOnly {
				t.Fatalf("ReadOnly %v, CheckWrite %v", e.ReadOnly(), e.CheckWrite())
			}
			cs, err := tt.d(e)
			switch {
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("error = %v, want %v", err, tt.err)
			case tt.err != nil && cs != nil:
				t.Errorf("changes %s with error", jsonOf(cs))
			case tt.err == nil && (err != nil || len(cs) == 0):
				t.Errorf("changes %s, error %v; want a change", jsonOf(cs), err)
			}
		})
	}
}

func TestCheckWrite(t *testing.T) {
	tests := []struct {
		name    string
		history []step
		want    error
	}{
		{"running", []step{started}, nil},
		{"maintenance", []step{started, {clinician, &MaintenanceSet{On: true}}}, ErrReadOnly},
		{"maintenance over", []step{started, {clinician, &MaintenanceSet{On: true}}, {clinician, &MaintenanceSet{On: false}}}, nil},
		{"ended", []step{started, {clinician, &Ended{Reason: EndOther}}}, ErrEnded},
		{"ended in maintenance", []step{started, {clinician, &MaintenanceSet{On: true}}, {clinician, &Ended{Reason: EndOther}}}, ErrEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, tt.history...))
			if err != nil {
				t.Fatal(err)
			}
			if got := e.CheckWrite(); got != tt.want {
				t.Errorf("CheckWrite = %v, want %v", got, tt.want)
			}
			if e.ReadOnly() != (tt.want != nil) {
				t.Errorf("ReadOnly = %v", e.ReadOnly())
			}
		})
	}
}
