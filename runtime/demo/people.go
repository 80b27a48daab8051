package demo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// Guardian is the demo guardian ("ombud"), who acts for ChildName, a
// child under 13 with "Sov bättre" running on the north unit.
var Guardian = runtime.Citizen{PNR: "197906122846", Name: "Karin Lind"}

// ChildName is the name of the demo guardian's child.
const ChildName = "Lina Lind"

// Protected is the demo citizen with a protected identity: their
// enrolment on the north unit shows as "Skyddad identitet" to a unit admin
// or data admin, and they are offered no self-enrolment.
var Protected = runtime.Citizen{PNR: "198811202996", Name: "Alex Nord", Protected: true}

// childAhead is how long the demo child has left before turning 13 on the
// day the demo child is made, so the guardian can act for it a while.
const childAhead = 60

// ChildPNR returns the number of a child who turns 13 childAhead days
// after today in Stockholm: a demo made today always has a child the
// guardian may act for, and a demo run with --clock-offset past that day
// shows the right ending by itself.
func ChildPNR(today time.Time) string {
	y, m, d := today.In(runtime.Stockholm).Date()
	born := time.Date(y-runtime.GuardianAgeLimit, m, d+childAhead, 0, 0, 0, 0, time.UTC)
	digits := []byte(born.Format("20060102") + "238")
	sum := 0
	for i, c := range digits[2:] {
		v := int(c - '0')
		if i%2 == 0 {
			if v *= 2; v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return string(append(digits, byte('0'+(10-sum%10)%10)))
}

// PeopleChoices are the demo guardian and the protected citizen, for the
// development sign-in beside Choices.
func PeopleChoices() []auth.Choice {
	return []auth.Choice{
		{Kind: auth.Citizen, Subject: Guardian.PNR, Name: Guardian.Name, Description: runtime.FormatPnr(Guardian.PNR) + " – ombud för " + ChildName},
		{Kind: auth.Citizen, Subject: Protected.PNR, Name: Protected.Name, Description: runtime.FormatPnr(Protected.PNR)},
	}
}

// seedPeople writes the demo guardian with a child and the protected
// citizen, each with the first program active on the north unit running,
// Erik Ek responsible (the south unit's lists stay as they were).
// A guardian who already has a child under 13 keeps it, so the demo keeps
// what was done in it.
func seedPeople(ctx context.Context, store runtime.Store, now time.Time) error {
	for _, c := range []runtime.Citizen{Guardian, Protected} {
		if err := store.PutCitizen(ctx, c); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	acts, err := store.Activations(ctx, UnitNorth)
	if err != nil || len(acts) == 0 {
		return err
	}
	b, err := store.BundleFile(ctx, acts[0].Bundle, "program.json")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	p, err := decodeProgram(b)
	if err != nil {
		return err
	}
	bundle := acts[0].Bundle
	svc := runtime.NewEnrolments(store)
	svc.Now = func() time.Time { return now }
	wards, err := runtime.WardsOf(ctx, store, Guardian.PNR, now)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	citizens := []runtime.Citizen{Protected}
	current := false
	for _, w := range wards {
		current = current || !w.Ended
	}
	if !current {
		child := runtime.Citizen{PNR: ChildPNR(now), Name: ChildName}
		if err := store.PutCitizen(ctx, child); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := store.SetGuardians(ctx, child.PNR, []string{Guardian.PNR}); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		citizens = append(citizens, child)
	}
	for _, c := range citizens {
		_, err := svc.Start(ctx, runtime.StartInput{Program: p, Bundle: bundle, Unit: UnitNorth, Citizen: c.PNR,
			CitizenName: c.Name, Clinician: "erik", Actor: runtime.Actor{ID: "erik", Role: runtime.RoleClinician}})
		if err != nil && !errors.Is(err, runtime.ErrExists) {
			return fmt.Errorf("demo: start for %s: %w", c.Name, err)
		}
	}
	return nil
}
