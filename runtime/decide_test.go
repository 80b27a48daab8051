package runtime

import (
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
)

func testProgram() *designer.Program {
	return &designer.Program{
		ID: "stress", Version: "1.0",
		Modules: []*designer.Module{
			{ID: "intro", Start: designer.StartCurrent, Sections: []*designer.Section{{ID: "a", Steps: []*designer.Step{
				{ID: "what"}, {ID: "why"}, {ID: "phq", Form: "phq9"},
			}}}},
			{ID: "sleep", Start: designer.StartUpcoming, Sections: []*designer.Section{{ID: "a", Steps: []*designer.Step{
				{ID: "diary", Form: "diary"},
			}}}},
		},
		Forms: []*designer.Form{
			{ID: "phq9", Version: "v1", Questions: []*designer.Question{{ID: "q1"}, {ID: "q9"}}},
			{ID: "diary", Version: "v3", Questions: []*designer.Question{{ID: "hours"}}},
			{ID: "gad7", Version: "v2", Questions: []*designer.Question{{ID: "a"}}},
		},
		Flags: []*designer.Flag{{ID: "risk", Urgent: true}, {ID: "inactive"}},
	}
}

func TestDecisions(t *testing.T) {
	p := testProgram()
	base := []step{started}
	answers := map[string][]string{"q1": {"2"}}
	tests := []struct {
		name    string
		history []step
		d       Decision
		want    []Change
		err     error
	}{
		{"visit", base, Visit(), []Change{&Visited{}}, nil},
		{"open step", base, OpenStep(p, "intro", "what", time.Now()), []Change{&StepOpened{Module: "intro", Step: "what"}}, nil},
		{"open unknown step", base, OpenStep(p, "intro", "nope", time.Now()), nil, ErrInvalid},
		{"open step of upcoming module", base, OpenStep(p, "sleep", "diary", time.Now()), nil, ErrInvalid},
		{"open hidden step", append(base, step{clinician, &StepHidden{Module: "intro", Step: "why"}}), OpenStep(p, "intro", "why", time.Now()), nil, ErrInvalid},
		{"hide step", base, HideStep(p, "intro", "why"), []Change{&StepHidden{Module: "intro", Step: "why"}}, nil},
		{"hide hidden step", append(base, step{clinician, &StepHidden{Module: "intro", Step: "why"}}), HideStep(p, "intro", "why"), nil, nil},
		{"hide unknown step", base, HideStep(p, "intro", "nope"), nil, ErrInvalid},
		{"show hidden step", append(base, step{clinician, &StepHidden{Module: "intro", Step: "why"}}), ShowStep("intro", "why"), []Change{&StepShown{Module: "intro", Step: "why"}}, nil},
		{"show shown step", base, ShowStep("intro", "why"), nil, nil},
		{"start module", base, StartModule(p, "sleep"), []Change{&ModuleStarted{Module: "sleep"}}, nil},
		{"start current module", base, StartModule(p, "intro"), nil, nil},
		{"start unknown module", base, StartModule(p, "nope"), nil, ErrInvalid},
		{"complete module", base, CompleteModule("intro"), []Change{&ModuleCompleted{Module: "intro"}}, nil},
		{"complete upcoming module", base, CompleteModule("sleep"), nil, ErrInvalid},
		{"complete completed module", append(base, step{clinician, &ModuleCompleted{Module: "intro"}}), CompleteModule("intro"), nil, nil},
		{"queue module", base, QueueModule("intro"), []Change{&ModuleQueued{Module: "intro"}}, nil},
		{"queue upcoming module", base, QueueModule("sleep"), nil, nil},
		{"queue unknown module", base, QueueModule("nope"), nil, ErrInvalid},
		{"edit welcome", base, EditWelcome("Välkommen"), []Change{&WelcomeEdited{Text: "Välkommen"}}, nil},
		{"edit welcome to the same", base, EditWelcome(""), nil, nil},
		{"save draft", base, SaveDraft(p, "intro", "phq", answers, time.Now()), []Change{&DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: answers}}, nil},
		{"save draft of step without form", base, SaveDraft(p, "intro", "what", answers, time.Now()), nil, ErrInvalid},
		{"save draft with unknown question", base, SaveDraft(p, "intro", "phq", map[string][]string{"zz": {"1"}}, time.Now()), nil, ErrInvalid},
		{"save draft in upcoming module", base, SaveDraft(p, "sleep", "diary", map[string][]string{"hours": {"7"}}, time.Now()), nil, ErrInvalid},
		{"discard draft", append(base, step{citizen, &DraftSaved{Module: "intro", Step: "phq", Form: "phq9", Answers: answers}}), DiscardDraft("intro", "phq"), []Change{&DraftDiscarded{Module: "intro", Step: "phq"}}, nil},
		{"discard missing draft", base, DiscardDraft("intro", "phq"), nil, nil},
		{"submit step form", base, SubmitForm(p, "intro", "phq", "", answers, time.Now()), []Change{&FormSubmitted{Module: "intro", Step: "phq", Form: "phq9", Version: "v1", Answers: answers}}, nil},
		{"submit step form by name", base, SubmitForm(p, "intro", "phq", "phq9", answers, time.Now()), []Change{&FormSubmitted{Module: "intro", Step: "phq", Form: "phq9", Version: "v1", Answers: answers}}, nil},
		{"submit other form on step", base, SubmitForm(p, "intro", "phq", "gad7", answers, time.Now()), nil, ErrInvalid},
		{"submit battery form", base, SubmitForm(p, "", "", "gad7", map[string][]string{"a": {"1"}}, time.Now()), []Change{&FormSubmitted{Form: "gad7", Version: "v2", Answers: map[string][]string{"a": {"1"}}}}, nil},
		{"submit unknown form", base, SubmitForm(p, "", "", "nope", nil, time.Now()), nil, ErrInvalid},
		{"mark read", append(base, step{citizen, &FormSubmitted{Form: "gad7"}}), MarkRead("2"), []Change{&FormRead{Submission: "2"}}, nil},
		{"mark read twice", append(base, step{citizen, &FormSubmitted{Form: "gad7"}}, step{clinician, &FormRead{Submission: "2"}}), MarkRead("2"), nil, nil},
		{"mark unknown read", base, MarkRead("9"), nil, ErrInvalid},
		{"raise flag", base, RaiseFlag(p, "risk", ""), []Change{&FlagRaised{Flag: "risk", Urgent: true}}, nil},
		{"raise flag on missing submission", base, RaiseFlag(p, "risk", "7"), nil, ErrInvalid},
		{"raise unknown flag", base, RaiseFlag(p, "nope", ""), nil, ErrInvalid},
		{"review flag", append(base, step{System, &FlagRaised{Flag: "inactive"}}), ReviewFlag("2"), []Change{&FlagReviewed{Review: "2"}}, nil},
		{"review reviewed flag", append(base, step{System, &FlagRaised{Flag: "inactive"}}, step{clinician, &FlagReviewed{Review: "2"}}), ReviewFlag("2"), nil, nil},
		{"review unknown flag", base, ReviewFlag("2"), nil, ErrInvalid},
		{"acknowledge urgent flag", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}), AcknowledgeFlag("2"), []Change{&FlagAcknowledged{Review: "2"}}, nil},
		{"acknowledge reviewed urgent flag", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}, step{clinician, &FlagReviewed{Review: "2"}}), AcknowledgeFlag("2"), nil, nil},
		{"acknowledge flag not urgent", append(base, step{System, &FlagRaised{Flag: "inactive"}}), AcknowledgeFlag("2"), nil, ErrInvalid},
		{"acknowledge unknown flag", base, AcknowledgeFlag("2"), nil, ErrInvalid},
		{"escalate urgent flag", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}), EscalateFlag("2", 1, []string{"bo"}), []Change{&FlagEscalated{Review: "2", Level: 1, To: []string{"bo"}}}, nil},
		{"escalate to a level twice", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}, step{System, &FlagEscalated{Review: "2", Level: 1}}), EscalateFlag("2", 1, []string{"bo"}), nil, nil},
		{"escalate acknowledged flag", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}, step{clinician, &FlagAcknowledged{Review: "2"}}), EscalateFlag("2", 1, nil), nil, nil},
		{"escalate past the last level", append(base, step{System, &FlagRaised{Flag: "risk", Urgent: true}}), EscalateFlag("2", LastEscalationLevel+1, nil), nil, ErrInvalid},
		{"change clinician", base, ChangeClinician("bo"), []Change{&ClinicianChanged{From: "anna", To: "bo"}}, nil},
		{"change to same clinician", base, ChangeClinician("anna"), nil, nil},
		{"change to no clinician", base, ChangeClinician(""), nil, ErrInvalid},
		{"share mobile", base, ShareMobile("0701234567"), []Change{&MobileShared{Mobile: "0701234567"}}, nil},
		{"move bundle", base, MoveBundle("stress@1.3+aaaaaaaaaaaa"), []Change{&BundleMoved{From: "stress@1.0+0123456789ab", To: "stress@1.3+aaaaaaaaaaaa"}}, nil},
		{"move bundle to same", base, MoveBundle("stress@1.0+0123456789ab"), nil, nil},
		{"move bundle to next major", base, MoveBundle("stress@2.0+aaaaaaaaaaaa"), nil, ErrInvalid},
		{"move bundle to other program", base, MoveBundle("sleep@1.1+aaaaaaaaaaaa"), nil, ErrInvalid},
		{"move bundle to bad name", base, MoveBundle("stress"), nil, ErrInvalid},
		{"start maintenance", base, StartMaintenance(30, []string{"intro", "intro"}), []Change{&MaintenanceStarted{Days: 30, Modules: []string{"intro"}}}, nil},
		{"start maintenance twice", append(base, step{clinician, &MaintenanceStarted{Days: 30}}), StartMaintenance(30, nil), nil, ErrInvalid},
		{"start maintenance after an old one", append(base, step{clinician, &MaintenanceSet{On: true}}), StartMaintenance(30, nil), nil, ErrInvalid},
		{"start maintenance for no days", base, StartMaintenance(0, nil), nil, ErrInvalid},
		{"start maintenance too long", base, StartMaintenance(MaxMaintenanceDays+1, nil), nil, ErrInvalid},
		{"start maintenance with unknown module", base, StartMaintenance(30, []string{"nosuch"}), nil, ErrInvalid},
		{"end", base, End(EndDiscontinued), []Change{&Ended{Reason: EndDiscontinued}}, nil},
		{"end with unknown reason", base, End("bored"), nil, ErrInvalid},
		{"submit then raise flag on it", base, Then(
			SubmitForm(p, "intro", "phq", "", answers, time.Now()),
			RaiseFlag(p, "risk", "2"),
		), []Change{
			&FormSubmitted{Module: "intro", Step: "phq", Form: "phq9", Version: "v1", Answers: answers},
			&FlagRaised{Flag: "risk", Urgent: true, Submission: "2"},
		}, nil},
		{"then stops at the first error", base, Then(Visit(), End("bored")), nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkDecision(t, tt.history, tt.d, tt.want, tt.err, nil) })
	}
}
