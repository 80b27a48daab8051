package storetest

import (
	"context"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// testHandover: an enrolment being handed over is listed for the
// receiving unit until it answers, and moves to that unit's index, and
// its new clinician's, on acceptance.
func testHandover(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "191212121212")
	b := start(t, svc, "u1", "anna", "198505142383")
	anna := runtime.Staff{ID: "anna", Roles: map[string][]runtime.Role{"u1": {runtime.RoleClinician}}}
	frida := runtime.Staff{ID: "frida", Roles: map[string][]runtime.Role{"u2": {runtime.RoleCitizenAdmin}}}
	erik := runtime.Staff{ID: "erik", Roles: map[string][]runtime.Role{"u2": {runtime.RoleClinician}}}
	by := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	for _, id := range []string{a.ID, b.ID} {
		if _, err := svc.Do(ctx, id, by, runtime.RequestHandover(anna, "u2")); err != nil {
			t.Fatal(err)
		}
	}
	equal(t, "handed to u2", list(t, s, runtime.HandedTo("u2")), []string{a.ID, b.ID})
	equal(t, "still on u1", list(t, s, runtime.ByUnit("u1")), []string{a.ID, b.ID})
	equal(t, "nothing on u2 yet", list(t, s, runtime.ByUnit("u2")), []string(nil))

	admin := runtime.Actor{ID: "frida", Role: runtime.RoleCitizenAdmin}
	if _, err := svc.Do(ctx, a.ID, admin, runtime.AcceptHandover(frida, erik)); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Do(ctx, b.ID, admin, runtime.DeclineHandover(frida)); err != nil {
		t.Fatal(err)
	}
	equal(t, "handed to u2 after the answers", list(t, s, runtime.HandedTo("u2")), []string(nil))
	equal(t, "u1 after the answers", list(t, s, runtime.ByUnit("u1")), []string{b.ID})
	equal(t, "u2 after the answers", list(t, s, runtime.ByUnit("u2")), []string{a.ID})
	equal(t, "erik's", list(t, s, runtime.ByClinician("erik")), []string{a.ID})
	equal(t, "anna's", list(t, s, runtime.ByClinician("anna")), []string{b.ID})

	// Purging an enrolment handed over leaves no member behind.
	if _, err := svc.Do(ctx, b.ID, by, runtime.RequestHandover(anna, "u3")); err != nil {
		t.Fatal(err)
	}
	equal(t, "handed to u3", list(t, s, runtime.HandedTo("u3")), []string{b.ID})
	if _, err := svc.Do(ctx, b.ID, by, runtime.End(runtime.EndOther)); err != nil {
		t.Fatal(err)
	}
	equal(t, "handed to u3 after the end", list(t, s, runtime.HandedTo("u3")), []string(nil))
}

// testLink: linking writes the link to both enrolments' logs.
func testLink(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	a := start(t, svc, "u1", "anna", "191212121212")
	// A second program of the same citizen: the suite's program once more
	// under another id is refused, so append a fresh log directly.
	b, _ := create(t, s, "e-other")
	anna := runtime.Staff{ID: "anna", Roles: map[string][]runtime.Role{"u1": {runtime.RoleClinician}}}
	by := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	if err := svc.Link(ctx, anna, by, "k1", a.ID, b.ID); err != nil {
		t.Fatal(err)
	}
	// Again, under another key: nothing more is written.
	if err := svc.Link(ctx, anna, by, "k2", b.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string][]string{a.ID: {b.ID}, b.ID: {a.ID}} {
		e, err := s.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		equal(t, "linked of "+id, e.Linked, want)
	}
	stranger := runtime.Staff{ID: "erik", Roles: map[string][]runtime.Role{"u2": {runtime.RoleClinician}}}
	isErr(t, "link by staff of another unit", svc.Link(ctx, stranger, by, "k3", a.ID, b.ID), runtime.ErrForbidden)
	other := start(t, svc, "u1", "anna", "198505142383")
	isErr(t, "link with another citizen's", svc.Link(ctx, anna, by, "k4", a.ID, other.ID), runtime.ErrInvalid)
}

// testStaffRoles: a unit admin gives and takes roles through the
// directory, adds staff, and sets the unit's backup clinicians.
func testStaffRoles(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	if err := s.PutUnit(ctx, runtime.Unit{ID: "u1", Name: "Mottagning Syd"}); err != nil {
		t.Fatal(err)
	}
	cia := runtime.Staff{ID: "cia", Name: "Cia"}
	if err := s.PutStaff(ctx, cia); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRoles(ctx, "cia", "u1", []runtime.Role{runtime.RoleUnitAdmin}); err != nil {
		t.Fatal(err)
	}
	cia, err := s.Staff(ctx, "cia")
	if err != nil {
		t.Fatal(err)
	}
	bo, err := runtime.AddStaff(ctx, s, cia, "u1", runtime.Staff{ID: "bo", Name: "Bo Berg", Email: "bo@example.se"}, []runtime.Role{runtime.RoleClinician})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Staff(ctx, "bo")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "added", got, bo)
	_, err = runtime.AddStaff(ctx, s, cia, "u1", runtime.Staff{ID: "bo", Name: "Bo Ek"}, []runtime.Role{runtime.RoleClinician})
	isErr(t, "add again", err, runtime.ErrExists)
	_, err = runtime.AddStaff(ctx, s, bo, "u1", runtime.Staff{ID: "dan", Name: "Dan"}, []runtime.Role{runtime.RoleClinician})
	isErr(t, "add by a clinician", err, runtime.ErrForbidden)
	if _, err := s.Staff(ctx, "dan"); err == nil {
		t.Error("a refused add left a record")
	}

	u, err := runtime.SetBackup(ctx, s, cia, "u1", []string{"bo", "bo"})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "backup", u.Backup, []string{"bo"})
	_, err = runtime.SetBackup(ctx, s, cia, "u1", []string{"cia"})
	isErr(t, "a backup who is no clinician", err, runtime.ErrInvalid)
	_, err = runtime.SetBackup(ctx, s, bo, "u1", nil)
	isErr(t, "backup set by a clinician", err, runtime.ErrForbidden)

	roles, err := runtime.SetStaffRoles(ctx, s, cia, "u1", "bo", []runtime.Role{runtime.RoleCitizenAdmin})
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "roles", roles, []runtime.Role{runtime.RoleCitizenAdmin})
	u, err = s.Unit(ctx, "u1")
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "backup after bo is no clinician", u.Backup, []string(nil))

	_, err = runtime.SetStaffRoles(ctx, s, cia, "u1", "cia", nil)
	isErr(t, "the last unit admin", err, runtime.ErrLastUnitAdmin)
	if _, err := runtime.SetStaffRoles(ctx, s, cia, "u1", "bo", []runtime.Role{runtime.RoleUnitAdmin}); err != nil {
		t.Fatal(err)
	}
	if _, err := runtime.SetStaffRoles(ctx, s, cia, "u1", "cia", nil); err != nil {
		t.Fatalf("leave when another unit admin stays: %v", err)
	}
	_, err = runtime.SetStaffRoles(ctx, s, cia, "u1", "nobody", []runtime.Role{runtime.RoleClinician})
	isErr(t, "unknown staff", err, runtime.ErrNotFound)
}
