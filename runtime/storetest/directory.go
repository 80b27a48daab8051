// Conformance of the directory: units, staff with roles, and citizens.

package storetest

import (
	"context"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

func testUnits(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	for _, u := range []runtime.Unit{{ID: "u2", Name: "Mottagning Syd"}, {ID: "u1", Name: "Mottagning Nord"}, {ID: "u2", Name: "Mottagning Söder"}} {
		if err := s.PutUnit(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	u, err := s.Unit(ctx, "u2")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "unit", u, runtime.Unit{ID: "u2", Name: "Mottagning Söder"})
	all, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "units", all, []runtime.Unit{{ID: "u1", Name: "Mottagning Nord"}, {ID: "u2", Name: "Mottagning Söder"}})
	// A unit's video service (video.go) is kept with it.
	video := runtime.Unit{ID: "u3", Name: "Mottagning Väst", Video: "https://video.example.se/join/{room}"}
	if err := s.PutUnit(ctx, video); err != nil {
		t.Fatal(err)
	}
	u, err = s.Unit(ctx, "u3")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "unit with a video service", u, video)
}

func testStaffAndRoles(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	anna := runtime.Staff{ID: "anna", Name: "Anna Andersson", Email: "anna@example.se", PasswordHash: "x"}
	if err := s.PutStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	if err := s.PutStaff(ctx, runtime.Staff{ID: "bo", Name: "Bo Berg"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoles(ctx, "anna", "u1", []runtime.Role{runtime.RoleClinician, runtime.RoleUnitAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoles(ctx, "anna", "u2", []runtime.Role{runtime.RoleCitizenAdmin}); err != nil {
		t.Fatal(err)
	}
	// Roles survive a new record: only SetRoles changes them.
	anna.Name = "Anna Ek"
	anna.Roles = map[string][]runtime.Role{"u9": {runtime.RoleDataAdmin}}
	if err := s.PutStaff(ctx, anna); err != nil {
		t.Fatal(err)
	}
	got, err := s.Staff(ctx, "anna")
	if err != nil {
		t.Fatal(err)
	}
	anna.Roles = map[string][]runtime.Role{
		"u1": {runtime.RoleClinician, runtime.RoleUnitAdmin},
		"u2": {runtime.RoleCitizenAdmin},
	}
	equal(t, "staff", got, anna)
	if !got.HasRole("u1", runtime.RoleUnitAdmin) || got.HasRole("u2", runtime.RoleClinician) {
		t.Errorf("HasRole disagrees with %v", got.Roles)
	}

	if err := s.SetRoles(ctx, "anna", "u1", nil); err != nil {
		t.Fatal(err)
	}
	all, err := s.StaffMembers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	anna.Roles = map[string][]runtime.Role{"u2": {runtime.RoleCitizenAdmin}}
	equal(t, "staff members", all, []runtime.Staff{anna, {ID: "bo", Name: "Bo Berg"}})
}

func testCitizens(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	c := runtime.Citizen{PNR: "191212121212", Name: "Tolvan Tolvansson", Mobile: "0701234567"}
	if err := s.PutCitizen(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.Email = "tolvan@example.se"
	if err := s.PutCitizen(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := s.Citizen(ctx, "191212121212")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "citizen", got, c)
}
