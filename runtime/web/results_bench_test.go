package web

import (
	"context"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/embedded"
	"github.com/stegvis/stegvis/runtime/publish"
)

// BenchmarkResultsPage renders the citizen's results tab, through every
// middleware, for an enrolment with a year of weekly registrations: 52
// submissions of the demo's sleep form, given three more scores for the
// benchmark, so that the page draws four series of 52 points (one with
// bands), as it will with activity plans' series beside the forms'. The
// target is under 5 ms a page (ns/op); cpu-ms/op is the process' CPU
// time a page, which a busy machine does not inflate as it does ns/op.
func BenchmarkResultsPage(b *testing.B) {
	srv, cookies, path := resultsYear(b, false)
	benchResults(b, srv, cookies, path)
}

// BenchmarkResultsPageActivities is BenchmarkResultsPage with the year's
// registrations of an activity plan as well: every week the citizen
// registers the plan's occasion (minutes walked and how it felt, through
// RegisterActivity as the Aktiviteter tab does) beside the sleep form, so
// that the page draws six series of 52 points, two of them from
// ActivityRegistered events folded into the enrolment on every request.
// The target is the same: under 5 ms a page.
func BenchmarkResultsPageActivities(b *testing.B) {
	srv, cookies, path := resultsYear(b, true)
	benchResults(b, srv, cookies, path)
}

// benchResults renders the page at path as the citizen of cookies, b.N
// times, and reports the process' CPU time a page beside the wall time.
func benchResults(b *testing.B, srv http.Handler, cookies []*http.Cookie, path string) {
	b.Helper()
	TuneGC() // as serve does
	cpu := cpuTime()
	for b.Loop() {
		if w := benchGet(srv, path, cookies); w.Code != http.StatusOK {
			b.Fatalf("= %d", w.Code)
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// resultsYear seeds the demo on an embedded store with a program whose
// sleep form has four scores, submits it weekly for a year as the first
// demo citizen, and returns the server, that citizen's cookies and the
// path of their results tab. With plans the program has a weekly walking
// plan (Mondays at 17:30, a number and a scale asked), whose occasion the
// citizen registers every week half an hour after it, as the plan's tab
// would.
func resultsYear(b *testing.B, plans bool) (http.Handler, []*http.Cookie, string) {
	b.Helper()
	ctx := context.Background()
	store, err := embedded.Open(filepath.Join(b.TempDir(), "s.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	start := time.Date(2025, 11, 24, 16, 0, 0, 0, time.UTC)
	p, files, err := demo.Program()
	if err != nil {
		b.Fatal(err)
	}
	sleep, _ := p.Form("somnformular")
	sleep.Scores = append(sleep.Scores,
		&designer.Score{ID: "kvalitet", Title: "Sömnkvalitet", Items: []string{"kvalitet"}},
		&designer.Score{ID: "trotthet", Title: "Trötthet", Items: []string{"trott"}},
		&designer.Score{ID: "koffein", Title: "Koffein", Items: []string{"koffein"}})
	if plans {
		zero, most := 0.0, 600.0
		p.Features = append(p.Features, designer.FeatureActivities)
		p.Forms = append(p.Forms, &designer.Form{ID: "promenadform", Title: "Promenad", Version: "p1", Questions: []*designer.Question{
			{ID: "minuter", Type: designer.TypeNumber, Text: "Hur många minuter gick du?", Required: true, Min: &zero, Max: &most, Unit: "min"},
			{ID: "kansla", Type: designer.TypeScale, Text: "Hur kändes det?", Scale: &designer.Scale{Min: 1, Max: 5}},
		}})
		p.ActivityPlans = append(p.ActivityPlans, &designer.ActivityPlan{ID: "promenad", Title: "Promenadplan", Form: "promenadform",
			Occasions: []designer.Occasion{{Weekday: "mon", Time: "17:30"}}, EveryWeeks: 1, GraceDays: 2, Comments: true, Active: true})
	}
	if _, err := publish.Program(ctx, store, p, files, "bench", start); err != nil {
		b.Fatal(err)
	}
	if err := demo.Seed(ctx, store, start); err != nil {
		b.Fatal(err)
	}
	es, err := store.Enrolments(ctx, runtime.ByCitizen(tolvan))
	if err != nil || len(es) == 0 {
		b.Fatalf("no enrolment: %v", err)
	}
	id := es[0].ID
	svc := runtime.NewEnrolments(store)
	for i := range 52 {
		at := start.AddDate(0, 0, 7*i)
		svc.Now = func() time.Time { return at }
		answers := map[string][]string{"kvalitet": {strconv.Itoa(i % 3)}, "trott": {strconv.Itoa(i % 11)},
			"koffein": {strconv.Itoa(i % 5)}, "somntid": {"420"}}
		if _, err := svc.Do(ctx, id, runtime.Actor{ID: tolvan, Role: runtime.RoleCitizen},
			runtime.Submit(p, "om-somn", "kartlaggning", sleep, answers, at)); err != nil {
			b.Fatalf("week %d: %v", i, err)
		}
		if !plans {
			continue
		}
		occasion := time.Date(2025, 11, 24, 17, 30, 0, 0, runtime.Stockholm).AddDate(0, 0, 7*i)
		registered := occasion.Add(30 * time.Minute)
		svc.Now = func() time.Time { return registered }
		walk := map[string][]string{"minuter": {strconv.Itoa(20 + i%40)}, "kansla": {strconv.Itoa(1 + i%5)}}
		if _, err := svc.Do(ctx, id, runtime.Actor{ID: tolvan, Role: runtime.RoleCitizen},
			runtime.RegisterActivity(p, "promenad", occasion.Format(runtime.OccasionIDLayout), walk, "", registered)); err != nil {
			b.Fatalf("week %d's walk: %v", i, err)
		}
	}
	now := start.AddDate(1, 0, 0)
	ident, err := NewDevIdentity(store, true, "sv", demo.Choices())
	if err != nil {
		b.Fatal(err)
	}
	srv, err := New(Config{Store: store, Identity: ident, Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return now }})
	if err != nil {
		b.Fatal(err)
	}
	cookies := benchSignIn(b, srv, tolvan)
	path := "/e/" + id + "/results"
	w := benchGet(srv, path, cookies)
	body := w.Body.String()
	series := 4
	if plans {
		series += 2
	}
	if w.Code != http.StatusOK || strings.Count(body, `role="img"`) != series || strings.Count(body, `tabindex="0"><title>`) != series*52 {
		b.Fatalf("results page = %d with %d charts and %d points, want %d and %d:\n%s", w.Code,
			strings.Count(body, `role="img"`), strings.Count(body, `tabindex="0"><title>`), series, series*52, body)
	}
	return srv, cookies, path
}
