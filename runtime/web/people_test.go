package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

const northUnit = "/u/" + demo.UnitNorth

// TestGuardianActsForChild walks the guardian's path: act for the child,
// fill a form attributed to the guardian, the clinician sees who, and on
// the child's 13th birthday the same session is refused with a coded page.
func TestGuardianActsForChild(t *testing.T) {
	e := newEnv(t)
	child := demo.ChildPNR(e.now)
	id := e.enrolment(child)
	g := e.signIn(demo.Guardian.PNR)

	home := g.get("/home").Body.String()
	mustContain(t, home, "Barn du är ombud för", "Agera för Lina Lind", `name="child" value="`+child+`"`)
	if w := g.post("/home/act", url.Values{"child": {child}}); w.Code != http.StatusSeeOther {
		t.Fatalf("act for = %d:\n%s", w.Code, w.Body)
	}
	home = g.get("/home").Body.String()
	mustContain(t, home, "Du agerar för Lina Lind", "Karin Lind", "Ombud", "/e/"+id)
	mustContain(t, g.get("/e/"+id+"/").Body.String(), "Du agerar för Lina Lind")

	w := g.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.trott": {"8"},
		"q.somntid.h": {"5"}, "q.somntid.m": {"30"}, "q.lagg": {"23:30"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d:\n%s", w.Code, w.Body)
	}
	en := e.load(id)
	if len(en.Submissions) != 1 || en.Submissions[0].Guardian != demo.Guardian.PNR {
		t.Fatalf("submissions %+v: want one by the guardian", en.Submissions)
	}
	events, err := e.store.Events(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	last := events[len(events)-1]
	if last.Actor != (runtime.Actor{ID: demo.Guardian.PNR, Role: runtime.RoleGuardian}) {
		t.Errorf("last event by %+v, want the guardian", last.Actor)
	}
	erik := e.signIn("erik")
	mustContain(t, erik.get(northUnit+"/enrolments/"+id).Body.String(), "av ombud Karin Lind")

	t.Run("someone else cannot act for the child", func(t *testing.T) {
		c := e.signIn(sara)
		w := c.post("/home/act", url.Values{"child": {child}})
		if w.Code != http.StatusForbidden {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "E403-GUARDIAN")
		mustContain(t, c.get("/e/"+id+"/").Body.String(), "E404")
	})

	t.Run("refused on the 13th birthday", func(t *testing.T) {
		until, _ := runtime.GuardianEnds(child)
		// A session that spans midnight before the birthday.
		e.now = until.Add(-time.Minute)
		g := e.signIn(demo.Guardian.PNR)
		if w := g.post("/home/act", url.Values{"child": {child}}); w.Code != http.StatusSeeOther {
			t.Fatalf("act for the minute before = %d", w.Code)
		}
		if w := g.get("/e/" + id + "/"); w.Code != http.StatusOK {
			t.Fatalf("the minute before = %d", w.Code)
		}
		e.now = until
		w := g.get("/e/" + id + "/")
		if w.Code != http.StatusForbidden {
			t.Fatalf("on the birthday = %d", w.Code)
		}
		mustContain(t, w.Body.String(), "E403-GUARDIAN-13", "Barnet har fyllt 13 år")
		// The session is the guardian's own again, and the child is no
		// longer offered.
		home := g.get("/home").Body.String()
		mustNotContain(t, home, "Du agerar för", "Agera för Lina Lind")
		mustContain(t, home, "fyllde 13 år")
		if w := g.post("/home/act", url.Values{"child": {child}}); w.Code != http.StatusForbidden {
			t.Errorf("act for after the birthday = %d", w.Code)
		}
	})
}

func TestGuardiansPage(t *testing.T) {
	e := newEnv(t)
	child := demo.ChildPNR(e.now)
	page := northUnit + "/enrolments/" + e.enrolment(child) + "/guardians"
	erik := e.signIn("erik")
	mustContain(t, erik.get(page).Body.String(), "Ombud för Lina Lind", "Karin Lind (19790612-2846)")
	tests := []struct {
		name   string
		value  string
		status int
		want   string
	}{
		{"a minor", "20150314-2380", http.StatusUnprocessableEntity, "måste vara vuxet"},
		{"not a number", "1234", http.StatusUnprocessableEntity, "inte giltigt"},
		{"two adults", demo.Guardian.PNR + "\n" + sara, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := erik.post(page, url.Values{"guardians": {tt.value}})
			if w.Code != tt.status {
				t.Fatalf("= %d:\n%s", w.Code, w.Body)
			}
			mustContain(t, w.Body.String(), tt.want)
		})
	}
	gs, err := e.store.Guardians(context.Background(), child)
	if err != nil || len(gs) != 2 {
		t.Errorf("guardians %v, %v", gs, err)
	}
	if w := e.signIn("cecilia").get(page); w.Code != http.StatusForbidden {
		t.Errorf("unit admin GET guardians = %d", w.Code)
	}
}

func TestProtectedIdentity(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(demo.Protected.PNR)
	ctx := context.Background()
	erik := e.signIn("erik")
	mustContain(t, erik.get(northUnit+"/all").Body.String(), "Alex Nord", "19881120-2996")
	mustContain(t, erik.get(northUnit+"/enrolments/"+id).Body.String(), "Alex Nord")

	en := e.load(id)
	unitAdmin, err := e.store.Staff(ctx, "cecilia")
	if err != nil {
		t.Fatal(err)
	}
	if runtime.ShowIdentity(unitAdmin, en, true) {
		t.Error("a unit admin sees a protected identity")
	}
	r := httptestRequest(e, "cecilia")
	name, pnr := e.srv.citizenIdentity(r, en)
	if name != "Skyddad identitet" || pnr != "" {
		t.Errorf("unit admin sees %q %q", name, pnr)
	}
	r = httptestRequest(e, "erik")
	if name, pnr := e.srv.citizenIdentity(r, en); name != "Alex Nord" || pnr != "19881120-2996" {
		t.Errorf("responsible clinician sees %q %q", name, pnr)
	}
	// No self-enrolment for a protected identity, however a unit offers it.
	if err := e.store.OpenSelfEnrolment(ctx, runtime.SelfEnrolment{Unit: demo.UnitSouth, Program: "sov-battre", Clinician: "anna"}); err != nil {
		t.Fatal(err)
	}
	c := e.signIn(demo.Protected.PNR)
	home := c.get("/home").Body.String()
	mustContain(t, home, "Kontakta din mottagning")
	mustNotContain(t, home, "Erbjuds av", "/join/")
	if w := c.get("/join/sov-battre"); w.Code != http.StatusNotFound {
		t.Errorf("protected GET /join = %d", w.Code)
	}
}

// httptestRequest is a request in the context of a signed-in staff member.
func httptestRequest(e *env, staff string) *http.Request {
	st, err := e.store.Staff(context.Background(), staff)
	if err != nil {
		e.t.Fatal(err)
	}
	r, _ := http.NewRequest("GET", "/", nil)
	return r.WithContext(context.WithValue(r.Context(), userKey{}, &user{ID: st.ID, Name: st.Name, Staff: st}))
}

func TestSelfEnrolment(t *testing.T) {
	e := newEnv(t)
	admin := e.signIn("cecilia")
	programs := admin.get(south + "/programs").Body.String()
	mustContain(t, programs, "Inte öppen för självanmälan", "Öppna för självanmälan", `<option value="anna">`)
	action := south + "/programs/sov-battre/selfenrol"
	if w := admin.post(action, url.Values{"open": {"1"}, "clinician": {"erik"}}); w.Code != http.StatusBadRequest {
		t.Errorf("a clinician of another unit = %d, want 400", w.Code)
	}
	if w := admin.post(action, url.Values{"open": {"1"}, "clinician": {"anna"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("open = %d", w.Code)
	}
	mustContain(t, admin.get(south+"/programs").Body.String(), "Öppen för självanmälan, ansvarig behandlare Anna Andersson")

	c := e.signIn(maria)
	home := c.get("/home").Body.String()
	mustContain(t, home, "Moment du kan anmäla dig till", `href="/join/sov-battre"`, "Mottagning Syd")
	join := c.get("/join/sov-battre")
	if w := join; w.Code != http.StatusOK {
		t.Fatalf("GET /join = %d", w.Code)
	}
	mustContain(t, join.Body.String(), "Jag vill börja", `value="mottagning-syd"`)
	if w := c.post("/join/sov-battre", url.Values{"unit": {"mottagning-nord"}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a unit that does not offer it = %d", w.Code)
	}
	w := c.post("/join/sov-battre", url.Values{"unit": {demo.UnitSouth}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("join = %d:\n%s", w.Code, w.Body)
	}
	en := e.load(e.enrolment(maria))
	if en.Unit != demo.UnitSouth || en.Clinician != "anna" || en.Program != "sov-battre" {
		t.Errorf("enrolment %s %s %s", en.Unit, en.Clinician, en.Program)
	}
	if !strings.Contains(w.Header().Get("Location"), "/e/"+en.ID) {
		t.Errorf("sent to %s", w.Header().Get("Location"))
	}
	mustNotContain(t, c.get("/home").Body.String(), `href="/join/sov-battre"`)
	if w := admin.post(action, url.Values{"open": {"0"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("close = %d", w.Code)
	}
	if w := e.signIn(johan).get("/join/sov-battre"); w.Code != http.StatusNotFound {
		t.Errorf("GET /join after closing = %d", w.Code)
	}
}
