package runtime

import (
	"errors"
	"strings"
	"testing"
)

func TestEndNotification(t *testing.T) {
	e, err := Fold(logOf(t, started))
	if err != nil {
		t.Fatal(err)
	}
	n, err := EndNotification(e, "  Tack för din tid!  ", t0)
	if err != nil {
		t.Fatal(err)
	}
	if n.Message != "Tack för din tid!" || n.Recipient != (Recipient{Kind: RecipientCitizen, ID: e.Citizen}) ||
		n.Key != "e1/end//citizen" || n.Enrolment != "e1" || n.Unit != "u1" {
		t.Errorf("notification %+v", n)
	}
	if again, _ := EndNotification(e, "Något annat", t0.Add(1)); again.Key != n.Key {
		t.Error("a second end message has another key; a retried end would send two")
	}
	for name, msg := range map[string]string{
		"empty":          "  ",
		"too long":       strings.Repeat("å", MaxEndMessage+1),
		"too many bytes": strings.Repeat("😀", MaxEndMessage),
	} {
		if _, err := EndNotification(e, msg, t0); !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrTooLong) {
			t.Errorf("%s: error = %v", name, err)
		}
	}
}

// TestEndRefusesAccess: after the end the citizen may not open the
// enrolment, and nothing but the clinician's acknowledgements changes it.
func TestEndRefusesAccess(t *testing.T) {
	e, err := Fold(logOf(t, started, step{clinician, &Ended{Reason: EndCompleted}}))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.CitizenAccess(minute(2)); !errors.Is(err, ErrEnded) {
		t.Errorf("access after the end = %v", err)
	}
	if _, err := End(EndOther)(e); !errors.Is(err, ErrEnded) {
		t.Errorf("ending twice = %v", err)
	}
}
