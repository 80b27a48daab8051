package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

func TestLists(t *testing.T) {
	e := newEnv(t)
	// Tolvan fills in the form with an answer that raises an urgent flag.
	tol := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.post("/e/"+tol+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	if _, err := e.srv.svc.Do(context.Background(), e.enrolment(sara), runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.End(runtime.EndDiscontinued)); err != nil {
		t.Fatal(err)
	}

	anna := e.signIn("anna")
	tests := []struct {
		view string
		want []string
		not  []string
	}{
		{"mine", []string{"Tolvan Tolvansson", "19121212-1212", "2 att granska", "1 olästa formulär", `class="urgent"`, "Starta nytt moment"}, []string{"Johan Berg", "Sara Lind"}},
		{"all", []string{"Tolvan Tolvansson", "Johan Berg", "Bertil Berg"}, []string{"Sara Lind"}},
		{"ended", []string{"Sara Lind", "Avbrutet av invånaren"}, []string{"Tolvan"}},
	}
	for _, tt := range tests {
		t.Run(tt.view, func(t *testing.T) {
			w := anna.get(south + "/" + tt.view)
			if w.Code != http.StatusOK {
				t.Fatalf("= %d", w.Code)
			}
			mustContain(t, w.Body.String(), tt.want...)
			mustNotContain(t, w.Body.String(), tt.not...)
		})
	}
}

func TestStartEnrolment(t *testing.T) {
	e := newEnv(t)
	anna := e.signIn("anna")
	w := anna.get(south + "/start")
	mustContain(t, w.Body.String(), "Sov bättre", `name="pnr"`, `<legend>Program</legend>`)
	mustNotContain(t, w.Body.String(), `name="clinician"`)

	tests := []struct {
		name   string
		form   url.Values
		status int
		want   string
	}{
		{"bad format", url.Values{"pnr": {"1234"}, "name": {"X"}, "program": {"sov-battre"}}, 422, "Skriv personnumret som ÅÅÅÅMMDD-XXXX eller ÅÅMMDDXXXX."},
		{"bad check digit", url.Values{"pnr": {"19121212-1213"}, "name": {"X"}, "program": {"sov-battre"}}, 422, "kontrollera datumet och sista siffran"},
		{"no such date", url.Values{"pnr": {"19120230-1212"}, "name": {"X"}, "program": {"sov-battre"}}, 422, "kontrollera datumet"},
		{"no name for a new citizen", url.Values{"pnr": {"6502286617"}, "program": {"sov-battre"}}, 422, "Skriv invånarens namn."},
		{"no program", url.Values{"pnr": {"6502286617"}, "name": {"Lars Holm"}}, 422, "Välj ett av programmen."},
		{"program not active", url.Values{"pnr": {"6502286617"}, "name": {"Lars Holm"}, "program": {"other"}}, 422, "Välj ett av programmen."},
		{"already running", url.Values{"pnr": {"191212121212"}, "program": {"sov-battre"}}, 409, "redan ett pågående Sov bättre"},
		{"known citizen, short form", url.Values{"pnr": {"7809105526"}, "program": {"sov-battre"}}, 303, ""},
		{"new citizen", url.Values{"pnr": {"650228-6617"}, "name": {"Lars Holm"}, "program": {"sov-battre"}}, 303, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := anna.post(south+"/start", tt.form)
			if w.Code != tt.status {
				t.Fatalf("= %d, want %d:\n%s", w.Code, tt.status, w.Body)
			}
			if tt.want != "" {
				mustContain(t, w.Body.String(), tt.want, `value="`+tt.form.Get("pnr")+`"`)
			}
		})
	}
	m := e.load(e.enrolment(maria))
	if m.CitizenName != "Maria Ek" || m.Clinician != "anna" || m.Unit != demo.UnitSouth {
		t.Errorf("started %+v", m)
	}
	if c, err := e.store.Citizen(context.Background(), "196502286617"); err != nil || c.Name != "Lars Holm" {
		t.Errorf("new citizen %+v %v", c, err)
	}

	t.Run("citizen admin picks the clinician", func(t *testing.T) {
		bertil := e.signIn("bertil")
		mustContain(t, bertil.get(south+"/start").Body.String(), `name="clinician"`, "Anna Andersson")
		if w := bertil.post(south+"/start", url.Values{"pnr": {"20010101-1237"}, "name": {"Ung"}, "program": {"sov-battre"}, "clinician": {"cecilia"}}); w.Code != 422 {
			t.Errorf("non-clinician = %d", w.Code)
		}
		if w := bertil.post(south+"/start", url.Values{"pnr": {"20010101-1237"}, "name": {"Ung"}, "program": {"sov-battre"}, "clinician": {"anna"}}); w.Code != 303 {
			t.Fatalf("= %d", w.Code)
		}
		if got := e.load(e.enrolment("200101011237")).Clinician; got != "anna" {
			t.Errorf("clinician = %s", got)
		}
	})
}

func TestManage(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.get("/e/" + id + "/m/om-somn/vad-ar-somn")
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"ljud"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	en := e.load(id)
	sub, urgent := en.Submissions[0].ID, en.Reviews[0].ID

	anna := e.signIn("anna")
	base := south + "/enrolments/" + id
	body := anna.get(base).Body.String()
	mustContain(t, body,
		"Tolvan Tolvansson", "19121212-1212", "0 av 42 rekommenderade dagar", "Anna Andersson", "Inte delat",
		"Sover dåligt", "Brådskande", "Kartläggning inskickad",
		"Öppnat 2026-11-23 10:00", "Inte öppnat", "1 av 3 steg öppnade",
		"Starta modul", "Avsluta modul",
		"Hur har du sovit den senaste veckan?", "<strong>Dåligt</strong>", "Ganska bra", // chosen and offered options
		"Oro", "Poäng:", "Sömnbesvär: 12 (Svåra)", "formulärversion somn-v1", "Markera som läst", "/submissions/"+sub+"/pdf",
	)

	actions := []struct {
		name  string
		path  string
		form  url.Values
		check func(*runtime.Enrolment) bool
		flash string
	}{
		{"mark read", "/submissions/" + sub + "/read", nil, func(e *runtime.Enrolment) bool {
			return !e.Submissions[0].ReadAt.IsZero() && e.Submissions[0].ReadBy == "anna"
		}, "markerat som läst"},
		{"reviewed", "/reviews/" + urgent + "/done", nil, func(e *runtime.Enrolment) bool { r, _ := e.Review(urgent); return !r.ReviewedAt.IsZero() }, "granskad"},
		{"start module", "/modules/vanor/start", nil, func(e *runtime.Enrolment) bool { return e.ModuleStatus("vanor") == runtime.StatusCurrent }, "Modulen ”Nya vanor” är startad."},
		{"complete module", "/modules/om-somn/complete", nil, func(e *runtime.Enrolment) bool { return e.ModuleStatus("om-somn") == runtime.StatusCompleted }, "är avslutad"},
		{"hide step", "/steps/vanor/dagbok/hide", nil, func(e *runtime.Enrolment) bool { return e.StepHidden("vanor", "dagbok") }, "är dolt för invånaren"},
		{"show step", "/steps/vanor/dagbok/show", nil, func(e *runtime.Enrolment) bool { return !e.StepHidden("vanor", "dagbok") }, "visas för invånaren"},
		{"welcome", "/welcome", url.Values{"welcome": {"Välkommen, Tolvan!"}}, func(e *runtime.Enrolment) bool { return e.Welcome == "Välkommen, Tolvan!" }, "Välkomsttexten är sparad."},
		{"maintenance", "/maintenance", url.Values{"days": {"30"}, "module": {"om-somn", "vanor"}}, func(e *runtime.Enrolment) bool { return e.Maintenance && e.MaintenanceDays == 30 }, "Vidmakthållandet har börjat"},
	}
	for _, a := range actions {
		t.Run(a.name, func(t *testing.T) {
			w := anna.post(base+a.path, a.form)
			if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), base) {
				t.Fatalf("= %d %s:\n%s", w.Code, w.Header().Get("Location"), w.Body)
			}
			if !a.check(e.load(id)) {
				t.Error("not done")
			}
			mustContain(t, anna.get(base).Body.String(), a.flash)
		})
	}
	bad := []struct{ name, path string }{
		{"unknown module", "/modules/nosuch/start"},
		{"unknown step", "/steps/vanor/nosuch/hide"},
		{"unknown submission", "/submissions/999/read"},
		{"unknown review", "/reviews/999/done"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			if w := anna.post(base+b.path, nil); w.Code != http.StatusNotFound {
				t.Errorf("= %d, want 404", w.Code)
			}
		})
	}

	if w := anna.post(base+"/end", url.Values{"reason": {"bored"}}); w.Code != http.StatusBadRequest {
		t.Errorf("unknown end reason = %d, want 400", w.Code)
	}

	// The citizen now sees the completed module below and the new one current.
	body = cit.get("/e/" + id).Body.String()
	mustContain(t, body, "Avklarat innehåll", "Nya vanor", "Välkommen, Tolvan!")

	t.Run("ended is read only", func(t *testing.T) {
		if w := anna.post(base+"/end", url.Values{"reason": {runtime.EndCompleted}}); w.Code != http.StatusSeeOther {
			t.Fatalf("end = %d", w.Code)
		}
		if got := e.load(id).EndReason; got != runtime.EndCompleted {
			t.Errorf("end reason %q", got)
		}
		body := anna.get(base).Body.String()
		mustContain(t, body, "Momentet avslutades", "Genomfört")
		mustNotContain(t, body, "Starta modul", "Spara välkomsttext", "Avsluta momentet")
		mustContain(t, anna.get(south+"/ended").Body.String(), "Tolvan Tolvansson")
		if w := anna.post(base+"/modules/vanor/complete", nil); w.Code != http.StatusConflict {
			t.Errorf("change after end = %d, want 409", w.Code)
		}
	})
}

func TestChangeClinician(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	path := south + "/enrolments/" + id + "/clinician"
	anna := e.signIn("anna")
	mustNotContain(t, anna.get(south+"/enrolments/"+id).Body.String(), "Byt ansvarig behandlare")
	if w := anna.post(path, url.Values{"clinician": {"bertil"}}); w.Code != http.StatusForbidden {
		t.Errorf("clinician = %d, want 403", w.Code)
	}
	bertil := e.signIn("bertil")
	mustContain(t, bertil.get(south+"/enrolments/"+id).Body.String(), "Byt ansvarig behandlare")
	tests := []struct {
		to   string
		want int
	}{
		{"cecilia", http.StatusBadRequest}, // not a clinician
		{"erik", http.StatusBadRequest},    // a clinician of another unit
		{"nobody", http.StatusBadRequest},
		{"bertil", http.StatusSeeOther},
	}
	for _, tt := range tests {
		if w := bertil.post(path, url.Values{"clinician": {tt.to}}); w.Code != tt.want {
			t.Errorf("to %s = %d, want %d", tt.to, w.Code, tt.want)
		}
	}
	if got := e.load(id).Clinician; got != "bertil" {
		t.Errorf("clinician = %s", got)
	}
	mustContain(t, bertil.get(south+"/mine").Body.String(), "Tolvan Tolvansson")
	mustNotContain(t, anna.get(south+"/mine").Body.String(), "Tolvan Tolvansson")
}
