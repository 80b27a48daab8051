package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Self-enrolment ("självanmälan"): a unit opens a program it has activated
// so that citizens can start it themselves. The unit names the clinician
// who becomes responsible for each self-enrolled citizen: a region expects
// every running enrolment to have a responsible clinician from its first
// day, so that flags and messages reach someone at once, rather than
// waiting unowned in a list until an admin assigns one. The citizen admin
// can change the clinician afterwards as for any enrolment.

// SelfEnrolment is a unit's offer of an activated program to citizens.
type SelfEnrolment struct {
	Unit    string `json:"unit"`
	Program string `json:"program"`
	// Clinician is the staff id made responsible for each enrolment that
	// starts through the offer; they must be a clinician on the unit.
	Clinician string    `json:"clinician"`
	OpenedAt  time.Time `json:"opened_at"`
	OpenedBy  string    `json:"opened_by,omitempty"`
}

// SelfEnrolStore keeps the units' offers of self-enrolment.
type SelfEnrolStore interface {
	// OpenSelfEnrolment creates or replaces the unit's offer of a program.
	OpenSelfEnrolment(ctx context.Context, o SelfEnrolment) error
	// CloseSelfEnrolment withdraws the offer; closing one that is not
	// open is no error.
	CloseSelfEnrolment(ctx context.Context, unit, program string) error
	// SelfEnrolments returns every open offer, sorted by program, then unit.
	SelfEnrolments(ctx context.Context) ([]SelfEnrolment, error)
}

// SortSelfEnrolments sorts offers as SelfEnrolments returns them.
func SortSelfEnrolments(os []SelfEnrolment) {
	slices.SortFunc(os, func(a, b SelfEnrolment) int {
		if c := strings.Compare(a.Program, b.Program); c != 0 {
			return c
		}
		return strings.Compare(a.Unit, b.Unit)
	})
}

// ErrProtected means a citizen with a protected identity asked for
// self-enrolment, which they are not offered.
var ErrProtected = errors.New("self-enrolment is not offered to a protected identity")

// CheckSelfEnrolment validates an offer before a unit opens it: the
// program is activated on the unit and the clinician is a clinician there.
func CheckSelfEnrolment(o SelfEnrolment, activated bool, clinician Staff) error {
	if !activated {
		return fmt.Errorf("program %s is not activated on unit %s: %w", o.Program, o.Unit, ErrInvalid)
	}
	if clinician.ID != o.Clinician || !clinician.HasRole(o.Unit, RoleClinician) {
		return fmt.Errorf("%s is not a clinician on unit %s: %w", o.Clinician, o.Unit, ErrInvalid)
	}
	return nil
}

// SelfEnrolmentsFor returns the offers a citizen is shown at now: none to a
// protected identity, and none of a program the citizen already has a
// running enrolment of (running lists the programs of those).
func SelfEnrolmentsFor(c Citizen, offers []SelfEnrolment, running []string) []SelfEnrolment {
	if c.Protected {
		return nil
	}
	var out []SelfEnrolment
	for _, o := range offers {
		if !slices.Contains(running, o.Program) {
			out = append(out, o)
		}
	}
	return out
}
