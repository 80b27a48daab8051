// Guardians (runtime.GuardianStore): each child's list in one hash, and a
// set per guardian of the children they are listed for. The sets live in
// other cluster slots than the hash, so they are a superset: a guardian is
// added to the index before the list is written and removed after, and
// runtime.WardsOf checks every child against its list.

package redis

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/stegvis/stegvis/runtime"
)

// SetGuardians replaces the child's guardians.
func (s *Store) SetGuardians(ctx context.Context, child string, guardians []string) error {
	old, err := s.Guardians(ctx, child)
	if err != nil && !errors.Is(err, runtime.ErrNotFound) {
		return fmt.Errorf("set guardians: %w", err)
	}
	for _, g := range guardians {
		if err := s.rdb.SAdd(ctx, s.key("wards", g), child).Err(); err != nil {
			return fmt.Errorf("set guardians: %w", err)
		}
	}
	if guardians == nil {
		guardians = []string{}
	}
	if err := s.hsetJSON(ctx, s.key("guardians"), child, guardians); err != nil {
		return fmt.Errorf("set guardians: %w", err)
	}
	for _, g := range old {
		if !slices.Contains(guardians, g) {
			if err := s.rdb.SRem(ctx, s.key("wards", g), child).Err(); err != nil {
				return fmt.Errorf("set guardians: %w", err)
			}
		}
	}
	return nil
}

// Guardians returns the child's guardians.
func (s *Store) Guardians(ctx context.Context, child string) ([]string, error) {
	var out []string
	if err := s.hgetJSON(ctx, s.key("guardians"), child, &out); err != nil {
		// The number stays out of the error, which may be logged.
		return nil, fmt.Errorf("guardians: %w", err)
	}
	return out, nil
}

// Wards returns the children the guardian is listed for, sorted.
func (s *Store) Wards(ctx context.Context, guardian string) ([]string, error) {
	out, err := s.rdb.SMembers(ctx, s.key("wards", guardian)).Result()
	if err != nil {
		return nil, fmt.Errorf("wards: %w", err)
	}
	slices.Sort(out)
	return out, nil
}
