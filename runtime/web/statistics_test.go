package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// seedStatistics writes n enrolments on the south unit, started at
// start a minute apart, the first ended of them ended (completed) a
// month later.
func (e *env) seedStatistics(n, ended int, start time.Time) {
	e.t.Helper()
	ctx := context.Background()
	pubs, err := e.store.Publications(ctx)
	if err != nil || len(pubs) == 0 {
		e.t.Fatalf("publications: %v, %v", pubs, err)
	}
	actor := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	var logs [][]runtime.Event
	for i := range n {
		at := start.Add(time.Duration(i) * time.Minute)
		changes := []runtime.Change{&runtime.EnrolmentStarted{
			ID: fmt.Sprintf("stat-%04d", i), Program: pubs[0].Program, Bundle: pubs[0].Bundle, Unit: demo.UnitSouth,
			Citizen: testPnr(i), CitizenName: fmt.Sprintf("Statistikperson %d", i), Clinician: "anna",
		}}
		if i < ended {
			changes = append(changes, &runtime.Ended{Reason: runtime.EndCompleted})
		}
		var evs []runtime.Event
		for j, c := range changes {
			ev, err := runtime.NewEvent(at.AddDate(0, j, 0), actor, c)
			if err != nil {
				e.t.Fatal(err)
			}
			ev.Seq = int64(j + 1)
			evs = append(evs, ev)
		}
		logs = append(logs, evs)
	}
	if err := e.store.Seed(ctx, logs...); err != nil {
		e.t.Fatal(err)
	}
}

func TestStatisticsPage(t *testing.T) {
	e := newEnv(t)
	cecilia := e.signIn("cecilia")
	// The demo alone: its three citizens on the south unit are fewer
	// than 5, so every count of enrolments is suppressed; the region's
	// staff are not.
	w := cecilia.get(south + "/statistics")
	if w.Code != http.StatusOK {
		t.Fatalf("GET statistics = %d:\n%.2000s", w.Code, w.Body)
	}
	body := w.Body.String()
	for _, want := range []string{"<h1>Statistik</h1>", "Hela regionen", "Enheten Mottagning Syd", "färre än 5", `role="img"`, "<dt>Personal</dt><dd>6</dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, never := range []string{"Tolvan", tolvan, "Sara Lind"} {
		if strings.Contains(body, never) {
			t.Errorf("page shows %q", never)
		}
	}
	if strings.Contains(body, "Mottagning Nord") {
		t.Error("the page shows another unit")
	}

	// 12 more started two months ago, 6 of them ended a month later.
	// The demo's citizens on the north unit are fewer than 5: the
	// region's started show (17), and so that the north's cannot be
	// worked out from them, the south's period total is suppressed too.
	e.seedStatistics(12, 6, e.now.AddDate(0, -2, 0))
	body = cecilia.get(south + "/statistics").Body.String()
	for _, want := range []string{"<dt>Påbörjade under perioden</dt><dd>17</dd>", "<dt>Avslutade under perioden</dt><dd>6</dd>",
		`<dt>Påbörjade under perioden</dt><dd><span class="suppressed">färre än 5</span></dd>`, "<dt>Median dagar i programmet</dt><dd>30 dagar (av 6)</dd>"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// 6 completed and none not: the share tells about fewer than 5.
	if !strings.Contains(body, `<dt>Andel genomförda</dt><dd><span class="suppressed">färre än 5</span></dd>`) {
		t.Error("the share of 6 completed of 6 is shown")
	}
}

func TestStatisticsRefused(t *testing.T) {
	e := newEnv(t)
	for _, who := range []string{"anna", "bertil", "david"} {
		c := e.signIn(who)
		if w := c.get(south + "/statistics"); w.Code != http.StatusForbidden {
			t.Errorf("%s: GET statistics = %d, want 403", who, w.Code)
		}
		if w := c.get(south + "/statistics.csv"); w.Code != http.StatusForbidden {
			t.Errorf("%s: GET statistics.csv = %d, want 403", who, w.Code)
		}
	}
}

func TestStatisticsCSV(t *testing.T) {
	e := newEnv(t)
	e.seedStatistics(12, 6, e.now.AddDate(0, -2, 0))
	w := e.signIn("cecilia").get(south + "/statistics.csv")
	if w.Code != http.StatusOK {
		t.Fatalf("GET statistics.csv = %d", w.Code)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cd := w.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="statistik-mottagning-syd-`) {
		t.Errorf("Content-Disposition %q", cd)
	}
	body := w.Body.String()
	if !strings.HasPrefix(body, "\ufeffNivå;Enhet;Program;Månad;Personal;") {
		t.Fatalf("no BOM or header:\n%.300s", body)
	}
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	// Region and unit and one program on each: 13 lines each, and the
	// header.
	if len(lines) != 1+4*13 {
		t.Errorf("%d lines, want %d", len(lines), 1+4*13)
	}
	for _, l := range lines {
		if strings.Count(l, ";") != 9 {
			t.Errorf("line %q: %d separators", l, strings.Count(l, ";"))
		}
		if strings.Contains(l, "Statistikperson") || strings.Contains(l, "Mottagning Nord") {
			t.Errorf("line %q shows a person or another unit", l)
		}
	}
	month := e.now.AddDate(0, -2, 0).Format("2006-01")
	want := "Regionen;;;" + month + ";6;12;12;färre än 5;;"
	if !strings.Contains(body, want) {
		t.Errorf("no line %q in:\n%s", want, body)
	}
	if !strings.Contains(body, "Regionen;;;Perioden "+e.now.AddDate(0, -11, 0).Format("2006-01")+" – "+e.now.Format("2006-01")+";6;;17;6;färre än 5;30\r\n") {
		t.Errorf("no period line of the region:\n%s", body)
	}
}
