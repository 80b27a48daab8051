package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// withActivities moves tolvan's enrolment to a version of the demo
// program with a walking plan on Mondays and Wednesdays at 17:30, two
// grace days, comments and a flag when an occasion is missed, and
// returns the enrolment's id. The env's clock stands on Monday
// 2026-11-23 at 10:00 in Stockholm, the day the enrolment started.
func withActivities(t *testing.T, e *env) string {
	t.Helper()
	return withDemoVersion(t, e, "1.2", func(p *designer.Program) {
		p.Features = append(p.Features, designer.FeatureActivities, designer.FeaturePDF)
		zero, most := 0.0, 600.0
		p.Forms = append(p.Forms, &designer.Form{ID: "promenadform", Title: "Promenad", Version: "p1", Questions: []*designer.Question{
			{ID: "minuter", Type: designer.TypeNumber, Text: "Hur många minuter gick du?", Required: true, Min: &zero, Max: &most, Unit: "min"},
			{ID: "kansla", Type: designer.TypeScale, Text: "Hur kändes det?", Scale: &designer.Scale{Min: 1, Max: 5}},
		}})
		p.ActivityPlans = []*designer.ActivityPlan{{ID: "promenad", Title: "Promenadplan", Description: "Gå två gånger i veckan.", Form: "promenadform",
			Occasions: []designer.Occasion{{Weekday: "mon", Time: "17:30"}, {Weekday: "wed", Time: "17:30"}}, EveryWeeks: 1, GraceDays: 2, Comments: true, Active: true}}
		p.Flags = append(p.Flags, &designer.Flag{ID: "missad-promenad", Title: "Missad promenad", On: designer.TriggerActivityMissed, Plan: "promenad", Review: true})
	})
}

// TestActivitiesCitizen: the citizen finds the plan under Aktiviteter,
// registers today's occasion before its hour, corrects it, registers
// late within the grace days, is refused after them and ahead, comments
// on a missed occasion and prints the registrations. No JavaScript.
func TestActivitiesCitizen(t *testing.T) {
	e := newEnv(t)
	id := withActivities(t, e)
	c := e.signIn(tolvan)
	base := "/e/" + id + "/activities"
	mustContain(t, c.get("/e/"+id+"/").Body.String(), `href="`+base+`"`, "Aktiviteter")
	w := c.get(base)
	if w.Code != http.StatusOK {
		t.Fatalf("tab = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, w.Body.String(), "Promenadplan", "<details", "Visa schemat", "måndag 17:30", "onsdag 17:30", "Varje vecka",
		"Registrera: måndag 2026-11-23 kl. 17:30", "Mina tidigare aktivitetstillfällen", base+"/promenad/pdf")
	mustNotContain(t, w.Body.String(), "%!")

	monday := base + "/promenad/2026-11-23T17:30"
	mustContain(t, c.get(monday).Body.String(), `name="q.minuter"`, `name="comment"`, "Registrera")
	if w := c.post(monday, url.Values{"q.minuter": {"tusen"}}); w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("a word for minutes = %d", w.Code)
	}
	if w := c.post(monday, url.Values{"q.minuter": {"25"}, "comment": {"Regnigt"}}); w.Code != http.StatusSeeOther || w.Header().Get("Location") != base {
		t.Fatalf("register = %d %s:\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	mustContain(t, c.follow(base).Body.String(), "Tillfället är registrerat", "Ändra: måndag 2026-11-23 kl. 17:30")
	// Again the same day: a correction, shown with the answers as they are.
	mustContain(t, c.get(monday).Body.String(), `value="25"`, "Regnigt", "Spara ändringen")
	if w := c.post(monday, url.Values{"q.minuter": {"30"}, "comment": {"Regnigt"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("correct = %d:\n%s", w.Code, w.Body)
	}

	// Friday: Monday's occasion has closed; Wednesday's is late within
	// its grace days; next Monday's is ahead.
	e.now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	c = e.signIn(tolvan) // the session of Monday has run out
	c.get(base)
	if w := c.post(monday, url.Values{"q.minuter": {"40"}}); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "Tiden för att registrera") {
		t.Fatalf("after grace = %d:\n%s", w.Code, w.Body)
	}
	wednesday := base + "/promenad/2026-11-25T17:30"
	if w := c.post(wednesday, url.Values{"q.minuter": {"45"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("late within grace = %d:\n%s", w.Code, w.Body)
	}
	if w := c.post(base+"/promenad/2026-11-30T17:30", url.Values{"q.minuter": {"20"}}); w.Code != http.StatusConflict || !strings.Contains(w.Body.String(), "har inte kommit") {
		t.Fatalf("ahead = %d:\n%s", w.Code, w.Body)
	}
	if w := c.get(base + "/promenad/2026-11-24T17:30"); w.Code != http.StatusNotFound {
		t.Fatalf("not an occasion = %d", w.Code)
	}
	// Monday's answers read only, its comment can still change.
	mustContain(t, c.get(monday).Body.String(), "Registrerat", "30", monday+"/comment")

	// Two weeks on: the next Monday and Wednesday were missed.
	e.now = time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC)
	c = e.signIn(tolvan)
	missed := base + "/promenad/2026-11-30T17:30"
	mustContain(t, c.get(missed).Body.String(), "registrerades inte", missed+"/comment")
	if w := c.post(missed+"/comment", url.Values{"comment": {"Jag var sjuk."}}); w.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d:\n%s", w.Code, w.Body)
	}
	hist := c.get(base + "/promenad").Body.String()
	mustContain(t, hist, "Mina tidigare aktivitetstillfällen", "Missat", "Registrerat", "Jag var sjuk.")
	// The scheduler has not run here; the flag is raised as its job would.
	if _, err := runtime.NewEnrolments(e.store).Do(context.Background(), id, runtime.System,
		runtime.RaiseFlagOn(mustProgram(t, e, e.load(id)), "missad-promenad", runtime.ActivityOccasionKey("promenad", "2026-11-30T17:30"))); err != nil {
		t.Fatal(err)
	}
	anna := e.signIn("anna")
	mustContain(t, anna.get(south+"/enrolments/"+id+"/").Body.String(), "Missad promenad – måndag 2026-11-30 kl. 17:30")
	if w := c.get(base + "/promenad/pdf"); w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf = %d %s", w.Code, w.Header().Get("Content-Type"))
	}
	en := e.load(id)
	pl, _ := en.Plan(mustProgram(t, e, en), "promenad")
	if r := pl.Record("2026-11-23T17:30"); r == nil || r.Answers["minuter"][0] != "30" || r.Edited.IsZero() || r.Comment != "Regnigt" {
		t.Errorf("Monday's record %+v", r)
	}
}

// mustProgram is the program of an enrolment's bundle.
func mustProgram(t *testing.T, e *env, en *runtime.Enrolment) *designer.Program {
	t.Helper()
	p, err := runtime.NewPrograms(e.store, 0).Program(context.Background(), en.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestActivitiesClinician: the clinician sees the plan from the manage
// view, previews it, is told what is wrong with settings, saves them,
// switches the plan off, makes a plan of the citizen's own, and sees the
// registrations.
func TestActivitiesClinician(t *testing.T) {
	e := newEnv(t)
	id := withActivities(t, e)
	c := e.signIn(tolvan)
	if w := c.post("/e/"+id+"/activities/promenad/2026-11-23T17:30", url.Values{"q.minuter": {"35"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("register = %d:\n%s", w.Code, w.Body)
	}
	anna := e.signIn("anna")
	manage := south + "/enrolments/" + id
	base := manage + "/activities"
	mustContain(t, anna.get(manage+"/").Body.String(), `href="`+base+`"`, "Aktivitetsplaner")
	mustContain(t, anna.get(base).Body.String(), "Promenadplan", "Programmet", base+"/new")
	page := anna.get(base + "/promenad").Body.String()
	mustContain(t, page, "Förhandsvisning", "Hur många minuter gick du?", "Flagga vid missat tillfälle", "Tillåt kommentarer",
		`name="day.mon" id="day-mon" value="on" checked`, `value="17:30"`, "Registreringar", "35", "Stäng av planen")
	mustNotContain(t, page, "%!")

	settings := url.Values{"asked": {"minuter"}, "day.tue": {"on"}, "time.tue": {"07:00"}, "every_weeks": {"0"}, "grace_days": {"1"}, "flag_missed": {"on"}}
	w := anna.post(base+"/promenad", settings)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("every 0 weeks = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, w.Body.String(), "Upprepa var 1 till 12:e vecka", `value="07:00"`)
	for name, bad := range map[string]url.Values{
		"every weeks a word":  {"asked": {"minuter"}, "day.mon": {"on"}, "time.mon": {"07:00"}, "every_weeks": {"ofta"}, "grace_days": {"1"}},
		"a time not a time":   {"asked": {"minuter"}, "day.mon": {"on"}, "time.mon": {"25:99"}, "every_weeks": {"1"}, "grace_days": {"1"}},
		"a day without time":  {"asked": {"minuter"}, "day.mon": {"on"}, "every_weeks": {"1"}, "grace_days": {"1"}},
		"start not a date":    {"asked": {"minuter"}, "day.mon": {"on"}, "time.mon": {"07:00"}, "every_weeks": {"1"}, "grace_days": {"1"}, "start": {"snart"}},
		"an unknown question": {"asked": {"nope"}, "day.mon": {"on"}, "time.mon": {"07:00"}, "every_weeks": {"1"}, "grace_days": {"1"}},
		"nothing at all":      {},
	} {
		w := anna.post(base+"/promenad", bad)
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Planen sparades inte") {
			t.Errorf("%s: %d:\n%s", name, w.Code, w.Body)
		}
	}
	if w := anna.post(base+"/new", url.Values{"title": {strings.Repeat("x", 101)}, "new.1.text": {"Fråga"}, "new.1.type": {"choice"}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a bad new plan: %d", w.Code)
	}
	settings.Set("every_weeks", "2")
	if w := anna.post(base+"/promenad", settings); w.Code != http.StatusSeeOther {
		t.Fatalf("save = %d:\n%s", w.Code, w.Body)
	}
	en := e.load(id)
	pl, _ := en.Plan(mustProgram(t, e, en), "promenad")
	if pl.Settings.EveryWeeks != 2 || len(pl.Settings.Times) != 1 || pl.Settings.Times[0].Time != "07:00" || len(pl.Form.Questions) != 1 {
		t.Errorf("settings %+v", pl.Settings)
	}
	if w := anna.post(base+"/promenad/switch", url.Values{"active": {"off"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("switch off = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, c.get("/e/"+id+"/activities").Body.String(), "inga aktivitetsplaner")

	mustContain(t, anna.get(base+"/new").Body.String(), "Gör en egen plan", `name="new.1.text"`)
	custom := url.Values{"title": {"Vatten"}, "new.1.text": {"Hur många glas vatten drack du?"}, "new.1.type": {"number"}, "new.1.unit": {"glas"},
		"day.mon": {"on"}, "time.mon": {"20:00"}, "every_weeks": {"1"}, "grace_days": {"0"}}
	w = anna.post(base+"/new", custom)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != base+"/egen-1" {
		t.Fatalf("new plan = %d %s:\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if w := anna.post(base+"/egen-1/switch", url.Values{"active": {"on"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("switch on = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, c.get("/e/"+id+"/activities").Body.String(), "Vatten", "Registrera: måndag 2026-11-23 kl. 20:00")
	if w := c.post("/e/"+id+"/activities/egen-1/2026-11-23T20:00", url.Values{"q.q1": {"6"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("register custom = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, anna.get(base+"/egen-1").Body.String(), "Hur många glas vatten drack du?", "Frågan har svar")
	mustContain(t, anna.get(manage+"/timeline").Body.String(), "Ett tillfälle i Promenadplan registrerades (2026-11-23T17:30)",
		"Aktivitetsplanen Promenadplan stängdes av", "Aktivitetsplanen Vatten sattes på")
	if w := anna.get(base + "/egen-1/pdf"); w.Code != http.StatusOK {
		t.Fatalf("pdf = %d", w.Code)
	}
}

// TestActivitiesReadOnly: in maintenance the citizen reads the plan but
// registers nothing, and the clinician changes nothing.
func TestActivitiesReadOnly(t *testing.T) {
	e := newEnv(t)
	id := withActivities(t, e)
	if _, err := runtime.NewEnrolments(e.store).Do(context.Background(), id, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.StartMaintenance(30, nil)); err != nil {
		t.Fatal(err)
	}
	c := e.signIn(tolvan)
	tab := c.get("/e/" + id + "/activities").Body.String()
	mustContain(t, tab, "Promenadplan", "vidmakthållande")
	mustNotContain(t, tab, "Registrera:")
	monday := "/e/" + id + "/activities/promenad/2026-11-23T17:30"
	page := c.get(monday).Body.String()
	mustContain(t, page, "vidmakthållande")
	mustNotContain(t, page, `name="q.minuter"`)
	if w := c.post(monday, url.Values{"q.minuter": {"20"}}); w.Code != http.StatusConflict {
		t.Fatalf("register in maintenance = %d", w.Code)
	}
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id + "/activities"
	mustNotContain(t, anna.get(base+"/promenad").Body.String(), "Spara inställningarna")
	if w := anna.post(base+"/promenad/switch", url.Values{"active": {"off"}}); w.Code != http.StatusConflict {
		t.Fatalf("switch in maintenance = %d", w.Code)
	}
}
