package web

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

func (e *env) staff(id string) runtime.Staff {
	e.t.Helper()
	st, err := e.store.Staff(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// TestRoles: the unit admin gives and takes roles on the unit, adds
// staff, sets the backup clinicians, and cannot leave the unit without a
// unit admin; a role given works at once.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("cecilia")
	rolesURL := south + "/roles"

	t.Run("page lists the unit's staff and their roles", func(t *testing.T) {
		w := c.get(rolesURL)
		if w.Code != http.StatusOK {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Behörigheter", "Anna Andersson", "Bertil Berg", "David Dahl", "Reservbehandlare",
			`name="role" value="citizen_admin"`, `name="backup" value="bertil" checked`)
		// Staff of other units only are not the unit's.
		mustNotContain(t, w.Body.String(), "Erik Ek", "Frida Fors")
	})

	t.Run("give a role, which works at once", func(t *testing.T) {
		anna := e.signIn("anna")
		if w := anna.get(south + "/handovers"); w.Code != http.StatusForbidden {
			t.Fatalf("before: = %d", w.Code)
		}
		w := c.post(rolesURL+"/staff/anna", url.Values{"role": {"citizen_admin", "clinician"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d\n%s", w.Code, w.Body)
		}
		if got := e.staff("anna").Roles[demo.UnitSouth]; !reflect.DeepEqual(got, []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin}) {
			t.Errorf("roles = %v", got)
		}
		mustContain(t, c.get(rolesURL).Body.String(), "Rollerna för Anna Andersson sparades.")
		if w := anna.get(south + "/handovers"); w.Code != http.StatusOK {
			t.Errorf("after: = %d", w.Code)
		}
	})

	t.Run("an unknown role is refused", func(t *testing.T) {
		w := c.post(rolesURL+"/staff/anna", url.Values{"role": {"citizen"}})
		if w.Code != http.StatusBadRequest {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "kunde inte sparas")
	})

	t.Run("the last unit admin stays", func(t *testing.T) {
		w := c.post(rolesURL+"/staff/cecilia", url.Values{"role": {"clinician"}})
		if w.Code != http.StatusConflict {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "minst en behörighetsadministratör")
		if !e.staff("cecilia").HasRole(demo.UnitSouth, runtime.RoleUnitAdmin) {
			t.Error("cecilia lost unit admin")
		}
	})

	t.Run("add a new staff member", func(t *testing.T) {
		w := c.post(rolesURL, url.Values{"id": {"gustav"}, "name": {"Gustav Gran"}, "email": {"gustav@example.se"}, "role": {"clinician"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d\n%s", w.Code, w.Body)
		}
		st := e.staff("gustav")
		if st.Name != "Gustav Gran" || st.Email != "gustav@example.se" || !st.HasRole(demo.UnitSouth, runtime.RoleClinician) {
			t.Errorf("gustav = %+v", st)
		}
	})

	t.Run("add someone unknown without a name", func(t *testing.T) {
		w := c.post(rolesURL, url.Values{"id": {"hanna"}, "role": {"clinician"}})
		if w.Code != http.StatusBadRequest {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Ingen personal har det användar-id:t", `value="hanna"`)
	})

	t.Run("add staff of another unit keeps their record", func(t *testing.T) {
		w := c.post(rolesURL, url.Values{"id": {"erik"}, "name": {"Someone Else"}, "role": {"clinician"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		st := e.staff("erik")
		if st.Name != "Erik Ek" || !st.HasRole(demo.UnitSouth, runtime.RoleClinician) || !st.HasRole(demo.UnitNorth, runtime.RoleClinician) {
			t.Errorf("erik = %+v", st)
		}
	})

	t.Run("add with no role", func(t *testing.T) {
		if w := c.post(rolesURL, url.Values{"id": {"ida"}, "name": {"Ida"}}); w.Code != http.StatusBadRequest {
			t.Fatalf("= %d", w.Code)
		}
		if _, err := e.store.Staff(context.Background(), "ida"); err == nil {
			t.Error("a refused add left a record")
		}
	})

	t.Run("backup clinicians", func(t *testing.T) {
		if w := c.post(rolesURL+"/backup", url.Values{"backup": {"anna", "gustav"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		u, err := e.store.Unit(context.Background(), demo.UnitSouth)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(u.Backup, []string{"anna", "gustav"}) {
			t.Errorf("backup = %v", u.Backup)
		}
		if w := c.post(rolesURL+"/backup", url.Values{"backup": {"david"}}); w.Code != http.StatusBadRequest {
			t.Errorf("a data admin as backup = %d", w.Code)
		}
	})

	t.Run("remove from the unit", func(t *testing.T) {
		if w := c.post(rolesURL+"/staff/gustav", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		if st := e.staff("gustav"); len(st.Roles[demo.UnitSouth]) != 0 {
			t.Errorf("gustav keeps %v", st.Roles)
		}
		u, _ := e.store.Unit(context.Background(), demo.UnitSouth)
		if !reflect.DeepEqual(u.Backup, []string{"anna"}) {
			t.Errorf("backup after gustav left = %v", u.Backup)
		}
		if w := c.post(rolesURL+"/staff/gustav", url.Values{"role": {"clinician"}}); w.Code != http.StatusNotFound {
			t.Errorf("change someone off the unit = %d, want 404", w.Code)
		}
	})

	t.Run("name another unit admin, then leave", func(t *testing.T) {
		if w := c.post(rolesURL+"/staff/david", url.Values{"role": {"data_admin", "unit_admin"}}); w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		if w := c.post(rolesURL+"/staff/cecilia", url.Values{}); w.Code != http.StatusSeeOther {
			t.Fatalf("leave = %d", w.Code)
		}
		if w := c.get(rolesURL); w.Code != http.StatusNotFound {
			t.Errorf("after leaving = %d, want 404", w.Code)
		}
	})
}
