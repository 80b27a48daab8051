package runtime

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// TestTextLimits checks that every decision recording typed text refuses
// text over its limit with a *TooLongError wrapping ErrInvalid, and takes
// text at the limit.
func TestTextLimits(t *testing.T) {
	p := testProgram()
	// A form of many text questions, to pass the total before any answer
	// passes its own limit.
	long := &designer.Form{ID: "long", Version: "v1"}
	for _, id := range strings.Split("a b c d e f g h i j k", " ") {
		long.Questions = append(long.Questions, &designer.Question{ID: id, Type: designer.TypeText})
	}
	p.Forms = append(p.Forms, long)
	p.Modules[0].Sections[0].Steps = append(p.Modules[0].Sections[0].Steps,
		&designer.Step{ID: "long", Form: "long"}, &designer.Step{ID: "long2", Form: "long"}, &designer.Step{ID: "long3", Form: "long"}, &designer.Step{ID: "long4", Form: "long"})
	full := func(n int) map[string][]string { // n answers of MaxAnswerText characters
		a := map[string][]string{}
		for _, q := range long.Questions[:n] {
			a[q.ID] = []string{strings.Repeat("å", MaxAnswerText)}
		}
		return a
	}
	draft := func(st string, a map[string][]string) step {
		return step{citizen, &DraftSaved{Module: "intro", Step: st, Form: "long", Answers: a}}
	}
	over := strings.Repeat("ä", MaxAnswerText+1)
	base := []step{started}
	tests := []struct {
		name    string
		history []step
		d       Decision
		what    string // the TooLongError's What; "" for no error
		invalid bool   // ErrInvalid without a TooLongError
	}{
		{"draft answer at the limit", base, SaveDraft(p, "intro", "phq", map[string][]string{"q1": {strings.Repeat("x", MaxAnswerText)}}, time.Now()), "", false},
		{"draft answer over the limit", base, SaveDraft(p, "intro", "phq", map[string][]string{"q1": {over}}, time.Now()), "answer", false},
		{"draft with many answers to one question", base, SaveDraft(p, "intro", "phq", map[string][]string{"q1": {"1", "2"}}, time.Now()), "", true},
		{"draft form at the limit", base, SaveDraft(p, "intro", "long", full(10), time.Now()), "", false},
		{"draft form over the limit", base, SaveDraft(p, "intro", "long", full(11), time.Now()), "form", false},
		{"drafts at the limit", append(base, draft("long", full(10)), draft("long2", full(10))), SaveDraft(p, "intro", "long3", full(10), time.Now()), "", false},
		{"drafts over the limit", append(base, draft("long", full(10)), draft("long2", full(10)), draft("long3", full(10))), SaveDraft(p, "intro", "long4", full(1), time.Now()), "drafts", false},
		{"draft replacing one at the drafts limit", append(base, draft("long", full(10)), draft("long2", full(10)), draft("long3", full(10))), SaveDraft(p, "intro", "long3", full(9), time.Now()), "", false},
		{"submit answer over the limit", base, SubmitForm(p, "intro", "phq", "", map[string][]string{"q9": {over}}, time.Now()), "answer", false},
		{"submit form over the limit", base, SubmitForm(p, "intro", "long", "", full(11), time.Now()), "form", false},
		{"welcome at the limit", base, EditWelcome(strings.Repeat("é", MaxWelcome)), "", false},
		{"welcome over the limit", base, EditWelcome(strings.Repeat("é", MaxWelcome+1)), "welcome", false},
		{"mobile over the limit", base, ShareMobile(strings.Repeat("0", MaxMobile+1)), "mobile", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, tt.history...))
			if err != nil {
				t.Fatal(err)
			}
			_, err = tt.d(e)
			var tl *TooLongError
			switch {
			case tt.what == "" && !tt.invalid:
				if err != nil {
					t.Fatalf("error = %v, want none", err)
				}
			case tt.invalid:
				if !errors.Is(err, ErrInvalid) || errors.As(err, &tl) {
					t.Fatalf("error = %v, want ErrInvalid only", err)
				}
			default:
				if !errors.As(err, &tl) || tl.What != tt.what || !errors.Is(err, ErrTooLong) || !errors.Is(err, ErrInvalid) {
					t.Fatalf("error = %v, want a %s too long", err, tt.what)
				}
				if tl.Len <= tl.Max {
					t.Errorf("length %d, limit %d", tl.Len, tl.Max)
				}
			}
		})
	}
}

// TestStartCitizenName checks that a start is refused a name over
// MaxCitizenName before anything is read or written.
func TestStartCitizenName(t *testing.T) {
	p := testProgram()
	s := &Enrolments{} // no store: the name is refused before it is needed
	in := StartInput{Program: p, Bundle: "stress@1.0+0123456789ab", Unit: "u1", Citizen: "19121212-1212",
		CitizenName: strings.Repeat("Tolvan ", 900_000/7), Clinician: "anna", Actor: clinician}
	_, err := s.Start(t.Context(), in)
	var tl *TooLongError
	if !errors.As(err, &tl) || tl.What != "citizen name" || !errors.Is(err, ErrInvalid) {
		t.Fatalf("error = %v, want a citizen name too long", err)
	}
	for _, name := range []string{"", "  "} {
		in.CitizenName = name
		if _, err := s.Start(t.Context(), in); !errors.Is(err, ErrInvalid) {
			t.Errorf("name %q: error = %v, want ErrInvalid", name, err)
		}
	}
}
