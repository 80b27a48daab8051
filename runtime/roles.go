package runtime

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Who gives staff which roles on a unit ("Behörigheter"), the staff
// records those roles need, and the unit's backup clinicians.
//
// A unit admin ("behörighetsadministratör") gives and takes every staff
// role on their own unit, the unit admin role too: a region appoints the
// first unit admin of a unit (from its identity provider, or the seed),
// and that admin may then name a deputy or a successor without calling
// the region's service desk, as the regions' current platform lets them.
// A unit never loses its last unit admin (ErrLastUnitAdmin), so no unit
// is left without someone who can give roles. Roles on one unit never say
// anything about another.

// ErrForbidden means the actor's roles do not allow the command: giving a
// role on a unit where they are not unit admin, or accepting a handover
// for a unit where they are not citizen admin.
var ErrForbidden = errors.New("not permitted")

// ErrLastUnitAdmin means a change would leave a unit without a unit
// admin. It wraps ErrInvalid.
var ErrLastUnitAdmin = fmt.Errorf("a unit keeps at least one unit admin: %w", ErrInvalid)

// Grants maps a role to the staff roles it may give and take on the unit
// it has.
var Grants = map[Role][]Role{
	RoleUnitAdmin: {RoleClinician, RoleCitizenAdmin, RoleDataAdmin, RoleUnitAdmin},
}

// MayGrant reports whether staff with roles on a unit may give and take
// role there.
func MayGrant(roles []Role, role Role) bool {
	for _, r := range roles {
		if slices.Contains(Grants[r], role) {
			return true
		}
	}
	return false
}

// ParseRoles reads role names as a form posts them: each must be a staff
// role (Role.Staff). Duplicates are dropped and the roles come back in
// the order of StaffRoles, so equal sets compare equal.
func ParseRoles(names []string) ([]Role, error) {
	seen := map[Role]bool{}
	for _, n := range names {
		r := Role(strings.TrimSpace(n))
		if !r.Staff() {
			return nil, invalid("role %q is not a staff role", n)
		}
		seen[r] = true
	}
	var out []Role
	for _, r := range StaffRoles {
		if seen[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

// CheckRoles decides whether admin may set target's roles on unit to
// roles, given every staff member (all) for the rule of the last unit
// admin. It returns the roles as ParseRoles orders them. Every role added
// or taken away must be one admin may give on the unit (ErrForbidden),
// and the unit must keep a unit admin (ErrLastUnitAdmin).
func CheckRoles(admin Staff, unit string, target Staff, roles []Role, all []Staff) ([]Role, error) {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	roles, err := ParseRoles(names)
	if err != nil {
		return nil, fmt.Errorf("set roles of %s on %s: %w", target.ID, unit, err)
	}
	have := target.Roles[unit]
	for _, r := range StaffRoles {
		if slices.Contains(have, r) != slices.Contains(roles, r) && !MayGrant(admin.Roles[unit], r) {
			return nil, fmt.Errorf("%s gives or takes %s on %s: %w", admin.ID, r, unit, ErrForbidden)
		}
	}
	if slices.Contains(have, RoleUnitAdmin) && !slices.Contains(roles, RoleUnitAdmin) {
		others := slices.ContainsFunc(all, func(s Staff) bool { return s.ID != target.ID && s.HasRole(unit, RoleUnitAdmin) })
		if !others {
			return nil, fmt.Errorf("take unit admin on %s from %s: %w", unit, target.ID, ErrLastUnitAdmin)
		}
	}
	return roles, nil
}

// SetStaffRoles sets a staff member's roles on a unit as admin gives them
// (CheckRoles) and returns the roles set. A staff member who is no longer
// a clinician there leaves the unit's backup clinicians. Two admins
// changing the same unit at the same instant could both pass the rule of
// the last unit admin; the directory has no transactions across staff
// members, and the region can always name a unit admin again.
func SetStaffRoles(ctx context.Context, d DirectoryStore, admin Staff, unit, staff string, roles []Role) ([]Role, error) {
	target, err := d.Staff(ctx, staff)
	if err != nil {
		return nil, fmt.Errorf("set roles: %w", err)
	}
	all, err := d.StaffMembers(ctx)
	if err != nil {
		return nil, fmt.Errorf("set roles: %w", err)
	}
	roles, err = CheckRoles(admin, unit, target, roles, all)
	if err != nil {
		return nil, err
	}
	if err := d.SetRoles(ctx, staff, unit, roles); err != nil {
		return nil, fmt.Errorf("set roles of %s on %s: %w", staff, unit, err)
	}
	if slices.Contains(roles, RoleClinician) {
		return roles, nil
	}
	u, err := d.Unit(ctx, unit)
	if err != nil {
		return nil, fmt.Errorf("set roles: %w", err)
	}
	if i := slices.Index(u.Backup, staff); i >= 0 {
		u.Backup = slices.Delete(slices.Clone(u.Backup), i, i+1)
		if err := d.PutUnit(ctx, u); err != nil {
			return nil, fmt.Errorf("set roles: drop %s from the backup of %s: %w", staff, unit, err)
		}
	}
	return roles, nil
}

// Limits of a staff record as a unit admin types it.
const (
	// MaxStaffID is the longest staff id (an HSA id is at most 31).
	MaxStaffID = 64
	// MaxStaffName is the longest staff name.
	MaxStaffName = 200
)

// CheckStaffID returns an error wrapping ErrInvalid unless id is a staff
// id: 1–MaxStaffID letters a–z, digits and . _ @ - (an HSA id such as
// SE2321000016-1234, or a login name).
func CheckStaffID(id string) error {
	if id == "" || len(id) > MaxStaffID {
		return invalid("staff id %q: 1 to %d characters", id, MaxStaffID)
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._@-", c)) {
			return invalid("staff id %q: only letters a–z, digits and . _ @ -", id)
		}
	}
	return nil
}

// CheckNewStaff checks and tidies a staff record a unit admin creates: its
// id (CheckStaffID), a name of at most MaxStaffName characters and, when
// given, an e-mail address (ParseEmail). Only those fields are kept.
func CheckNewStaff(s Staff) (Staff, error) {
	out := Staff{ID: strings.TrimSpace(s.ID), Name: strings.TrimSpace(s.Name), Email: strings.TrimSpace(s.Email)}
	if err := CheckStaffID(out.ID); err != nil {
		return Staff{}, err
	}
	if out.Name == "" {
		return Staff{}, invalid("staff %s: no name", out.ID)
	}
	if utf8.RuneCountInString(out.Name) > MaxStaffName {
		return Staff{}, &TooLongError{What: "staff name", Len: utf8.RuneCountInString(out.Name), Max: MaxStaffName}
	}
	if out.Email != "" {
		email, err := ParseEmail(out.Email)
		if err != nil {
			return Staff{}, fmt.Errorf("staff %s: %w", out.ID, err)
		}
		out.Email = email
	}
	return out, nil
}

// AddStaff creates the directory record of a staff member who has none,
// so that a unit admin can give roles before their first sign-in, and
// gives them roles on unit (SetStaffRoles). In production staff sign in
// through the region's identity provider, whose claims keep the name up
// to date; the record here only carries the roles until then. An existing
// record is never replaced from a unit (ErrExists): its staff member may
// work on other units, whose admins would see it change.
func AddStaff(ctx context.Context, d DirectoryStore, admin Staff, unit string, s Staff, roles []Role) (Staff, error) {
	if !MayGrant(admin.Roles[unit], RoleClinician) {
		return Staff{}, fmt.Errorf("add staff on %s: %s: %w", unit, admin.ID, ErrForbidden)
	}
	s, err := CheckNewStaff(s)
	if err != nil {
		return Staff{}, fmt.Errorf("add staff: %w", err)
	}
	if _, err := d.Staff(ctx, s.ID); err == nil {
		return Staff{}, fmt.Errorf("add staff %s: %w", s.ID, ErrExists)
	} else if !errors.Is(err, ErrNotFound) {
		return Staff{}, fmt.Errorf("add staff %s: %w", s.ID, err)
	}
	if len(roles) == 0 {
		return Staff{}, invalid("add staff %s: no role", s.ID)
	}
	// Check the roles before the record is written, so a refusal leaves
	// nothing behind.
	if _, err := CheckRoles(admin, unit, s, roles, nil); err != nil {
		return Staff{}, err
	}
	if err := d.PutStaff(ctx, s); err != nil {
		return Staff{}, fmt.Errorf("add staff %s: %w", s.ID, err)
	}
	set, err := SetStaffRoles(ctx, d, admin, unit, s.ID, roles)
	if err != nil {
		return Staff{}, err
	}
	s.Roles = map[string][]Role{unit: set}
	return s, nil
}

// SetBackup sets a unit's backup clinicians (Unit.Backup), whom urgent
// escalation reaches first: each must be a clinician on the unit, and
// only a unit admin of the unit sets them. The order given is kept,
// without duplicates.
func SetBackup(ctx context.Context, d DirectoryStore, admin Staff, unit string, backup []string) (Unit, error) {
	if !admin.HasRole(unit, RoleUnitAdmin) {
		return Unit{}, fmt.Errorf("set backup of %s: %s: %w", unit, admin.ID, ErrForbidden)
	}
	u, err := d.Unit(ctx, unit)
	if err != nil {
		return Unit{}, fmt.Errorf("set backup: %w", err)
	}
	var ids []string
	for _, id := range backup {
		if slices.Contains(ids, id) {
			continue
		}
		st, err := d.Staff(ctx, id)
		if errors.Is(err, ErrNotFound) || err == nil && !st.HasRole(unit, RoleClinician) {
			return Unit{}, invalid("set backup of %s: %q is not a clinician there", unit, id)
		}
		if err != nil {
			return Unit{}, fmt.Errorf("set backup of %s: %w", unit, err)
		}
		ids = append(ids, id)
	}
	u.Backup = ids
	if err := d.PutUnit(ctx, u); err != nil {
		return Unit{}, fmt.Errorf("set backup of %s: %w", unit, err)
	}
	return u, nil
}
