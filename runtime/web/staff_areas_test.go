package web

import (
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

func TestHomeArea(t *testing.T) {
	const (
		c  = runtime.RoleClinician
		ca = runtime.RoleCitizenAdmin
		ua = runtime.RoleUnitAdmin
		da = runtime.RoleDataAdmin
	)
	tests := []struct {
		name  string
		roles []runtime.Role
		want  string
	}{
		{"clinician", []runtime.Role{c}, areaMine},
		{"citizen admin", []runtime.Role{ca}, areaMine},
		{"unit admin", []runtime.Role{ua}, areaPrograms},
		{"data admin", []runtime.Role{da}, areaEnded},
		{"unit and data admin", []runtime.Role{da, ua}, areaPrograms},
		{"clinician and unit admin", []runtime.Role{ua, c}, areaMine},
		{"no role", nil, areaEnded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := homeArea(tt.roles); got != tt.want {
				t.Errorf("homeArea(%v) = %s, want %s", tt.roles, got, tt.want)
			}
		})
	}
}

// Every staff area has a role, and every one the routes name exists.
func TestStaffAreas(t *testing.T) {
	for _, a := range staffAreas {
		if len(a.roles) == 0 {
			t.Errorf("area %s has no roles", a.path)
		}
	}
	for _, p := range []string{areaMine, areaAll, areaEnded, areaPrograms, areaStart, areaEnrolments} {
		area(p) // panics when missing
	}
}
