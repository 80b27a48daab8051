package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// testPnr returns a valid personal identity number for i, different for
// each i below 20,000.
func testPnr(i int) string {
	d := time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
	ten := d.Format("060102") + "123"
	sum := 0
	for k, c := range ten {
		n := int(c - '0')
		if k%2 == 0 {
			if n *= 2; n > 9 {
				n -= 9
			}
		}
		sum += n
	}
	return d.Format("2006") + ten[2:] + strconv.Itoa((10-sum%10)%10)
}

// startMany starts n enrolments on the south unit with anna responsible,
// named "Lista NNN".
func startMany(t *testing.T, e *env, n int) {
	t.Helper()
	ctx := context.Background()
	en := e.load(e.enrolment(tolvan))
	p, err := e.srv.bundles.program(ctx, en.Bundle)
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		_, err := e.srv.svc.Start(ctx, runtime.StartInput{Program: p, Bundle: en.Bundle, Unit: demo.UnitSouth, Citizen: testPnr(i),
			CitizenName: fmt.Sprintf("Lista %03d", i), Clinician: "anna", Actor: runtime.Actor{ID: "anna", Role: runtime.RoleClinician}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

var (
	nextRE = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
	prevRE = regexp.MustCompile(`<a href="([^"]+)" rel="prev">`)
	rowRE  = regexp.MustCompile(`<th scope="row"><a href="[^"]+">([^<]+)</a>`)
)

func rowNames(body string) []string {
	var out []string
	for _, m := range rowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

func TestListPages(t *testing.T) {
	e := newEnv(t)
	startMany(t, e, 120)
	anna := e.signIn("anna")
	ns, err := e.store.CountSummaries(context.Background(), runtime.UnitList(demo.UnitSouth), runtime.MineList(demo.UnitSouth, "anna"))
	if err != nil {
		t.Fatal(err)
	}
	all, mine := ns[0], ns[1]
	if mine < 120 || all < mine {
		t.Fatalf("counts all %d mine %d", all, mine)
	}

	w := anna.get(south + "/mine?sort=name")
	if w.Code != http.StatusOK {
		t.Fatalf("GET mine = %d", w.Code)
	}
	body := w.Body.String()
	mustContain(t, body, fmt.Sprintf("Visar 1–50 av %d", mine), `rel="next"`, `<select name="sort" id="f-sort">`, `<option value="name" selected>`)
	mustNotContain(t, body, `rel="prev"`)
	if got := len(rowNames(body)); got != 50 {
		t.Errorf("first page has %d rows", got)
	}
	first := rowNames(body)
	if !sortedFold(first) {
		t.Errorf("page by name not in order: %v", first)
	}

	// Next, next, then back: each page in order, the offsets counted.
	seen := map[string]bool{}
	for _, n := range first {
		seen[n] = true
	}
	next := html.UnescapeString(nextRE.FindStringSubmatch(body)[1])
	body = anna.get(next).Body.String()
	mustContain(t, body, fmt.Sprintf("Visar 51–100 av %d", mine), `rel="prev"`)
	second := rowNames(body)
	for _, n := range second {
		if seen[n] {
			t.Errorf("%s on two pages", n)
		}
	}
	if second[0] < first[len(first)-1] && strings.ToLower(second[0]) < strings.ToLower(first[len(first)-1]) {
		t.Errorf("second page starts at %s, before the first ended (%s)", second[0], first[len(first)-1])
	}
	prev := html.UnescapeString(prevRE.FindStringSubmatch(body)[1])
	back := anna.get(prev).Body.String()
	mustContain(t, back, fmt.Sprintf("Visar 1–50 av %d", mine))
	if got := rowNames(back); strings.Join(got, "|") != strings.Join(first, "|") {
		t.Errorf("back to the first page: %v", got)
	}

	// The whole list on one page of 200.
	body = anna.get(south + "/all?n=200").Body.String()
	if got := len(rowNames(body)); got != all {
		t.Errorf("all on a page of 200: %d rows, want %d", got, all)
	}
	mustNotContain(t, body, `rel="next"`, `rel="prev"`)

	for _, bad := range []string{"/all?sort=shoe", "/all?n=7000", "/all?n=x", "/all?c=!!", "/ended?sort=name"} {
		if w := anna.get(south + bad); w.Code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", bad, w.Code)
		}
	}
}

func sortedFold(names []string) bool {
	for i := 1; i < len(names); i++ {
		if strings.ToLower(names[i-1]) > strings.ToLower(names[i]) {
			return false
		}
	}
	return true
}

func TestNumber(t *testing.T) {
	tests := []struct {
		lang string
		n    int
		want string
	}{
		{"sv", 0, "0"}, {"sv", 999, "999"}, {"sv", 1000, "1\u00a0000"}, {"sv", 100000, "100\u00a0000"},
		{"en", 1234567, "1,234,567"}, {"en", -1234, "-1,234"},
	}
	for _, tt := range tests {
		if got := number(tt.lang, tt.n); got != tt.want {
			t.Errorf("number(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestDataPages(t *testing.T) {
	e := newEnv(t)
	startMany(t, e, 60)
	david := e.signIn("david")
	body := david.get(south + "/data").Body.String()
	ns, err := e.store.CountSummaries(context.Background(), runtime.UnitList(demo.UnitSouth))
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, body, fmt.Sprintf("Visar 1–50 av %d", ns[0]), `aria-label="Sidor: Pågående moment"`)
	m := nextRE.FindStringSubmatch(body)
	if m == nil || !strings.Contains(m[1], "rc=") {
		t.Fatalf("no next page of the running: %v", m)
	}
	next, _, _ := strings.Cut(html.UnescapeString(m[1]), "#") // a browser keeps the fragment
	body = david.get(next).Body.String()
	mustContain(t, body, fmt.Sprintf("Visar 51–%d av %d", ns[0], ns[0]), `rel="prev"`)

	// A purge of more than a page's worth is refused before anything is read.
	form := url.Values{}
	for i := range runtime.MaxPageSize + 1 {
		form.Add("enrolment", fmt.Sprintf("x%d", i))
	}
	david.get(south + "/data")
	if w := david.post(south+"/data/purge", form); w.Code != http.StatusBadRequest {
		t.Errorf("purge of %d = %d, want 400", runtime.MaxPageSize+1, w.Code)
	}
}
