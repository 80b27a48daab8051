// Self-enrolment offers (runtime.SelfEnrolStore), in one hash keyed by
// unit and program.

package redis

import (
	"context"
	"fmt"

	"github.com/stegvis/stegvis/runtime"
)

// OpenSelfEnrolment creates or replaces the unit's offer of a program.
func (s *Store) OpenSelfEnrolment(ctx context.Context, o runtime.SelfEnrolment) error {
	if err := s.hsetJSON(ctx, s.key("selfenrol"), o.Unit+"/"+o.Program, o); err != nil {
		return fmt.Errorf("open self-enrolment %s/%s: %w", o.Unit, o.Program, err)
	}
	return nil
}

// CloseSelfEnrolment withdraws the offer.
func (s *Store) CloseSelfEnrolment(ctx context.Context, unit, program string) error {
	if err := s.rdb.HDel(ctx, s.key("selfenrol"), unit+"/"+program).Err(); err != nil {
		return fmt.Errorf("close self-enrolment %s/%s: %w", unit, program, err)
	}
	return nil
}

// SelfEnrolments returns every open offer, sorted by program, then unit.
func (s *Store) SelfEnrolments(ctx context.Context) ([]runtime.SelfEnrolment, error) {
	out, err := hvalsJSON[runtime.SelfEnrolment](ctx, s.rdb, s.key("selfenrol"))
	if err != nil {
		return nil, fmt.Errorf("self-enrolments: %w", err)
	}
	runtime.SortSelfEnrolments(out)
	return out, nil
}
