package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func TestManageTabs(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	base := south + "/enrolments/" + id
	anna := e.signIn("anna")
	tests := []struct {
		path, current string
	}{
		{base, "Hantera"},
		{base + "/timeline", "Tidslinje"},
		{base + "/results", "Resultat"},
	}
	for _, tt := range tests {
		t.Run(tt.current, func(t *testing.T) {
			w := anna.get(tt.path)
			if w.Code != http.StatusOK {
				t.Fatalf("= %d:\n%s", w.Code, w.Body)
			}
			body := w.Body.String()
			mustContain(t, body, `aria-label="Flikar för momentet"`,
				`href="`+base+`"`, `href="`+base+`/timeline"`, `href="`+base+`/results"`,
				`aria-current="page">`+tt.current, `<span class="pnr">19121212-1212</span>`, "Dag 0 av 42", "Behandlare: Anna Andersson")
			// The sleep program has no messages.
			mustNotContain(t, body, `/messages"`)
		})
	}
	if w := e.signIn(tolvan).get(base + "/timeline"); w.Code == http.StatusOK {
		t.Errorf("citizen sees the timeline: %d", w.Code)
	}

	t.Run("messages tab only with the feature", func(t *testing.T) {
		l := &loaded{E: e.load(id), Program: &designer.Program{Title: "P"}}
		r := httptest.NewRequest("GET", "/", nil)
		if tabs := e.srv.manageTabBar(r, l, "south", tabTimeline); len(tabs) != 3 || !tabs[1].Current || tabs[1].Label != "Tidslinje" {
			t.Errorf("without messages: %+v", tabs)
		}
		l.Program.Features = []string{designer.FeatureMessages}
		tabs := e.srv.manageTabBar(r, l, "south", tabMessages)
		if len(tabs) != 4 || tabs[1].Label != "Meddelanden" || !tabs[1].Current || !strings.HasSuffix(tabs[1].Href, "/"+id+"/messages") {
			t.Errorf("with messages: %+v", tabs)
		}
	})
}

func TestManageCollapsedAndCounted(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	body := e.signIn("anna").get(south + "/enrolments/" + id).Body.String()
	mustContain(t, body, `<section class="module card" id="m-om-somn"`, `<details class="module-steps">`, "1 oläst formulär", "2 händelser att granska",
		"1 formulär inskickat, 1 oläst", `class="icon"`, `<span class="visually-hidden">Sida att läsa: </span>`)
	mustNotContain(t, body, `<details class="module-steps" open`)
}

func TestTimelinePage(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.get("/e/" + id + "/m/om-somn/vad-ar-somn")
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	base := south + "/enrolments/" + id + "/timeline"
	anna := e.signIn("anna")
	tests := []struct {
		name  string
		query string
		want  []string
		not   []string
	}{
		{"whole period", "", []string{`<form method="get"`, "Momentet startades med Anna Andersson som ansvarig behandlare",
			"Formuläret Hur sover du? skickades in", "Invånaren", "Brådskande händelse: Sover dåligt", "hela perioden", `href="` + base + `/pdf"`}, nil},
		{"forms only", "?kind=forms", []string{"Formuläret Hur sover du? skickades in", `value="forms" id="k-forms" aria-describedby="kinds-help" checked`,
			`href="` + base + `/pdf?kind=forms"`}, []string{"Momentet startades", "öppnades"}},
		{"flags only", "?kind=flags", []string{"Brådskande händelse"}, []string{"skickades in"}},
		{"a week before the start", "?week=2026-W40", []string{"Inga händelser under perioden.", "2026-09-28 – 2026-10-04"}, []string{"startades"}},
		{"the day", "?from=2026-11-23&to=2026-11-23", []string{"2026-11-23 – 2026-11-23", "skickades in"}, nil},
		{"bad filter shows all", "?from=2026-11-24&to=2026-11-01", []string{`role="alert"`, "Filtret gick inte att använda", "skickades in"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := anna.get(base + tt.query)
			if w.Code != http.StatusOK {
				t.Fatalf("= %d:\n%s", w.Code, w.Body)
			}
			mustContain(t, w.Body.String(), tt.want...)
			mustNotContain(t, w.Body.String(), tt.not...)
		})
	}
}

func TestTimelinePDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("STEGVIS_SKIP_POPPLER") == "1" {
			t.Skip("pdftotext not found")
		}
		t.Fatal("pdftotext not found: install poppler-utils, or set STEGVIS_SKIP_POPPLER=1")
	}
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id + "/timeline/pdf"
	w := anna.get(base + "?kind=forms&kind=lifecycle")
	if w.Code != http.StatusOK || w.Header().Get("Content-Type") != "application/pdf" {
		t.Fatalf("= %d %s:\n%s", w.Code, w.Header().Get("Content-Type"), w.Body)
	}
	file := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(file, w.Body.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	mustContain(t, text, "Tidslinje", "Invånare: Tolvan Tolvansson, 19121212-1212", "Moment: Sov bättre", "Period: hela perioden",
		"Visar: Formulär, Momentet", "Momentet startades", "Hur sover du? skickades in", "Utskriven 2026-11-23 10:00 av Anna Andersson")
	mustNotContain(t, text, "Brådskande händelse")
	if w := anna.get(base + "?week=2026-W99"); w.Code != http.StatusBadRequest {
		t.Errorf("bad week = %d", w.Code)
	}
}

func TestResultsPage(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id + "/results"
	mustContain(t, anna.get(base).Body.String(), "Inga formulär med poäng har skickats in ännu.")
	cit := e.signIn(tolvan)
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	body := anna.get(base).Body.String()
	mustContain(t, body, `<table class="results">`, `<th scope="col">Värde</th>`, "2026-11-23 10:00")
}
