package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

const north = "/u/" + demo.UnitNorth

// TestHandover: the sending unit hands an enrolment over, the citizen
// keeps working, and the receiving unit's citizen admin accepts it with a
// clinician of theirs, after which it is theirs and no longer the
// sender's; another is declined and stays.
func TestHandover(t *testing.T) {
	e := newEnv(t)
	tol, sar := e.enrolment(tolvan), e.enrolment(sara)
	anna, frida := e.signIn("anna"), e.signIn("frida")
	manage := south + "/enrolments/" + tol

	t.Run("the manage view links the handover page", func(t *testing.T) {
		body := anna.get(manage).Body.String()
		mustContain(t, body, `href="`+manage+`/handover"`, "Överlämning och kopplade moment")
		w := anna.get(manage + "/handover")
		if w.Code != http.StatusOK {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Lämna över till en annan enhet", `<option value="mottagning-nord"`)
		mustNotContain(t, w.Body.String(), `<option value="mottagning-syd"`)
	})

	t.Run("not to its own unit", func(t *testing.T) {
		if w := anna.post(manage+"/handover", url.Values{"unit": {demo.UnitSouth}}); w.Code != http.StatusBadRequest {
			t.Errorf("= %d", w.Code)
		}
		if w := anna.post(manage+"/handover", url.Values{"unit": {"nosuchunit"}}); w.Code != http.StatusBadRequest {
			t.Errorf("unknown unit = %d", w.Code)
		}
	})

	t.Run("hand over", func(t *testing.T) {
		if w := anna.post(manage+"/handover", url.Values{"unit": {demo.UnitNorth}}); w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		if got := e.load(tol).HandoverTo; got != demo.UnitNorth {
			t.Errorf("handover to = %q", got)
		}
		mustContain(t, anna.get(manage).Body.String(), "Överlämnas till Mottagning Nord – väntar på svar")
	})

	t.Run("the citizen keeps working", func(t *testing.T) {
		c := e.signIn(tolvan)
		if w := c.get("/e/" + tol); w.Code != http.StatusOK {
			t.Errorf("overview = %d", w.Code)
		}
		if w := c.get("/e/" + tol + "/m/om-somn/vad-ar-somn"); w.Code != http.StatusOK {
			t.Errorf("step = %d", w.Code)
		}
	})

	t.Run("the receiving citizen admin sees it", func(t *testing.T) {
		w := frida.get(north + "/handovers")
		if w.Code != http.StatusOK {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Tolvan Tolvansson", "Mottagning Syd", "Anna Andersson", `<option value="erik">Erik Ek</option>`)
		mustNotContain(t, w.Body.String(), "Sara Lind")
		// The sending unit's citizen admin has nothing to answer.
		mustNotContain(t, e.signIn("bertil").get(south+"/handovers").Body.String(), "Tolvan")
	})

	t.Run("only a clinician of the receiving unit", func(t *testing.T) {
		if w := frida.post(north+"/handovers/"+tol+"/accept", url.Values{"clinician": {"anna"}}); w.Code != http.StatusBadRequest {
			t.Errorf("= %d", w.Code)
		}
		if w := frida.post(north+"/handovers/"+tol+"/accept", url.Values{"clinician": {"nobody"}}); w.Code != http.StatusBadRequest {
			t.Errorf("unknown = %d", w.Code)
		}
	})

	t.Run("accept", func(t *testing.T) {
		w := frida.post(north+"/handovers/"+tol+"/accept", url.Values{"clinician": {"erik"}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != north+"/enrolments/"+tol {
			t.Fatalf("= %d %s", w.Code, w.Header().Get("Location"))
		}
		en := e.load(tol)
		if en.Unit != demo.UnitNorth || en.Clinician != "erik" || en.HandoverPending() {
			t.Errorf("after accept: unit %s, clinician %s, pending %v", en.Unit, en.Clinician, en.HandoverPending())
		}
		if w := anna.get(manage); w.Code != http.StatusNotFound {
			t.Errorf("the sender's manage view = %d, want 404", w.Code)
		}
		mustContain(t, e.signIn("erik").get(north+"/mine").Body.String(), "Tolvan Tolvansson")
		mustNotContain(t, anna.get(south+"/mine").Body.String(), "Tolvan Tolvansson")
		if w := frida.post(north+"/handovers/"+tol+"/accept", url.Values{"clinician": {"erik"}}); w.Code != http.StatusNotFound {
			t.Errorf("accept again = %d, want 404", w.Code)
		}
	})

	t.Run("decline", func(t *testing.T) {
		if w := anna.post(south+"/enrolments/"+sar+"/handover", url.Values{"unit": {demo.UnitNorth}}); w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		w := frida.post(north+"/handovers/"+sar+"/decline", url.Values{})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != north+"/handovers" {
			t.Fatalf("= %d %s", w.Code, w.Header().Get("Location"))
		}
		en := e.load(sar)
		if en.Unit != demo.UnitSouth || en.HandoverPending() {
			t.Errorf("after decline: unit %s, pending %v", en.Unit, en.HandoverPending())
		}
		mustContain(t, frida.get(north+"/handovers").Body.String(), "Inga moment väntar")
	})
}

// secondEnrolment starts another enrolment of the citizen of id, as if of
// another program, on the same unit, beside the rule that one program
// runs once.
func (e *env) secondEnrolment(id string) string {
	e.t.Helper()
	first := e.load(id)
	started := &runtime.EnrolmentStarted{ID: id + "-2", Program: first.Program, Bundle: first.Bundle, Unit: first.Unit,
		Citizen: first.Citizen, CitizenName: first.CitizenName, Clinician: first.Clinician}
	ev, err := runtime.NewEvent(e.now.Add(time.Hour), runtime.Actor{ID: first.Clinician, Role: runtime.RoleClinician}, started)
	if err != nil {
		e.t.Fatal(err)
	}
	ev.Seq = 1
	en, err := runtime.Fold([]runtime.Event{ev})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.Append(context.Background(), en.ID, 0, "", en, ev); err != nil {
		e.t.Fatal(err)
	}
	return en.ID
}

// TestLink: two enrolments of one citizen are linked on both and show it;
// after one moves to a unit the viewer does not work on, the line names
// only that unit.
func TestLink(t *testing.T) {
	e := newEnv(t)
	tol := e.enrolment(tolvan)
	other := e.secondEnrolment(tol)
	anna := e.signIn("anna")
	page := south + "/enrolments/" + tol + "/handover"

	w := anna.get(page)
	mustContain(t, w.Body.String(), `<option value="`+other+`">Kopplat moment: Sov bättre (Mottagning Syd)</option>`)
	mustNotContain(t, w.Body.String(), `<option value="`+tol+`"`, e.enrolment(sara))
	if w := anna.post(south+"/enrolments/"+tol+"/link", url.Values{"with": {e.enrolment(sara)}}); w.Code != http.StatusBadRequest {
		t.Errorf("link another citizen's = %d", w.Code)
	}
	if w := anna.post(south+"/enrolments/"+tol+"/link", url.Values{"with": {other}}); w.Code != http.StatusSeeOther {
		t.Fatalf("link = %d", w.Code)
	}
	for id, want := range map[string]string{tol: other, other: tol} {
		if got := e.load(id).Linked; !slices.Equal(got, []string{want}) {
			t.Errorf("linked of %s = %v", id, got)
		}
	}
	body := anna.get(south + "/enrolments/" + other).Body.String()
	mustContain(t, body, `<a href="`+south+`/enrolments/`+tol+`">Kopplat moment: Sov bättre (Mottagning Syd)</a>`)

	// Hand the first over to the north unit, where anna does not work.
	anna.post(south+"/enrolments/"+tol+"/handover", url.Values{"unit": {demo.UnitNorth}})
	e.signIn("frida").post(north+"/handovers/"+tol+"/accept", url.Values{"clinician": {"erik"}})
	body = anna.get(south + "/enrolments/" + other).Body.String()
	mustContain(t, body, "Kopplat till ett moment på Mottagning Nord")
	mustNotContain(t, body, `href="`+north)
}
