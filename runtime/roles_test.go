package runtime

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func staffWith(id string, roles map[string][]Role) Staff {
	return Staff{ID: id, Name: id, Roles: roles}
}

func TestParseRoles(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  []Role
		err   error
	}{
		{"none", nil, nil, nil},
		{"ordered and deduplicated", []string{"data_admin", "clinician", "data_admin"}, []Role{RoleClinician, RoleDataAdmin}, nil},
		{"unit admin", []string{"unit_admin"}, []Role{RoleUnitAdmin}, nil},
		{"citizen is no staff role", []string{"citizen"}, nil, ErrInvalid},
		{"system is no staff role", []string{"system"}, nil, ErrInvalid},
		{"unknown", []string{"root"}, nil, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseRoles(tt.names)
			if !errors.Is(err, tt.err) || tt.err == nil && err != nil {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("= %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckRoles(t *testing.T) {
	admin := staffWith("cia", map[string][]Role{"u1": {RoleUnitAdmin}, "u2": {RoleClinician}})
	other := staffWith("dan", map[string][]Role{"u1": {RoleUnitAdmin, RoleClinician}})
	anna := staffWith("anna", map[string][]Role{"u1": {RoleClinician}, "u2": {RoleUnitAdmin}})
	clinicianOnly := staffWith("bo", map[string][]Role{"u1": {RoleClinician}})
	tests := []struct {
		name   string
		admin  Staff
		unit   string
		target Staff
		roles  []Role
		all    []Staff
		want   []Role
		err    error
	}{
		{"give clinician and citizen admin", admin, "u1", anna, []Role{RoleCitizenAdmin, RoleClinician}, nil, []Role{RoleClinician, RoleCitizenAdmin}, nil},
		{"take every role", admin, "u1", anna, nil, nil, nil, nil},
		{"give data admin", admin, "u1", anna, []Role{RoleDataAdmin}, nil, []Role{RoleDataAdmin}, nil},
		{"name another unit admin", admin, "u1", anna, []Role{RoleUnitAdmin}, nil, []Role{RoleUnitAdmin}, nil},
		{"not unit admin on the unit", admin, "u2", anna, []Role{RoleClinician}, nil, nil, ErrForbidden},
		{"a clinician gives nothing", clinicianOnly, "u1", anna, []Role{RoleCitizenAdmin, RoleClinician}, nil, nil, ErrForbidden},
		{"a staff role only", admin, "u1", anna, []Role{RoleCitizen}, nil, nil, ErrInvalid},
		{"the last unit admin stays", admin, "u1", admin, []Role{RoleClinician}, []Staff{admin, anna}, nil, ErrLastUnitAdmin},
		{"a unit admin leaves when another stays", admin, "u1", admin, nil, []Staff{admin, other, anna}, nil, nil},
		{"another unit's admin does not count", admin, "u1", admin, nil, []Staff{admin, anna}, nil, ErrLastUnitAdmin},
		{"take unit admin from the other", admin, "u1", other, []Role{RoleClinician}, []Staff{admin, other}, []Role{RoleClinician}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckRoles(tt.admin, tt.unit, tt.target, tt.roles, tt.all)
			if !errors.Is(err, tt.err) || tt.err == nil && err != nil {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("= %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCheckNewStaff(t *testing.T) {
	tests := []struct {
		name string
		in   Staff
		want Staff
		err  error
	}{
		{"trimmed", Staff{ID: " frida ", Name: " Frida Fors ", Email: " frida@example.se "}, Staff{ID: "frida", Name: "Frida Fors", Email: "frida@example.se"}, nil},
		{"HSA id without e-mail", Staff{ID: "SE2321000016-1234", Name: "Frida"}, Staff{ID: "SE2321000016-1234", Name: "Frida"}, nil},
		{"only the record's fields", Staff{ID: "f", Name: "F", PasswordHash: "x", NotifySMS: true}, Staff{ID: "f", Name: "F"}, nil},
		{"no id", Staff{Name: "Frida"}, Staff{}, ErrInvalid},
		{"id with a slash", Staff{ID: "a/b", Name: "Frida"}, Staff{}, ErrInvalid},
		{"id too long", Staff{ID: strings.Repeat("a", MaxStaffID+1), Name: "Frida"}, Staff{}, ErrInvalid},
		{"no name", Staff{ID: "frida"}, Staff{}, ErrInvalid},
		{"name too long", Staff{ID: "frida", Name: strings.Repeat("å", MaxStaffName+1)}, Staff{}, ErrTooLong},
		{"bad e-mail", Staff{ID: "frida", Name: "Frida", Email: "frida"}, Staff{}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CheckNewStaff(tt.in)
			if !errors.Is(err, tt.err) || tt.err == nil && err != nil {
				t.Fatalf("error = %v, want %v", err, tt.err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("= %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestMayGrant(t *testing.T) {
	for _, r := range StaffRoles {
		if !MayGrant([]Role{RoleUnitAdmin}, r) {
			t.Errorf("a unit admin may not give %s", r)
		}
		for _, other := range []Role{RoleClinician, RoleCitizenAdmin, RoleDataAdmin, RoleCitizen} {
			if MayGrant([]Role{other}, r) {
				t.Errorf("a %s may give %s", other, r)
			}
		}
	}
}
