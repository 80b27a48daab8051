package web

import (
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// submitSleep submits the sleep form, whose score "Sömnbesvär" counts
// kvalitet and trott with the bands Lätta 0–5, Måttliga 6–9, Svåra 10–13.
func submitSleep(t *testing.T, c *client, id, kvalitet, trott string) {
	t.Helper()
	w := c.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {kvalitet}, "q.trott": {trott}, "q.somntid.h": {"7"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d:\n%s", w.Code, w.Body)
	}
}

func TestCitizenResults(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	page := "/e/" + id + "/results"

	w := cit.get(page)
	if w.Code != http.StatusOK {
		t.Fatalf("= %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, w.Body.String(), `<a href="`+page+`" aria-current="page">Resultat</a>`, "Dina resultat",
		"Här visas dina resultat när du har fyllt i formulär som ger poäng.")
	mustNotContain(t, w.Body.String(), `<svg class="chart"`)
	mustContain(t, cit.get("/e/"+id+"/").Body.String(), `href="`+page+`"`)

	submitSleep(t, cit, id, "1", "3")
	e.now = e.now.AddDate(0, 0, 7)
	cit = e.signIn(tolvan) // the session has timed out
	submitSleep(t, cit, id, "3", "9")
	body := cit.get(page).Body.String()
	mustContain(t, body,
		`role="img" aria-labelledby="chart-1-t chart-1-d"`,
		`<title id="chart-1-t">Sömnbesvär över tid</title>`,
		`<desc id="chart-1-d">2 värden från 2026-11-23 till 2026-11-30. Lägst 4, högst 12, senast 12. Nivåer: Lätta 0–5, Måttliga 6–9, Svåra 10–13.</desc>`,
		`<rect class="band band-1"`, `<rect class="band band-3"`,
		`tabindex="0"><title>4 den 2026-11-23, Lätta</title></circle>`,
		`tabindex="0"><title>12 den 2026-11-30, Svåra</title></circle>`,
		`<table class="results">`, `<th scope="col">Värde</th>`, `<th scope="col">Nivå</th>`,
		"<td>2026-11-30 10:00</td><td class=\"num\">12</td><td>Svåra</td>")
	if n := strings.Count(body, `tabindex="0"`); n != 2 {
		t.Errorf("%d focusable points, want 2", n)
	}
	// The table reads newest first.
	if strings.Index(body, "2026-11-30 10:00") > strings.Index(body, "2026-11-23 10:00") {
		t.Error("the table is not newest first")
	}
	// Only the clinician's page links the PDF for the record.
	mustNotContain(t, body, "/results/pdf", "Skattning")
}

// TestCitizenResultsRefused: a citizen sees the results of their own
// enrolments only, and staff reach them through their unit.
func TestCitizenResultsRefused(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	submitSleep(t, e.signIn(tolvan), id, "3", "9")
	tests := []struct {
		name string
		who  string
		path string
		want int
	}{
		{"another citizen", sara, "/e/" + id + "/results", http.StatusNotFound},
		{"staff on the citizen's page", "anna", "/e/" + id + "/results", http.StatusForbidden},
		{"another unit's clinician", "erik", "/u/" + "mottagning-nord" + "/enrolments/" + id + "/results", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := e.signIn(tt.who).get(tt.path)
			if w.Code == http.StatusOK {
				t.Fatalf("= 200, want refused:\n%s", w.Body)
			}
			mustNotContain(t, w.Body.String(), "Sömnbesvär", `<svg class="chart"`)
		})
	}
}

func TestStaffResults(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	submitSleep(t, cit, id, "0", "2")
	e.now = e.now.AddDate(0, 0, 14)
	submitSleep(t, e.signIn(tolvan), id, "2", "5")
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id + "/results"
	body := anna.get(base).Body.String()
	mustContain(t, body, `href="`+base+`/pdf"`, `role="img"`, `<desc id="chart-1-d">2 värden från 2026-11-23 till 2026-12-07.`,
		`<title>7 den 2026-12-07, Måttliga</title>`, `<table class="results">`, `<caption class="visually-hidden">Sömnbesvär i Hur sover du? över tid, senaste först</caption>`)
	// The points lie on one line, oldest left.
	xs := regexp.MustCompile(`<circle class="point[^"]*" cx="([0-9.]+)"`).FindAllStringSubmatch(body, -1)
	if len(xs) != 2 || xs[0][1] >= xs[1][1] && len(xs[0][1]) >= len(xs[1][1]) {
		t.Errorf("points %v", xs)
	}
}

// TestResultsReadOnly: in maintenance the citizen's results are shown as
// before, with the notice why nothing can be changed; after the end the
// clinician's are. The pages change nothing.
func TestResultsReadOnly(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	submitSleep(t, cit, id, "2", "5")
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id
	if w := anna.post(base+"/maintenance", url.Values{"days": {"30"}, "module": e.load(id).StartedModules()}); w.Code != http.StatusSeeOther {
		t.Fatalf("maintenance = %d", w.Code)
	}
	body := cit.get("/e/" + id + "/results").Body.String()
	mustContain(t, body, `<p class="notice" role="status">`, `<title>7 den 2026-11-23, Måttliga</title>`)
	mustNotContain(t, body, `method="post" action="/e/`)
	if w := anna.post(base+"/end", url.Values{"reason": {runtime.EndCompleted}}); w.Code != http.StatusSeeOther {
		t.Fatalf("end = %d", w.Code)
	}
	mustContain(t, anna.get(base+"/results").Body.String(), `<title>7 den 2026-11-23, Måttliga</title>`)
}

func TestResultsPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("STEGVIS_SKIP_POPPLER") == "1" {
			t.Skip("pdftotext not found")
		}
		t.Fatal("pdftotext not found: install poppler-utils, or set STEGVIS_SKIP_POPPLER=1")
	}
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id + "/results/pdf"
	text := func() string {
		t.Helper()
		return resultsPDFText(t, anna, base)
	}
	mustContain(t, text(), "Resultat", "Inga formulär med poäng har skickats in ännu.")
	submitSleep(t, cit, id, "1", "3")
	e.now = e.now.AddDate(0, 0, 7)
	submitSleep(t, e.signIn(tolvan), id, "3", "9")
	anna = e.signIn("anna")
	got := text()
	mustContain(t, got, "Resultat", "Invånare: Tolvan Tolvansson, 19121212-1212", "Moment: Sov bättre",
		"Utskriven 2026-11-30 10:00 av Anna Andersson", "Sömnbesvär – Hur sover du?",
		// The chart's labels: bands, value ticks, dates.
		"Svåra", "Måttliga", "Lätta", "2026-11-23",
		// The table, oldest first.
		"Inskickat", "Värde", "Nivå")
	first := regexp.MustCompile(`2026-11-23 10:00\s+4\s+Lätta`).FindStringIndex(got)
	second := regexp.MustCompile(`2026-11-30 10:00\s+12\s+Svåra`).FindStringIndex(got)
	if first == nil || second == nil {
		t.Fatalf("table rows missing:\n%s", got)
	}
	if second[0] < first[0] {
		t.Error("the PDF's table is not oldest first")
	}
}

// TestResultsActivities: what the citizen registers in activity plans is
// shown under Resultat beside the forms' scores, as a chart and a table
// dated by the occasions, on the citizen's page, the clinician's and the
// clinician's PDF; a plan made for this citizen from scratch is named by
// its title, never its id.
func TestResultsActivities(t *testing.T) {
	e := newEnv(t)
	id := withActivities(t, e)
	cit := e.signIn(tolvan)
	anna := e.signIn("anna")
	plans := south + "/enrolments/" + id + "/activities"
	custom := url.Values{"title": {"Vatten"}, "new.1.text": {"Hur många glas vatten drack du?"}, "new.1.type": {"number"}, "new.1.unit": {"glas"},
		"day.mon": {"on"}, "time.mon": {"20:00"}, "every_weeks": {"1"}, "grace_days": {"0"}}
	if w := anna.post(plans+"/new", custom); w.Code != http.StatusSeeOther || w.Header().Get("Location") != plans+"/egen-1" {
		t.Fatalf("new plan = %d %s:\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	if w := anna.post(plans+"/egen-1/switch", url.Values{"active": {"on"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("switch on = %d:\n%s", w.Code, w.Body)
	}
	register := func(c *client, path string, v url.Values) {
		t.Helper()
		if w := c.post("/e/"+id+"/activities/"+path, v); w.Code != http.StatusSeeOther {
			t.Fatalf("register %s = %d:\n%s", path, w.Code, w.Body)
		}
	}
	submitSleep(t, cit, id, "1", "3")
	register(cit, "promenad/2026-11-23T17:30", url.Values{"q.minuter": {"25"}, "q.kansla": {"4"}})
	register(cit, "egen-1/2026-11-23T20:00", url.Values{"q.q1": {"6"}})
	// Friday: Wednesday's walk, registered late within its grace days.
	e.now = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	cit = e.signIn(tolvan)
	register(cit, "promenad/2026-11-25T17:30", url.Values{"q.minuter": {"45"}, "q.kansla": {"2"}})
	anna = e.signIn("anna")

	// Both pages: the sleep form's score first, then the plans' series.
	shown := []string{
		`<title id="chart-1-t">Sömnbesvär över tid</title>`,
		`<title id="chart-2-t">Promenadplan – Hur många minuter gick du? över tid</title>`,
		`<desc id="chart-2-d">2 värden från 2026-11-23 till 2026-11-25. Lägst 25, högst 45, senast 45.</desc>`,
		`tabindex="0"><title>25 den 2026-11-23</title></circle>`,
		`tabindex="0"><title>45 den 2026-11-25</title></circle>`,
		`<title id="chart-3-t">Promenadplan – Hur kändes det? över tid</title>`,
		`<title id="chart-4-t">Vatten – Hur många glas vatten drack du? över tid</title>`,
		`<desc id="chart-4-d">Ett värde, 6 den 2026-11-23.</desc>`,
		`<caption class="visually-hidden">Vatten – Hur många glas vatten drack du? i Vatten över tid, senaste först</caption>`,
		`<th scope="col">Tillfälle</th>`, `<th scope="col">Inskickat</th>`,
		"<td>2026-11-25 17:30</td><td class=\"num\">45</td>", "<td>2026-11-23 17:30</td><td class=\"num\">25</td>",
		"<td>2026-11-23 20:00</td><td class=\"num\">6</td>",
	}
	for name, c := range map[string]struct {
		c    *client
		path string
	}{
		"citizen":   {cit, "/e/" + id + "/results"},
		"clinician": {anna, south + "/enrolments/" + id + "/results"},
	} {
		w := c.c.get(c.path)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: = %d:\n%s", name, w.Code, w.Body)
		}
		body := w.Body.String()
		mustContain(t, body, shown...)
		mustNotContain(t, body, "egen-1", "%!")
		if n := strings.Count(body, `role="img"`); n != 4 {
			t.Errorf("%s: %d charts, want 4", name, n)
		}
		// The walks' table reads newest first.
		if strings.Index(body, "<td>2026-11-25 17:30</td>") > strings.Index(body, "<td>2026-11-23 17:30</td>") {
			t.Errorf("%s: the walks' table is not newest first", name)
		}
	}
	mustContain(t, cit.get("/e/"+id+"/results").Body.String(),
		"Här ser du poängen från formulär som du har fyllt i och det du har registrerat under Aktiviteter, över tid.")

	got := resultsPDFText(t, anna, south+"/enrolments/"+id+"/results/pdf")
	mustContain(t, got, "Sömnbesvär – Hur sover du?", "Promenadplan – Hur många minuter gick du? – Promenadplan",
		"Vatten – Hur många glas vatten drack du? – Vatten", "Tillfälle", "Inskickat")
	mustNotContain(t, got, "egen-1")
	for _, row := range []string{`2026-11-23 17:30\s+25`, `2026-11-25 17:30\s+45`, `2026-11-23 20:00\s+6`, `2026-11-23 10:00\s+4\s+Lätta`} {
		if !regexp.MustCompile(row).MatchString(got) {
			t.Errorf("the PDF has no row %s:\n%s", row, got)
		}
	}
}

// resultsPDFText fetches the results PDF at path as c and returns its text
// as pdftotext lays it out.
func resultsPDFText(t *testing.T, c *client, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("STEGVIS_SKIP_POPPLER") == "1" {
			t.Skip("pdftotext not found")
		}
		t.Fatal("pdftotext not found: install poppler-utils, or set STEGVIS_SKIP_POPPLER=1")
	}
	w := c.get(path)
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("= %d %s:\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	file := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(file, w.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", "-layout", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
