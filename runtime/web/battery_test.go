package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// batteryEnrolment starts "Sov bättre" with a weekly battery at start for
// Maria, who has no program, and returns the enrolment's id.
func batteryEnrolment(t *testing.T, e *env) string {
	t.Helper()
	pub := publishVersion(t, e, "1.1", func(p *designer.Program, _ map[string][]byte) {
		p.Batteries = []*designer.Battery{{ID: "somn", Title: "Skattning av sömn", Forms: []string{"dagbok", "somnformular"}, AtStart: true, EveryWeeks: 1}}
	})
	p, _, err := demo.Program()
	if err != nil {
		t.Fatal(err)
	}
	svc := runtime.NewEnrolments(e.store)
	svc.Now = func() time.Time { return e.now }
	en, err := svc.Start(context.Background(), runtime.StartInput{Program: p, Bundle: pub.Bundle, Unit: demo.UnitSouth,
		Citizen: maria, CitizenName: "Maria Ek", Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician}})
	if err != nil {
		t.Fatal(err)
	}
	return en.ID
}

func TestBatteryClosesTheContentUntilFilled(t *testing.T) {
	e := newEnv(t)
	id := batteryEnrolment(t, e)
	c := e.signIn(maria)
	base := "/e/" + id
	step := base + "/m/om-somn/vad-ar-somn"
	first, second := base+"/battery/somn/dagbok", base+"/battery/somn/somnformular"

	w := c.get(base + "/")
	if w.Code != http.StatusOK {
		t.Fatalf("overview = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Skattning av sömn", "Innan du fortsätter med innehållet", `href="`+first+`"`, "Fyll i skattningen")

	// The content is closed: the step page and its form lead to the
	// overview, and nothing is recorded.
	for _, w := range []*httptest.ResponseRecorder{c.get(step), c.post(base+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"1"}, "q.trott": {"3"}, "q.somntid.h": {"7"}})} {
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"/" {
			t.Errorf("closed content = %d → %q", w.Code, w.Header().Get("Location"))
		}
	}
	if en := e.load(id); len(en.Opened) != 0 || len(en.Submissions) != 0 {
		t.Fatalf("closed content recorded: opened %v, submissions %d", en.Opened, len(en.Submissions))
	}

	// The battery, form by form.
	w = c.get(first)
	if w.Code != http.StatusOK {
		t.Fatalf("battery form = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Sömndagbok", "Skattning av sömn: formulär 1 av 2", `action="`+first+`"`)
	if w := c.get(second); w.Code != http.StatusOK {
		t.Errorf("the second form may come first too: %d", w.Code)
	}
	if w := c.post(first, url.Values{}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a battery form without a required answer = %d", w.Code)
	}
	w = c.post(first, url.Values{"q.natt": {"2026-11-22"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != second {
		t.Fatalf("first form sent = %d → %q, want the second", w.Code, w.Header().Get("Location"))
	}
	if w := c.get(first); w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"/" {
		t.Errorf("a filled form again = %d → %q", w.Code, w.Header().Get("Location"))
	}
	if w := c.get(step); w.Code != http.StatusSeeOther {
		t.Errorf("content open with a form left: %d", w.Code)
	}
	w = c.post(second, url.Values{"q.kvalitet": {"1"}, "q.trott": {"3"}, "q.somntid.h": {"7"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"/" {
		t.Fatalf("last form sent = %d → %q, want the overview", w.Code, w.Header().Get("Location"))
	}
	w = c.get(base + "/")
	mustContain(t, w.Body.String(), "Tack! Skattningen är ifylld")
	mustNotContain(t, w.Body.String(), `class="notice battery"`)
	en := e.load(id)
	if len(en.Submissions) != 2 || en.Submissions[0].Battery != "somn" || en.Submissions[1].Occasion != "day-0" {
		t.Fatalf("submissions = %+v", en.Submissions)
	}
	if len(en.Reviews) != 1 || en.Reviews[0].Flag != "kartlagt" {
		t.Errorf("the form's flag on a battery submission: %+v", en.Reviews)
	}

	// The content is open.
	if w := c.get(step); w.Code != http.StatusOK {
		t.Errorf("step after the battery = %d", w.Code)
	}

	staff := e.signIn("anna")
	manage := south + "/" + areaEnrolments + "/" + id + "/"
	mustContain(t, staff.get(manage).Body.String(), "Skattningar", "Skattning av sömn", "Ifylld ", "dag 0")

	// A week on, the next occasion closes the content again.
	e.now = e.now.Add(7 * 24 * time.Hour)
	c, staff = e.signIn(maria), e.signIn("anna")
	if w := c.get(step); w.Code != http.StatusSeeOther {
		t.Errorf("step on day 7 = %d", w.Code)
	}
	mustContain(t, c.get(base+"/").Body.String(), "Skattning av sömn", `href="`+first+`"`)
	mustContain(t, staff.get(manage).Body.String(), "Att fylla i (0 av 2 formulär ifyllda)", "dag 7")

	// In maintenance nothing is due and the content is open to read.
	staff.post(south+"/"+areaEnrolments+"/"+id+"/maintenance", url.Values{"days": {"30"}, "module": e.load(id).StartedModules()})
	if !e.load(id).Maintenance {
		t.Fatal("maintenance not set")
	}
	if w := c.get(step); w.Code != http.StatusOK {
		t.Errorf("step in maintenance = %d", w.Code)
	}
	if w := c.get(first); w.Code != http.StatusConflict {
		t.Errorf("battery form in maintenance = %d", w.Code)
	}
}
