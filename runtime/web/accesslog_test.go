package web

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

func (e *env) accessLog(q runtime.AccessQuery) []runtime.AccessEntry {
	e.t.Helper()
	q.Unit, q.Limit = demo.UnitSouth, runtime.AccessMaxPage
	p, err := e.store.SearchAccess(context.Background(), q)
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Entries
}

func TestAccessIsLogged(t *testing.T) {
	e := newEnv(t)
	tol := e.enrolment(tolvan)
	manage := south + "/enrolments/" + tol
	cit := e.signIn(tolvan)
	cit.post("/e/"+tol+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"2"}, "q.trott": {"3"}, "q.somntid.h": {"6"}})
	sub := e.load(tol).Submissions[0].ID
	cit.get("/e/" + tol)
	cit.get("/e/" + tol + "/submissions/" + sub + "/pdf")
	if got := e.accessLog(runtime.AccessQuery{}); len(got) != 0 {
		t.Fatalf("the citizen's own reading was logged: %+v", got)
	}

	anna, bertil := e.signIn("anna"), e.signIn("bertil")
	anna.get(south + "/mine") // a list opens no enrolment
	if w := anna.get(manage); w.Code != 200 {
		t.Fatalf("manage = %d", w.Code)
	}
	e.now = e.now.Add(1e9)
	if w := anna.get(manage + "/submissions/" + sub + "/pdf"); w.Code != 200 {
		t.Fatalf("pdf = %d", w.Code)
	}
	anna.post(manage+"/welcome", url.Values{"welcome": {"Hej"}}) // an action is not an opening
	e.now = e.now.Add(1e9)
	bertil.get(manage)
	anna.get(manage + "/nosuchtab") // no page, nothing opened
	erik := e.signIn("erik")
	erik.get(manage) // refused: not on the unit

	got := e.accessLog(runtime.AccessQuery{})
	var lines []string
	for _, a := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s %s %s %s %s", a.Staff, a.StaffName, a.Role, a.Unit, a.Enrolment, a.Kind, a.Object))
	}
	want := []string{
		"bertil Bertil Berg clinician mottagning-syd " + tol + " enrolment ",
		"anna Anna Andersson clinician mottagning-syd " + tol + " submission " + sub,
		"anna Anna Andersson clinician mottagning-syd " + tol + " enrolment ",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("log:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(got) > 0 && !got[0].At.Equal(e.now) {
		t.Errorf("at %v, want %v", got[0].At, e.now)
	}
	for _, a := range got {
		if strings.Contains(a.ID+a.Object, tolvan) {
			t.Errorf("an entry holds the personal identity number: %+v", a)
		}
	}
}

// failingLog is a store whose access log is down.
type failingLog struct{ runtime.Store }

func (failingLog) AppendAccess(context.Context, runtime.AccessEntry) error {
	return errors.New("log down")
}

func TestNoAccessWithoutLog(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Store = failingLog{c.Store} })
	tol := e.enrolment(tolvan)
	w := e.signIn("anna").get(south + "/enrolments/" + tol)
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("manage view with the log down = %d, want 500", w.Code)
	}
	mustNotContain(t, w.Body.String(), "Tolvan")
}

// TestAccessOfRoute checks what each kind of page below an enrolment is
// logged as, for the tabs other pages add.
func TestAccessOfRoute(t *testing.T) {
	r := chi.NewRouter()
	var kind runtime.AccessKind
	var object string
	var ok bool
	h := func(w http.ResponseWriter, req *http.Request) {}
	r.Route("/u/{unit}/enrolments/{enrolment}", func(r chi.Router) {
		r.Use(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				kind, object, ok = accessOfRoute(req)
				next.ServeHTTP(w, req)
			})
		})
		r.Get("/", h)
		r.Get("/results", h)
		r.Get("/timeline", h)
		r.Get("/timeline/pdf", h)
		r.Get("/submissions/{submission}/pdf", h)
		r.Get("/export/{format}", h)
		r.Route("/messages", func(r chi.Router) {
			r.Get("/", h)
			r.Get("/{conversation}", h)
		})
	})
	tests := []struct {
		path   string
		kind   runtime.AccessKind
		object string
		ok     bool
	}{
		{"/u/s/enrolments/e1", runtime.AccessEnrolment, "", true},
		{"/u/s/enrolments/e1/", runtime.AccessEnrolment, "", true},
		{"/u/s/enrolments/e1/results", runtime.AccessEnrolment, "results", true},
		{"/u/s/enrolments/e1/timeline", runtime.AccessTimeline, "", true},
		{"/u/s/enrolments/e1/timeline/pdf", runtime.AccessTimeline, "pdf", true},
		{"/u/s/enrolments/e1/submissions/s9/pdf", runtime.AccessSubmission, "s9", true},
		{"/u/s/enrolments/e1/export/fhir", runtime.AccessExport, "fhir", true},
		{"/u/s/enrolments/e1/messages", runtime.AccessMessage, "", true},
		{"/u/s/enrolments/e1/messages/c3", runtime.AccessMessage, "c3", true},
		{"/u/s/enrolments/e1/nosuch", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			kind, object, ok = "", "", false
			r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", tt.path, nil))
			if kind != tt.kind || object != tt.object || ok != tt.ok {
				t.Errorf("= %q %q %v, want %q %q %v", kind, object, ok, tt.kind, tt.object, tt.ok)
			}
		})
	}
}

func TestAccessLogPage(t *testing.T) {
	e := newEnv(t)
	tol, sar := e.enrolment(tolvan), e.enrolment(sara)
	anna, bertil := e.signIn("anna"), e.signIn("bertil")
	for i := range 7 {
		e.now = e.now.Add(60e9)
		anna.get(south + "/enrolments/" + tol)
		if i%2 == 0 {
			bertil.get(south + "/enrolments/" + sar)
		}
	}
	admin := e.signIn("cecilia")
	page := south + "/accesslog"

	t.Run("in the unit admin's navigation", func(t *testing.T) {
		mustContain(t, admin.get(south+"/programs").Body.String(), `href="`+page+`"`, "Åtkomstlogg")
		mustNotContain(t, anna.get(south+"/mine").Body.String(), `href="`+page+`"`)
	})
	t.Run("latest first, without a search", func(t *testing.T) {
		w := admin.get(page)
		if w.Code != 200 {
			t.Fatalf("= %d", w.Code)
		}
		body := w.Body.String()
		mustContain(t, body, `<form method="get"`, "Anna Andersson", "Bertil Berg", tol, sar, "Behandlare", "Momentet")
		mustNotContain(t, body, "Tolvan", "19121212", "Sara Lind")
		if strings.Index(body, "Anna Andersson") > strings.Index(body, "Bertil Berg") {
			t.Error("the latest access, anna's, is not first")
		}
	})
	t.Run("by staff", func(t *testing.T) {
		body := rows(admin.get(page + "?staff=bertil").Body.String())
		mustContain(t, body, "Bertil Berg", sar)
		mustNotContain(t, body, "Anna Andersson")
	})
	t.Run("by enrolment", func(t *testing.T) {
		body := admin.get(page + "?enrolment=" + sar).Body.String()
		if n := strings.Count(body, "<tr>") - 1; n != 4 {
			t.Errorf("%d rows, want 4", n)
		}
	})
	t.Run("by personal identity number", func(t *testing.T) {
		body := rows(admin.get(page + "?enrolment=19121212-1212").Body.String())
		if n := strings.Count(body, "<tr>"); n != 7 {
			t.Errorf("%d rows, want 7", n)
		}
		mustNotContain(t, body, "Bertil Berg")
		w := admin.get(page + "?enrolment=19970101-0000")
		mustContain(t, w.Body.String(), "aria-invalid")
	})
	t.Run("by dates", func(t *testing.T) {
		mustContain(t, rows(admin.get(page+"?from=2026-11-23&to=2026-11-23").Body.String()), "Anna Andersson")
		body := admin.get(page + "?to=2026-11-22").Body.String()
		mustContain(t, body, "Inga åtkomster matchar")
		w := admin.get(page + "?from=23/11")
		if w.Code != http.StatusBadRequest {
			t.Errorf("a bad date = %d", w.Code)
		}
		mustContain(t, w.Body.String(), "ÅÅÅÅ-MM-DD", `aria-invalid="true"`)
	})
	t.Run("paged", func(t *testing.T) {
		for i := range runtime.AccessPageSize {
			err := e.store.AppendAccess(context.Background(), runtime.AccessEntry{At: e.now.Add(time.Duration(i-1000) * time.Second),
				Staff: "david", StaffName: "David Dahl", Role: runtime.RoleDataAdmin, Unit: demo.UnitSouth, Enrolment: tol, Kind: runtime.AccessExport})
			if err != nil {
				t.Fatal(err)
			}
		}
		seen := 0
		next := page + "?enrolment=" + tol
		for range 5 {
			body := admin.get(next).Body.String()
			seen += strings.Count(body, "<tr>") - 1
			m := regexp.MustCompile(`<a href="([^"]+)">Äldre åtkomster</a>`).FindStringSubmatch(body)
			if m == nil {
				break
			}
			next = html.UnescapeString(m[1])
			mustContain(t, admin.get(next).Body.String(), "Till de senaste")
		}
		if want := 7 + runtime.AccessPageSize; seen != want {
			t.Errorf("%d rows over the pages, want %d", seen, want)
		}
		if w := admin.get(page + "?after=..%2Fx"); w.Code != http.StatusBadRequest {
			t.Errorf("a forged cursor = %d", w.Code)
		}
	})
}

// rows is the table body of a page, "" when it has none.
func rows(body string) string {
	_, b, _ := strings.Cut(body, "<tbody>")
	b, _, _ = strings.Cut(b, "</tbody>")
	return b
}
