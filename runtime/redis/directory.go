// The directory (runtime.DirectoryStore): units, staff with their roles on
// each unit, and citizens.

package redis

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	goredis "github.com/redis/go-redis/v9"

	"github.com/stegvis/stegvis/runtime"
)

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u runtime.Unit) error {
	if err := s.hsetJSON(ctx, s.key("units"), u.ID, u); err != nil {
		return fmt.Errorf("put unit %s: %w", u.ID, err)
	}
	return nil
}

// Unit returns a unit.
func (s *Store) Unit(ctx context.Context, id string) (runtime.Unit, error) {
	var u runtime.Unit
	if err := s.hgetJSON(ctx, s.key("units"), id, &u); err != nil {
		return runtime.Unit{}, fmt.Errorf("unit %s: %w", id, err)
	}
	return u, nil
}

// Units returns every unit by id.
func (s *Store) Units(ctx context.Context) ([]runtime.Unit, error) {
	out, err := hvalsJSON[runtime.Unit](ctx, s.rdb, s.key("units"))
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	slices.SortFunc(out, func(a, b runtime.Unit) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// PutStaff creates or replaces a staff record; roles are kept apart.
func (s *Store) PutStaff(ctx context.Context, st runtime.Staff) error {
	if err := s.hsetJSON(ctx, s.key("staff"), st.ID, st); err != nil {
		return fmt.Errorf("put staff %s: %w", st.ID, err)
	}
	return nil
}

// Staff returns a staff member with their roles.
func (s *Store) Staff(ctx context.Context, id string) (runtime.Staff, error) {
	var st runtime.Staff
	if err := s.hgetJSON(ctx, s.key("staff"), id, &st); err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	if err := s.withRoles(ctx, []*runtime.Staff{&st}); err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	return st, nil
}

// StaffMembers returns every staff member by id.
func (s *Store) StaffMembers(ctx context.Context) ([]runtime.Staff, error) {
	out, err := hvalsJSON[runtime.Staff](ctx, s.rdb, s.key("staff"))
	if err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	ptrs := make([]*runtime.Staff, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	if err := s.withRoles(ctx, ptrs); err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	slices.SortFunc(out, func(a, b runtime.Staff) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// withRoles fills in the roles of staff members in one round trip.
func (s *Store) withRoles(ctx context.Context, staff []*runtime.Staff) error {
	if len(staff) == 0 {
		return nil
	}
	cmds := make([]*goredis.MapStringStringCmd, len(staff))
	_, err := s.rdb.Pipelined(ctx, func(p goredis.Pipeliner) error {
		for i, st := range staff {
			cmds[i] = p.HGetAll(ctx, s.key("roles", st.ID))
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, st := range staff {
		for unit, data := range cmds[i].Val() {
			var roles []runtime.Role
			if err := json.Unmarshal([]byte(data), &roles); err != nil {
				return fmt.Errorf("roles of %s on %s: %w", st.ID, unit, err)
			}
			if st.Roles == nil {
				st.Roles = map[string][]runtime.Role{}
			}
			st.Roles[unit] = roles
		}
	}
	return nil
}

// SetRoles sets a staff member's roles on one unit.
func (s *Store) SetRoles(ctx context.Context, staff, unit string, roles []runtime.Role) error {
	ok, err := s.rdb.HExists(ctx, s.key("staff"), staff).Result()
	if err == nil && !ok {
		err = runtime.ErrNotFound
	}
	if err == nil {
		if len(roles) == 0 {
			err = s.rdb.HDel(ctx, s.key("roles", staff), unit).Err()
		} else {
			err = s.hsetJSON(ctx, s.key("roles", staff), unit, roles)
		}
	}
	if err != nil {
		return fmt.Errorf("set roles of %s on %s: %w", staff, unit, err)
	}
	return nil
}

// PutCitizen creates or replaces a citizen.
func (s *Store) PutCitizen(ctx context.Context, c runtime.Citizen) error {
	if err := s.hsetJSON(ctx, s.key("citizens"), c.PNR, c); err != nil {
		return fmt.Errorf("put citizen: %w", err)
	}
	return nil
}

// Citizen returns a citizen by personal identity number.
func (s *Store) Citizen(ctx context.Context, pnr string) (runtime.Citizen, error) {
	var c runtime.Citizen
	if err := s.hgetJSON(ctx, s.key("citizens"), pnr, &c); err != nil {
		// The number itself stays out of the error, which may be logged.
		return runtime.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	return c, nil
}
