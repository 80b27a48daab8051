// The directory (runtime.DirectoryStore): units, staff with their roles on
// each unit, and citizens.

package embedded

import (
	"context"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/stegvis/stegvis/runtime"
)

var (
	bucketUnits    = []byte("units")
	bucketStaff    = []byte("staff")
	bucketRoles    = []byte("roles")
	bucketCitizens = []byte("citizens")
)

// PutUnit creates or replaces a unit.
func (s *Store) PutUnit(ctx context.Context, u runtime.Unit) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketUnits), u.ID, u) }); err != nil {
		return fmt.Errorf("put unit %s: %w", u.ID, err)
	}
	return nil
}

// Unit returns a unit.
func (s *Store) Unit(ctx context.Context, id string) (runtime.Unit, error) {
	var u runtime.Unit
	if err := s.view(ctx, func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketUnits), id, &u) }); err != nil {
		return runtime.Unit{}, fmt.Errorf("unit %s: %w", id, err)
	}
	return u, nil
}

// Units returns every unit by id.
func (s *Store) Units(ctx context.Context) ([]runtime.Unit, error) {
	out := []runtime.Unit{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketUnits).ForEach(func(_, v []byte) error {
			var u runtime.Unit
			if err := json.Unmarshal(v, &u); err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("units: %w", err)
	}
	return out, nil
}

// PutStaff creates or replaces a staff record, keeping its roles.
func (s *Store) PutStaff(ctx context.Context, st runtime.Staff) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketStaff), st.ID, st) }); err != nil {
		return fmt.Errorf("put staff %s: %w", st.ID, err)
	}
	return nil
}

func staffWithRoles(tx *bolt.Tx, id string, data []byte) (runtime.Staff, error) {
	var st runtime.Staff
	if err := json.Unmarshal(data, &st); err != nil {
		return st, err
	}
	b := tx.Bucket(bucketRoles).Bucket([]byte(id))
	if b == nil {
		return st, nil
	}
	err := b.ForEach(func(unit, v []byte) error {
		var roles []runtime.Role
		if err := json.Unmarshal(v, &roles); err != nil {
			return err
		}
		if st.Roles == nil {
			st.Roles = map[string][]runtime.Role{}
		}
		st.Roles[string(unit)] = roles
		return nil
	})
	return st, err
}

// Staff returns a staff member with their roles.
func (s *Store) Staff(ctx context.Context, id string) (runtime.Staff, error) {
	var st runtime.Staff
	err := s.view(ctx, func(tx *bolt.Tx) error {
		data := tx.Bucket(bucketStaff).Get([]byte(id))
		if data == nil {
			return runtime.ErrNotFound
		}
		var err error
		st, err = staffWithRoles(tx, id, data)
		return err
	})
	if err != nil {
		return runtime.Staff{}, fmt.Errorf("staff %s: %w", id, err)
	}
	return st, nil
}

// StaffMembers returns every staff member by id.
func (s *Store) StaffMembers(ctx context.Context) ([]runtime.Staff, error) {
	out := []runtime.Staff{}
	err := s.view(ctx, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketStaff).ForEach(func(k, v []byte) error {
			st, err := staffWithRoles(tx, string(k), v)
			if err != nil {
				return err
			}
			out = append(out, st)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("staff members: %w", err)
	}
	return out, nil
}

// SetRoles sets a staff member's roles on one unit.
func (s *Store) SetRoles(ctx context.Context, staff, unit string, roles []runtime.Role) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		if tx.Bucket(bucketStaff).Get([]byte(staff)) == nil {
			return runtime.ErrNotFound
		}
		b, err := tx.Bucket(bucketRoles).CreateBucketIfNotExists([]byte(staff))
		if err != nil {
			return err
		}
		if len(roles) == 0 {
			return b.Delete([]byte(unit))
		}
		return putJSON(b, unit, roles)
	})
	if err != nil {
		return fmt.Errorf("set roles of %s on %s: %w", staff, unit, err)
	}
	return nil
}

// PutCitizen creates or replaces a citizen.
func (s *Store) PutCitizen(ctx context.Context, c runtime.Citizen) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return putJSON(tx.Bucket(bucketCitizens), c.PNR, c) }); err != nil {
		return fmt.Errorf("put citizen: %w", err)
	}
	return nil
}

// Citizen returns a citizen by personal identity number.
func (s *Store) Citizen(ctx context.Context, pnr string) (runtime.Citizen, error) {
	var c runtime.Citizen
	if err := s.view(ctx, func(tx *bolt.Tx) error { return getJSON(tx.Bucket(bucketCitizens), pnr, &c) }); err != nil {
		// The number itself stays out of the error, which may be logged.
		return runtime.Citizen{}, fmt.Errorf("citizen: %w", err)
	}
	return c, nil
}
