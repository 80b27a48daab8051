package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/publish"
)

// publishVersion publishes the demo program at version, changed by edit.
func publishVersion(t *testing.T, e *env, version string, edit func(*designer.Program, map[string][]byte)) runtime.Publication {
	t.Helper()
	p, files, err := demo.Program()
	if err != nil {
		t.Fatal(err)
	}
	p.Version = version
	if edit != nil {
		edit(p, files)
	}
	pub, err := publish.Program(context.Background(), e.store, p, files, "test", e.now)
	if err != nil {
		t.Fatal(err)
	}
	return pub
}

func TestProgramsAndRollout(t *testing.T) {
	e := newEnv(t)
	tol := e.enrolment(tolvan)
	old := e.load(tol).Bundle
	// Tolvan answers on version 1.0 of the form.
	cit := e.signIn(tolvan)
	cit.post("/e/"+tol+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"2"}, "q.trott": {"3"}, "q.somntid.h": {"6"}})

	minor := publishVersion(t, e, "1.1", func(p *designer.Program, files map[string][]byte) {
		files["steps/om-somn/grunder/vad-ar-somn.html"] = []byte("<p>Ny text om sömn.</p>")
		f, _ := p.Form("somnformular")
		f.Questions[0].Options[3].Label = "Mycket dåligt"
		f.Version = "somn-v2"
	})
	major := publishVersion(t, e, "2.0", func(p *designer.Program, _ map[string][]byte) {
		p.Modules = p.Modules[:1]
	})

	admin := e.signIn("cecilia")
	body := admin.get(south + "/programs").Body.String()
	esc := strings.NewReplacer("+", "&#43;") // html/template escapes "+"
	mustContain(t, body, "Sov bättre", "Aktiv version på enheten: 1.0", esc.Replace(minor.Bundle), esc.Replace(major.Bundle),
		"Ny huvudversion – bara nya moment", `name="bundle" value="`+esc.Replace(minor.Bundle)+`"`)

	t.Run("unknown bundle", func(t *testing.T) {
		if w := admin.post(south+"/programs/sov-battre/activate", url.Values{"bundle": {"sov-battre@9.9+000000000000"}}); w.Code != http.StatusNotFound {
			t.Errorf("= %d", w.Code)
		}
	})
	t.Run("activate minor leads to rollout", func(t *testing.T) {
		w := admin.post(south+"/programs/sov-battre/activate", url.Values{"bundle": {minor.Bundle}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != south+"/programs/sov-battre/rollout" {
			t.Fatalf("= %d %s", w.Code, w.Header().Get("Location"))
		}
		if a, _ := e.store.Activation(context.Background(), demo.UnitSouth, "sov-battre"); a.Bundle != minor.Bundle {
			t.Errorf("active %s", a.Bundle)
		}
		// New enrolments start on it; running ones stay until moved.
		if got := e.load(tol).Bundle; got != old {
			t.Errorf("moved before rollout: %s", got)
		}
	})
	t.Run("rollout shows counts, not citizens, to a unit admin without a care role", func(t *testing.T) {
		body := admin.get(south + "/programs/sov-battre/rollout").Body.String()
		mustContain(t, body, "Moment som flyttas (3)", "3 moment på version 1.0",
			"Steget ”Vad är sömn?” ändras (text).", "Flytta 3 moment")
		mustNotContain(t, body, "Tolvan", "Sara Lind", "Johan Berg", "19121212-1212", "/enrolments/")
	})
	t.Run("rollout shows who moves to a unit admin with a care role", func(t *testing.T) {
		ctx := context.Background()
		if err := e.store.SetRoles(ctx, "bertil", demo.UnitSouth, []runtime.Role{runtime.RoleClinician, runtime.RoleUnitAdmin}); err != nil {
			t.Fatal(err)
		}
		defer e.store.SetRoles(ctx, "bertil", demo.UnitSouth, []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin})
		body := e.signIn("bertil").get(south + "/programs/sov-battre/rollout").Body.String()
		mustContain(t, body, "Tolvan Tolvansson", "Sara Lind", "Johan Berg", "Moment som flyttas (3)", "Flytta 3 moment")
		mustNotContain(t, body, "3 moment på version 1.0")
	})
	t.Run("rollout moves them", func(t *testing.T) {
		w := admin.post(south+"/programs/sov-battre/rollout", nil)
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d:\n%s", w.Code, w.Body)
		}
		for _, pnr := range []string{tolvan, sara, johan} {
			if got := e.load(e.enrolment(pnr)).Bundle; got != minor.Bundle {
				t.Errorf("%s on %s", pnr, got)
			}
		}
		mustContain(t, admin.get(south+"/programs").Body.String(), "3 moment flyttades till 1.1.")
	})
	t.Run("the moved citizen sees the new text; answers keep their version", func(t *testing.T) {
		mustContain(t, cit.get("/e/"+tol+"/m/om-somn/vad-ar-somn").Body.String(), "Ny text om sömn.")
		anna := e.signIn("anna")
		body := anna.get(south + "/enrolments/" + tol).Body.String()
		mustContain(t, body, "formulärversion somn-v1", "Dåligt")
		mustNotContain(t, body, "Mycket dåligt")
		if w := anna.get(south + "/enrolments/" + tol + "/submissions/" + e.load(tol).Submissions[0].ID + "/pdf"); w.Code != 200 {
			t.Errorf("old version PDF = %d", w.Code)
		}
		cit.post("/e/"+tol+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"3"}, "q.somntid.h": {"6"}})
		subs := e.load(tol).Submissions
		if got := subs[len(subs)-1].FormVersion; got != "somn-v2" {
			t.Errorf("new answers on version %s", got)
		}
	})
	t.Run("a major version is for new enrolments only", func(t *testing.T) {
		w := admin.post(south+"/programs/sov-battre/activate", url.Values{"bundle": {major.Bundle}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != south+"/programs" {
			t.Fatalf("= %d %s", w.Code, w.Header().Get("Location"))
		}
		body := admin.get(south + "/programs/sov-battre/rollout").Body.String()
		mustContain(t, body, "annan huvudversion", "Inga pågående moment behöver flyttas.")
		mustNotContain(t, body, "Flytta 0 moment")
		anna := e.signIn("anna")
		anna.post(south+"/start", url.Values{"pnr": {maria}, "program": {"sov-battre"}})
		if got := e.load(e.enrolment(maria)).Bundle; got != major.Bundle {
			t.Errorf("new enrolment on %s", got)
		}
		if got := e.load(tol).Bundle; got != minor.Bundle {
			t.Errorf("running enrolment moved to %s", got)
		}
	})
	t.Run("no rollout without an activation", func(t *testing.T) {
		if w := admin.get("/u/mottagning-nord/programs/nosuch/rollout"); w.Code != http.StatusNotFound {
			t.Errorf("= %d", w.Code)
		}
	})
}

func TestUnitsPage(t *testing.T) {
	e := newEnv(t)
	c := e.signIn("cecilia") // admin on two units
	w := c.follow("/")
	mustContain(t, w.Body.String(), "Mottagning Syd", "Mottagning Nord")
	if !strings.Contains(c.follow(south).Body.String(), "Publicerade program") {
		t.Error("a unit admin's unit page is not the programs")
	}
}
