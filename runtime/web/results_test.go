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
	mustNotContain(t, w.Body.String(), "<svg")
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
			mustNotContain(t, w.Body.String(), "Sömnbesvär", "<svg")
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
		w := anna.get(base)
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
