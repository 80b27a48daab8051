package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer/preview"
	"github.com/stegvis/stegvis/runtime"
)

func TestPreviewNow(t *testing.T) {
	start := previewStart()
	tests := []struct {
		day  int
		want string
	}{
		{0, "2026-01-05 12:00 CET"},
		{1, "2026-01-06 12:00 CET"},
		{10, "2026-01-15 12:00 CET"},
		{83, "2026-03-29 12:00 CEST"}, // the day summer time begins
		{84, "2026-03-30 12:00 CEST"},
		{300, "2026-11-01 12:00 CET"},
	}
	for _, tt := range tests {
		got := previewNow(start, tt.day).In(runtime.Stockholm).Format("2006-01-02 15:04 MST")
		if got != tt.want {
			t.Errorf("previewNow(day %d) = %s, want %s", tt.day, got, tt.want)
		}
		if n := runtime.DayNumber(start, previewNow(start, tt.day)); n != tt.day {
			t.Errorf("DayNumber(previewNow(day %d)) = %d", tt.day, n)
		}
	}
	if got := previewStart().In(runtime.Stockholm).Format("Mon 15:04"); got != "Mon 09:00" {
		t.Errorf("previewStart() = %s, want a Monday at 09:00", got)
	}
	// A start after noon: day 0 is shown at the start itself.
	late := time.Date(2026, 1, 5, 15, 0, 0, 0, runtime.Stockholm)
	if got := previewNow(late, 0); !got.Equal(late) {
		t.Errorf("previewNow(late start, 0) = %v, want %v", got, late)
	}
}

// previewClient serves the preview of content/livsstil over a real
// stegvis (previewWorld) and browses it with a cookie jar.
func previewClient(t *testing.T) (*httptest.Server, *http.Client, *previewWorld) {
	ts, c, live, _ := previewClientIn(t, "../../content/livsstil")
	return ts, c, live
}

// previewClientIn is previewClient over the program folder dir.
func previewClientIn(t *testing.T, dir string) (*httptest.Server, *http.Client, *previewWorld, *preview.Server) {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	live := newPreviewWorld("sv", log)
	t.Cleanup(func() { live.Close() })
	srv, err := preview.New([]string{dir}, preview.Options{Lang: "sv", Logger: log, Live: live})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	jar, _ := cookiejar.New(nil)
	return ts, &http.Client{Jar: jar}, live, srv
}

func getPage(t *testing.T, c *http.Client, u string) (int, string) {
	t.Helper()
	res, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var enrolmentHref = regexp.MustCompile(`href="(/e/[a-z0-9]+)/"`)

func TestPreviewDays(t *testing.T) {
	ts, c, live := previewClient(t)

	// The steps of the preview show the day bar, with the way into the
	// running program.
	if code, steps := getPage(t, c, ts.URL+"/"); code != http.StatusOK || !strings.Contains(steps, `who=citizen"`) || !strings.Contains(steps, "Dag 0") {
		t.Errorf("GET /: %d, want the steps with the day bar:\n%s", code, steps)
	}
	code, home := getPage(t, c, ts.URL+"/home")
	if code != http.StatusOK || !strings.Contains(home, "Dag 0") || !strings.Contains(home, `action="/_preview/day"`) {
		t.Fatalf("GET /home: %d, want the citizen's home with the day bar on day 0:\n%s", code, home)
	}
	m := enrolmentHref.FindStringSubmatch(home)
	if m == nil {
		t.Fatalf("no enrolment on the citizen's home:\n%s", home)
	}
	base := m[1]

	// Day 0: the start battery blocks the content.
	_, overview := getPage(t, c, ts.URL+base+"/")
	for _, want := range []string{"/battery/halsoprofil/halsoprofil", "Min hälsoprofil", ">Aktiviteter<", ">Meddelanden<", ">Resultat<", ">Planering<", ">Bokmärken<", ">Kontakter<"} {
		if !strings.Contains(overview, want) {
			t.Errorf("day 0 overview lacks %q", want)
		}
	}

	// Day 12 through ?day=: the inactivity reminder (after 10 days) is in
	// the inbox, the same address still works, and the plan's occasion
	// has its registration form.
	code, home = getPage(t, c, ts.URL+"/home?day=12")
	if code != http.StatusOK || !strings.Contains(home, "Dag 12") || !strings.Contains(home, "Det var ett tag sedan sist") {
		t.Fatalf("day 12 home: %d, want the inactivity reminder:\n%s", code, home)
	}
	if live.Day() != 12 {
		t.Errorf("Day() = %d, want 12", live.Day())
	}
	_, acts := getPage(t, c, ts.URL+base+"/activities")
	occ := regexp.MustCompile(`href="(` + regexp.QuoteMeta(base) + `/activities/rorelseplan/[0-9T:-]+)"`).FindStringSubmatch(acts)
	if occ == nil {
		t.Fatalf("day 12 activities: no occasion of the movement plan to register:\n%s", acts)
	}
	_, reg := getPage(t, c, ts.URL+occ[1])
	if !strings.Contains(reg, `action="`+occ[1]+`"`) || !strings.Contains(reg, "Promenad") {
		t.Errorf("the occasion's page has no registration form:\n%s", reg)
	}

	// The clinician's view of the same enrolment: the events to review,
	// by title.
	code, staff := getPage(t, c, ts.URL+"/_preview/as?who=clinician")
	if code != http.StatusOK || !strings.Contains(staff, "Missad registrering i rörelseplanen") || !strings.Contains(staff, "Dag 12") {
		t.Errorf("the clinician's view: %d, want the flags by title:\n%s", code, staff)
	}
	if strings.Contains(staff, ">missad-rorelse<") {
		t.Errorf("the clinician's view shows a flag's id")
	}

	// From the clinician's view back to the citizen's pages of the same
	// enrolment.
	res, err := c.Get(ts.URL + "/_preview/as?who=citizen&from=" + url.QueryEscape("/u/"+previewUnit+"/enrolments/"+strings.TrimPrefix(base, "/e/")))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != base+"/" {
		t.Errorf("as the citizen from the manage view: at %s, want %s", res.Request.URL.Path, base+"/")
	}

	// The day form: the next day, back to where it was.
	res, err = c.Get(ts.URL + "/_preview/day?day=13&next=" + url.QueryEscape(base+"/"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Request.URL.Path != base+"/" || live.Day() != 13 {
		t.Errorf("the day form went to %s on day %d, want %s on day 13", res.Request.URL.Path, live.Day(), base+"/")
	}
	for _, bad := range []string{"-1", "x", "100000"} {
		code, _ := getPage(t, c, ts.URL+"/_preview/day?day="+bad+"&next=/home")
		if code != http.StatusBadRequest {
			t.Errorf("day=%s: %d, want 400", bad, code)
		}
	}
}

var readForm = regexp.MustCompile(`<form method="post" action="/home/inbox/read"[^>]*>(.*?)</form>`)
var hidden = regexp.MustCompile(`name="([^"]+)" value="([^"]*)"`)
var unread = regexp.MustCompile(`aria-label="(\d+) olästa"`)

// TestPreviewReplay: what the designer writes on a day stays written on
// that day and after it, through new days and new builds (a save in the
// program's folder), and is not there before it.
func TestPreviewReplay(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("../../content/livsstil")); err != nil {
		t.Fatal(err)
	}
	ts, c, live, srv := previewClientIn(t, dir)
	_, home := getPage(t, c, ts.URL+"/home?day=12")
	before := unread.FindStringSubmatch(home)
	f := readForm.FindStringSubmatch(home)
	if before == nil || f == nil {
		t.Fatalf("day 12: no unread notification to mark read:\n%s", home)
	}
	form := url.Values{}
	for _, h := range hidden.FindAllStringSubmatch(f[1], -1) {
		form.Set(h[1], strings.ReplaceAll(h[2], "&amp;", "&"))
	}
	res, err := c.PostForm(ts.URL+"/home/inbox/read", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	count := func(day string) string {
		t.Helper()
		_, page := getPage(t, c, ts.URL+"/home?day="+day)
		m := unread.FindStringSubmatch(page)
		if m == nil {
			return "0"
		}
		return m[1]
	}
	after := count("12")
	if after == before[1] {
		t.Fatalf("marking read changed nothing: %s unread", after)
	}
	count("11") // a world without the write: it lies in the future
	if n := len(live.writes); n != 1 {
		t.Errorf("on day 11, %d writes kept, want 1 (for day 12)", n)
	}
	if got := count("12"); got != after {
		t.Errorf("back on day 12: %s unread, want %s (the write replayed)", got, after)
	}
	// A save: the reminder's text changes; the day and the write stay.
	yaml := filepath.Join(dir, "program.yaml")
	src, err := os.ReadFile(yaml)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "Det var ett tag sedan sist.", "Vi saknar dig.", 1)
	if changed == string(src) {
		t.Fatal("program.yaml has no inactivity reminder to change")
	}
	if err := os.WriteFile(yaml, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := srv.RebuildAll(); err != nil {
		t.Fatal(err)
	}
	if live.Day() != 12 {
		t.Errorf("after a new build, day %d, want 12", live.Day())
	}
	_, page := getPage(t, c, ts.URL+"/home")
	if !strings.Contains(page, "Vi saknar dig.") {
		t.Errorf("after a new build the reminder has its old text")
	}
	if m := unread.FindStringSubmatch(page); m == nil || m[1] != after {
		t.Errorf("after a new build: %v unread, want %s", m, after)
	}
	if len(live.writes) != 1 {
		t.Errorf("%d writes recorded, want 1", len(live.writes))
	}
}

// BenchmarkPreviewDay measures what a new day (or a save) costs in the
// preview over time: a fresh world over content/livsstil, its scheduler
// run from day 0 to day 84 (the second battery), and a mark-as-read of the
// citizen's on day 3 replayed (writes-kept says whether it was taken).
func BenchmarkPreviewDay(b *testing.B) {
	log := slog.New(slog.DiscardHandler)
	live := newPreviewWorld("sv", log)
	defer live.Close()
	if _, err := preview.New([]string{"../../content/livsstil"}, preview.Options{Lang: "sv", Logger: log, Live: live}); err != nil {
		b.Fatal(err)
	}
	live.writes = []previewWrite{{Day: 3, As: preview.AsCitizen, Path: "/home/inbox/read",
		Form: url.Values{"next": {"/home"}, "key": {"{enrolment:livsstil}/missad-rorelse/rorelseplan@2026-01-05T17:30/citizen"}}}}
	ctx := b.Context()
	b.ResetTimer()
	for i := range b.N {
		if err := live.SetDay(ctx, 84-i%2); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(live.writes)), "writes-kept")
}

// TestPreviewStepAnswers: answers given in the steps view reach the
// running program as the citizen's when its rules take them: not past the
// start battery's gate, and once the battery is filled in, they do, and
// the clinician sees the form.
func TestPreviewStepAnswers(t *testing.T) {
	ts, c, live := previewClient(t)
	mal := url.Values{"q.omrade": {"rorelse"}, "q.mal": {"Promenera varje dag"}, "q.viktigt": {"5"}, "q.tro": {"5"}}
	post := func(path string, form url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	post("/p/livsstil/steg/kom-igang/mina-mal", mal)
	if n := len(live.writes); n != 0 {
		t.Fatalf("behind the battery gate, %d writes kept, want 0", n)
	}
	_, home := getPage(t, c, ts.URL+"/home")
	base := enrolmentHref.FindStringSubmatch(home)[1]
	battery := base + "/battery/halsoprofil/halsoprofil"
	_, page := getPage(t, c, ts.URL+battery)
	m := csrfValue.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no battery form:\n%s", page)
	}
	res := post(battery, url.Values{"csrf": {m[1]}, "q.halsa": {"3"}, "q.tobak": {"nej"}, "q.motion": {"150"},
		"q.sittande.h": {"8"}, "q.sittande.m": {"0"}, "q.somn.h": {"7"}, "q.somn.m": {"0"}, "q.styrka": {"2"}, "q.frukt-gront": {"3"}})
	if res.Request.URL.Path != base+"/" {
		t.Fatalf("the battery went to %s, want the overview", res.Request.URL.Path)
	}
	post("/p/livsstil/steg/kom-igang/mina-mal", mal)
	if n := len(live.writes); n != 2 {
		t.Fatalf("%d writes kept, want 2 (the battery and the goals)", n)
	}
	_, staff := getPage(t, c, ts.URL+"/_preview/as?who=clinician")
	if !strings.Contains(staff, "Mina mål · formulärversion") {
		t.Errorf("the clinician does not see the goals:\n%s", staff)
	}
}
