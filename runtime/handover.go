package runtime

import (
	"context"
	"fmt"
	"slices"
)

// Handover ("överlämning") moves an enrolment to another unit: a care
// giver of the sending unit asks, a citizen admin of the receiving unit
// accepts and picks the responsible clinician there, or declines. The
// citizen keeps working meanwhile, and the sending unit keeps the
// enrolment until it is accepted. Linking ("koppla") marks two
// enrolments of one citizen as belonging together, on both logs.

func init() {
	register(func() Change { return new(HandoverRequested) })
	register(func() Change { return new(HandoverAccepted) })
	register(func() Change { return new(HandoverDeclined) })
	register(func() Change { return new(EnrolmentsLinked) })
}

// HandoverRequested asks ToUnit to take the enrolment over. A request
// while another is pending replaces it.
type HandoverRequested struct {
	ToUnit string `json:"to"`
}

// EventType returns "handover_requested".
func (*HandoverRequested) EventType() string { return "handover_requested" }

func (c *HandoverRequested) apply(e *Enrolment, _ Event) { e.HandoverTo = c.ToUnit }

// HandoverAccepted moves the enrolment to Unit, with Clinician, a
// clinician there, responsible from now on. From is the unit it left.
type HandoverAccepted struct {
	From      string `json:"from"`
	Unit      string `json:"unit"`
	Clinician string `json:"clinician"`
}

// EventType returns "handover_accepted".
func (*HandoverAccepted) EventType() string { return "handover_accepted" }

func (c *HandoverAccepted) apply(e *Enrolment, _ Event) {
	e.Unit, e.Clinician, e.HandoverTo = c.Unit, c.Clinician, ""
}

// HandoverDeclined records that Unit declined the pending handover; the
// enrolment stays where it is.
type HandoverDeclined struct {
	Unit string `json:"unit"`
}

// EventType returns "handover_declined".
func (*HandoverDeclined) EventType() string { return "handover_declined" }

func (c *HandoverDeclined) apply(e *Enrolment, _ Event) { e.HandoverTo = "" }

// EnrolmentsLinked links the enrolment with With, another enrolment of
// the same citizen. Each of the two logs records it.
type EnrolmentsLinked struct {
	With string `json:"with"`
}

// EventType returns "enrolments_linked".
func (*EnrolmentsLinked) EventType() string { return "enrolments_linked" }

func (c *EnrolmentsLinked) apply(e *Enrolment, _ Event) {
	if !slices.Contains(e.Linked, c.With) {
		e.Linked = append(e.Linked, c.With)
	}
}

// HandoverPending reports whether a handover to another unit waits for
// its answer.
func (e *Enrolment) HandoverPending() bool { return e.HandoverTo != "" && !e.Ended() }

// cares reports whether staff cares for citizens on unit: a clinician or
// a citizen admin there.
func cares(s Staff, unit string) bool {
	return s.HasRole(unit, RoleClinician) || s.HasRole(unit, RoleCitizenAdmin)
}

// RequestHandover asks unit to to take the running enrolment over. by,
// who asks, must be a clinician or citizen admin of the enrolment's unit
// (ErrForbidden); to must be another unit. That the unit exists is the
// caller's check. Asking the unit already asked changes nothing.
func RequestHandover(by Staff, to string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		switch {
		case !cares(by, e.Unit):
			return nil, fmt.Errorf("hand %s over: %s does not care for it on %s: %w", e.ID, by.ID, e.Unit, ErrForbidden)
		case to == "":
			return nil, invalid("hand %s over: no unit", e.ID)
		case to == e.Unit:
			return nil, invalid("hand %s over to its own unit %s", e.ID, to)
		case to == e.HandoverTo:
			return nil, nil
		}
		return []Change{&HandoverRequested{ToUnit: to}}, nil
	})
}

// AcceptHandover moves the enrolment to the unit it is handed over to,
// with clinician responsible. by must be a citizen admin of that unit
// (ErrForbidden), and clinician a clinician there.
func AcceptHandover(by, clinician Staff) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		to := e.HandoverTo
		switch {
		case to == "":
			return nil, invalid("accept the handover of %s: none is pending", e.ID)
		case !by.HasRole(to, RoleCitizenAdmin):
			return nil, fmt.Errorf("accept the handover of %s: %s is no citizen admin of %s: %w", e.ID, by.ID, to, ErrForbidden)
		case !clinician.HasRole(to, RoleClinician):
			return nil, invalid("accept the handover of %s: %s is no clinician of %s", e.ID, clinician.ID, to)
		}
		return []Change{&HandoverAccepted{From: e.Unit, Unit: to, Clinician: clinician.ID}}, nil
	})
}

// DeclineHandover declines the pending handover; by must be a citizen
// admin of the unit it was asked of (ErrForbidden).
func DeclineHandover(by Staff) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		to := e.HandoverTo
		switch {
		case to == "":
			return nil, invalid("decline the handover of %s: none is pending", e.ID)
		case !by.HasRole(to, RoleCitizenAdmin):
			return nil, fmt.Errorf("decline the handover of %s: %s is no citizen admin of %s: %w", e.ID, by.ID, to, ErrForbidden)
		}
		return []Change{&HandoverDeclined{Unit: to}}, nil
	})
}

// Link links the enrolment with other, a running enrolment of the same
// citizen. Linking one already linked changes nothing.
func Link(other *Enrolment) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		switch {
		case other.ID == e.ID:
			return nil, invalid("link %s with itself", e.ID)
		case other.Citizen != e.Citizen:
			return nil, invalid("link %s with %s: another citizen's", e.ID, other.ID)
		case other.Ended():
			return nil, fmt.Errorf("link %s with %s: %w", e.ID, other.ID, ErrEnded)
		case slices.Contains(e.Linked, other.ID):
			return nil, nil
		}
		return []Change{&EnrolmentsLinked{With: other.ID}}, nil
	})
}

// Link links two running enrolments of one citizen, on both logs: first
// a, then b. by must care for each on its unit (ErrForbidden). The two
// appends are not one transaction; if the second fails, running Link
// again completes it, as the first changes nothing the second time.
func (s *Enrolments) Link(ctx context.Context, by Staff, actor Actor, key, a, b string) error {
	ea, err := s.Get(ctx, a)
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	eb, err := s.Get(ctx, b)
	if err != nil {
		return fmt.Errorf("link: %w", err)
	}
	for _, e := range []*Enrolment{ea, eb} {
		if !cares(by, e.Unit) {
			return fmt.Errorf("link %s: %s does not care for it on %s: %w", e.ID, by.ID, e.Unit, ErrForbidden)
		}
	}
	if _, err := s.DoKeyed(ctx, a, actor, key, Link(eb)); err != nil {
		return fmt.Errorf("link: %w", err)
	}
	if _, err := s.DoKeyed(ctx, b, actor, key, Link(ea)); err != nil {
		return fmt.Errorf("link: %w", err)
	}
	return nil
}
