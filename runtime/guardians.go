package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// Guardians ("ombud"): a guardian acts for a child under 13. The child's
// guardians are a record of their own beside the citizen (GuardianStore),
// set by a clinician or citizen admin. A guardian signed in with their own
// number chooses to act for a child; from then on the pages are the
// child's, and every event records Actor{ID: the guardian's number, Role:
// RoleGuardian}. The right ends on the child's 13th birthday by itself:
// CanActFor is asked on every request, so no job needs to take it away.

// GuardianAgeLimit is the age at which a child's guardians stop acting for
// them in stegvis: from the 13th birthday the child signs in themselves.
const GuardianAgeLimit = 13

// AdultAge is the age from which someone may be a guardian here.
const AdultAge = 18

// Errors of the guardian rules, which the web layer maps to coded pages.
var (
	// ErrNotGuardian means the person is not listed as the child's guardian.
	ErrNotGuardian = errors.New("not a guardian of the child")
	// ErrChildTooOld means the child has turned GuardianAgeLimit.
	ErrChildTooOld = errors.New("the child has turned 13: guardians no longer act for them")
	// ErrGuardianMinor means the would-be guardian is not an adult.
	ErrGuardianMinor = errors.New("a guardian must be an adult")
)

// Age returns the age in whole years, on the day of now in Stockholm, of
// the person with the 12-digit number pnr. Someone born on 29 February
// has their birthday on 1 March in other years.
func Age(pnr string, now time.Time) (int, error) {
	born, err := PnrBirthDate(pnr)
	if err != nil {
		return 0, err
	}
	y, m, d := now.In(Stockholm).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	age := y - born.Year()
	// time.Date moves 29 February of a common year to 1 March.
	if time.Date(y, born.Month(), born.Day(), 0, 0, 0, 0, time.UTC).After(today) {
		age--
	}
	return age, nil
}

// GuardianEnds returns the day (midnight in Stockholm) on which the
// child's guardians stop acting for them: the 13th birthday.
func GuardianEnds(child string) (time.Time, error) {
	born, err := PnrBirthDate(child)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(born.Year()+GuardianAgeLimit, born.Month(), born.Day(), 0, 0, 0, 0, Stockholm), nil
}

// CanActFor reports, as an error, whether guardian may act for child at
// now: they must be listed among the child's guardians and the child must
// be under GuardianAgeLimit on the day in Stockholm.
func CanActFor(child string, guardians []string, guardian string, now time.Time) error {
	if !slices.Contains(guardians, guardian) {
		return ErrNotGuardian
	}
	age, err := Age(child, now)
	if err != nil {
		return fmt.Errorf("age of child: %w", err)
	}
	if age >= GuardianAgeLimit {
		return ErrChildTooOld
	}
	return nil
}

// CheckGuardians validates the guardians to list for child at now: the
// child is under GuardianAgeLimit, and each guardian is a valid number, an
// adult, and not the child. It returns the guardians as 12 digits, sorted
// and without repeats. An empty list is valid: it removes every guardian.
func CheckGuardians(child string, guardians []string, now time.Time) ([]string, error) {
	if len(guardians) > 0 {
		age, err := Age(child, now)
		if err != nil {
			return nil, fmt.Errorf("age of child: %w", err)
		}
		if age >= GuardianAgeLimit {
			return nil, ErrChildTooOld
		}
	}
	var out []string
	for _, g := range guardians {
		pnr, err := ParsePnr(g, now)
		if err != nil {
			return nil, err
		}
		if pnr == child {
			return nil, fmt.Errorf("guardian is the child: %w", ErrInvalid)
		}
		age, err := Age(pnr, now)
		if err != nil {
			return nil, err
		}
		if age < AdultAge {
			return nil, ErrGuardianMinor
		}
		out = append(out, pnr)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// Ward is a child a guardian is listed for, as the guardian's start page
// lists them.
type Ward struct {
	Citizen Citizen
	// Until is the child's 13th birthday, when acting for them ends.
	Until time.Time
	// Ended is set once the child has turned 13.
	Ended bool
}

// WardsOf returns the children guardian is listed for at now, by number,
// with those who have turned 13 marked Ended. The store's index from
// guardian to children may list too much (it is not written atomically
// with the child's list); every child is checked against its own list.
func WardsOf(ctx context.Context, s interface {
	GuardianStore
	Citizen(ctx context.Context, pnr string) (Citizen, error)
}, guardian string, now time.Time) ([]Ward, error) {
	children, err := s.Wards(ctx, guardian)
	if err != nil {
		return nil, fmt.Errorf("wards: %w", err)
	}
	var out []Ward
	for _, child := range children {
		gs, err := s.Guardians(ctx, child)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, fmt.Errorf("guardians: %w", err)
		}
		err = CanActFor(child, gs, guardian, now)
		if err != nil && !errors.Is(err, ErrChildTooOld) {
			continue
		}
		c, cerr := s.Citizen(ctx, child)
		if errors.Is(cerr, ErrNotFound) {
			c = Citizen{PNR: child}
		} else if cerr != nil {
			return nil, fmt.Errorf("child: %w", cerr)
		}
		until, _ := GuardianEnds(child)
		out = append(out, Ward{Citizen: c, Until: until, Ended: err != nil})
	}
	return out, nil
}

// GuardianStore keeps each child's guardians and the index from a guardian
// to the children they are listed for.
type GuardianStore interface {
	// SetGuardians replaces the child's guardians (12-digit numbers, as
	// CheckGuardians returns them); none removes them all.
	SetGuardians(ctx context.Context, child string, guardians []string) error
	// Guardians returns the child's guardians, or ErrNotFound when none
	// were ever set.
	Guardians(ctx context.Context, child string) ([]string, error)
	// Wards returns the children the guardian is listed for, sorted. It
	// may list a child whose guardians were changed since; WardsOf checks.
	Wards(ctx context.Context, guardian string) ([]string, error)
}
