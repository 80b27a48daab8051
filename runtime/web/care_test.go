package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/publish"
)

// withCare moves tolvan's enrolment to a version of the demo program with
// contacts, planning and bookmarks, and returns the enrolment's id.
func withCare(t *testing.T, e *env) string {
	t.Helper()
	return withDemoVersion(t, e, "1.2", func(p *designer.Program) {
		p.Features = append(p.Features, designer.FeatureContacts, designer.FeaturePlanning, designer.FeatureBookmarks, designer.FeatureMessages)
	})
}

// withDemoVersion publishes the demo program as version, first changed
// by change, and moves tolvan's enrolment to it; it returns the
// enrolment's id.
func withDemoVersion(t *testing.T, e *env, version string, change func(p *designer.Program)) string {
	t.Helper()
	p, files, err := demo.Program()
	if err != nil {
		t.Fatal(err)
	}
	p.Version = version
	change(p)
	ctx := context.Background()
	pub, err := publish.Program(ctx, e.store, p, files, "test", e.now)
	if err != nil {
		t.Fatal(err)
	}
	id := e.enrolment(tolvan)
	if _, err := runtime.NewEnrolments(e.store).Do(ctx, id, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.MoveBundle(pub.Bundle)); err != nil {
		t.Fatal(err)
	}
	return id
}

// located posts and returns where it was sent, failing on anything but a
// redirect.
func located(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	w := c.post(path, form)
	if w.Code != http.StatusSeeOther {
		t.Fatalf("POST %s = %d:\n%s", path, w.Code, w.Body)
	}
	return w.Header().Get("Location")
}

// TestContactsFlow: the responsible clinician comes first and follows a
// change of clinician; the citizen adds a contact, the clinician changes
// it, each sees who did what; a refused field is named and what was
// typed kept; the contact is removed. Every step without JavaScript.
func TestContactsFlow(t *testing.T) {
	e := newEnv(t)
	id := withCare(t, e)
	cit, anna := e.signIn(tolvan), e.signIn("anna")
	mine, staff := "/e/"+id+"/contacts", south+"/enrolments/"+id+"/contacts"

	body := cit.get("/e/" + id + "/").Body.String()
	mustContain(t, body, `href="`+mine+`">Kontakter</a>`, `href="/e/`+id+`/planning">Planering</a>`, `href="/e/`+id+`/bookmarks">Bokmärken</a>`)
	body = cit.get(mine).Body.String()
	mustContain(t, body, "Anna Andersson", "Ansvarig behandlare · Mottagning Syd", "Kan inte tas bort", "Lägg till en kontakt")

	// A refused contact: the fields are named, what was typed is kept.
	w := cit.post(mine, url.Values{"name": {" "}, "phone": {"ring mig"}, "email": {"inte-en-adress"}, "role": {"Fysioterapeut"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad contact = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Skriv kontaktens namn.", "Skriv ett telefonnummer", "Skriv en e-postadress", `value="Fysioterapeut"`, `value="ring mig"`, `aria-invalid="true"`)
	if n := len(e.load(id).CareContacts); n != 0 {
		t.Fatalf("%d contacts after a refused post", n)
	}

	form := url.Values{"name": {"Sam Svensson"}, "role": {"Fysioterapeut"}, "phone": {"08-123 45 67"}, "email": {"sam@example.se"}, "note": {"Tisdagar\r\nefter lunch"}, "idem": {"k1"}}
	if to := located(t, cit, mine, form); to != mine {
		t.Errorf("added, sent to %s", to)
	}
	located(t, cit, mine, form) // the same form again is applied once
	en := e.load(id)
	if len(en.CareContacts) != 1 {
		t.Fatalf("contacts %+v, want one", en.CareContacts)
	}
	cid := en.CareContacts[0].ID
	body = cit.get(mine).Body.String()
	mustContain(t, body, "Sam Svensson", `href="tel:081234567"`, "mailto:sam@example.se", "Tisdagar\nefter lunch", "Tillagd av dig, 2026-11-23 10:00")
	if strings.Index(body, "Anna Andersson") > strings.Index(body, "Sam Svensson") {
		t.Error("the responsible clinician is not first")
	}

	// The clinician sees it in the manage view's tab and changes it.
	body = anna.get(staff).Body.String()
	mustContain(t, body, `aria-current="page">Kontakter`, "Sam Svensson", "Tillagd av invånaren")
	mustContain(t, anna.get(staff+"/"+cid).Body.String(), `value="Sam Svensson"`, "Ta bort kontakten")
	located(t, anna, staff+"/"+cid, url.Values{"name": {"Sam Svensson"}, "role": {"Sjukgymnast"}, "phone": {"08-123 45 67"}})
	mustContain(t, cit.get(mine).Body.String(), "Sjukgymnast", "Senast ändrad av Anna Andersson, 2026-11-23 10:00")
	w = anna.post(staff+"/"+cid, url.Values{"name": {strings.Repeat("x", 101)}})
	if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "Namnet får vara högst 100 tecken.") {
		t.Errorf("too long a name = %d", w.Code)
	}

	// A change of clinician changes the first contact.
	if _, err := e.srv.svc.Do(context.Background(), id, runtime.Actor{ID: "bertil", Role: runtime.RoleCitizenAdmin}, runtime.ChangeClinician("bertil")); err != nil {
		t.Fatal(err)
	}
	body = cit.get(mine).Body.String()
	mustContain(t, body, "Bertil Berg")
	mustNotContain(t, body, "<h3>Anna Andersson</h3>")

	// Removed; the timeline says so by name.
	located(t, cit, mine+"/"+cid+"/delete", nil)
	if n := len(e.load(id).CareContacts); n != 0 {
		t.Errorf("%d contacts after removing", n)
	}
	if w := cit.post(mine+"/"+cid+"/delete", nil); w.Code != http.StatusNotFound {
		t.Errorf("removing again = %d, want 404", w.Code)
	}
	tl := anna.get(south + "/enrolments/" + id + "/timeline?kind=contacts").Body.String()
	mustContain(t, tl, "Kontakten Sam Svensson lades till", "Kontakten Sam Svensson ändrades", "Kontakten Sam Svensson togs bort")
}

// TestPlanningFlow: an approximate item is added, shown under its month
// with links to it from the default months, made exact by the clinician,
// and removed; the page says it books nothing.
func TestPlanningFlow(t *testing.T) {
	e := newEnv(t)
	id := withCare(t, e)
	cit, anna := e.signIn(tolvan), e.signIn("anna")
	mine, staff := "/e/"+id+"/planning", south+"/enrolments/"+id+"/planning"

	body := cit.get(mine).Body.String()
	mustContain(t, body, "November 2026", "December 2026", "bokar ingenting", "Inget planerat den här månaden.", `<option value="2026-11" selected>november 2026</option>`)
	mustNotContain(t, body, "Tidigare:", "Senare:")

	w := cit.post(mine, url.Values{"kind": {"meeting"}, "title": {"Uppföljning"}, "precision": {"approx"}, "month": {"2027-02"}, "part": {"sometime"}, "link": {"http://x"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad item = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Välj början, mitten eller slutet av månaden.", "Skriv en hel adress som börjar med https://", `value="Uppföljning"`)

	to := located(t, cit, mine, url.Values{"kind": {"meeting"}, "title": {"Uppföljning"}, "precision": {"approx"}, "month": {"2027-02"}, "part": {"early"}, "place": {"Mottagning Syd"}})
	if to != mine+"?from=2027-02#planning-h" {
		t.Errorf("added, sent to %s", to)
	}
	body = cit.get(mine).Body.String()
	mustContain(t, body, "Senare: februari 2027", `href="`+mine+`?from=2027-02"`)
	body = cit.get(mine + "?from=2027-02").Body.String()
	mustContain(t, body, "Februari 2027", "Uppföljning", "i början av februari 2027", "Ungefärligt datum", "Plats: Mottagning Syd", "Tillagd av dig", "Den här månaden")
	body = cit.get(mine + "?from=2027-05").Body.String()
	mustContain(t, body, "Tidigare: februari 2027", `href="`+mine+`?from=2027-01"`)
	mustNotContain(t, body, "Senare:")
	it := e.load(id).Planning[0]

	// The clinician makes it exact.
	mustContain(t, anna.get(staff+"?from=2027-02").Body.String(), "Uppföljning", "Tillagd av invånaren", `aria-current="page">Planering`)
	located(t, anna, staff+"/"+it.ID, url.Values{"kind": {"meeting"}, "title": {"Uppföljning"}, "precision": {"exact"}, "date": {"2027-02-04"}, "time": {"9:30"},
		"month": {"2027-02"}, "part": {"early"}, "link": {"https://video.example.se/m/1"}})
	body = cit.get(mine + "?from=2027-02").Body.String()
	mustContain(t, body, `<time datetime="2027-02-04">torsdag 4 februari 2027 kl. 09:30</time>`, `href="https://video.example.se/m/1"`, "Senast ändrad av Anna Andersson")
	mustNotContain(t, body, "Ungefärligt datum")

	// An unknown month shows this month; the timeline has the item.
	mustContain(t, cit.get(mine+"?from=nonsense").Body.String(), "November 2026")
	located(t, cit, mine+"/"+it.ID+"/delete", nil)
	if n := len(e.load(id).Planning); n != 0 {
		t.Errorf("%d items after removing", n)
	}
	tl := anna.get(south + "/enrolments/" + id + "/timeline?kind=planning").Body.String()
	mustContain(t, tl, "Uppföljning lades till i planeringen", "Uppföljning ändrades i planeringen", "Uppföljning togs bort ur planeringen")
}

// TestBookmarksFlow: the control on a step sets and clears a bookmark
// and returns to the step; the tab lists it with its titles, and a step
// the clinician hides shows as unavailable.
func TestBookmarksFlow(t *testing.T) {
	e := newEnv(t)
	id := withCare(t, e)
	cit, anna := e.signIn(tolvan), e.signIn("anna")
	step := "/e/" + id + "/m/om-somn/vad-ar-somn"
	mustContain(t, cit.get(step).Body.String(), `action="`+step+`/bookmark"`, `aria-pressed="false"`, `name="on" value="1"`)
	if to := located(t, cit, step+"/bookmark", url.Values{"on": {"1"}}); to != step+"#bookmark" {
		t.Errorf("bookmarked, sent to %s", to)
	}
	located(t, cit, step+"/bookmark", url.Values{"on": {"1"}}) // set twice: still set
	mustContain(t, cit.get(step).Body.String(), `aria-pressed="true"`, `name="on" value="0"`, `href="/e/`+id+`/bookmarks">Visa dina bokmärken</a>`)
	list := cit.get("/e/" + id + "/bookmarks").Body.String()
	mustContain(t, list, `<a href="`+step+`">Vad är sömn?</a>`, "i Om sömn", "Ta bort bokmärket")

	located(t, anna, south+"/enrolments/"+id+"/steps/om-somn/vad-ar-somn/hide", nil)
	list = cit.get("/e/" + id + "/bookmarks").Body.String()
	mustContain(t, list, "Vad är sömn?", "Inte tillgänglig just nu")
	mustNotContain(t, list, `<a href="`+step+`">`)
	if to := located(t, cit, step+"/bookmark", url.Values{"on": {"0"}, "back": {"bookmarks"}}); to != "/e/"+id+"/bookmarks" {
		t.Errorf("cleared from the tab, sent to %s", to)
	}
	if e.load(id).Bookmarked("om-somn", "vad-ar-somn") {
		t.Error("still bookmarked")
	}
	if w := cit.post("/e/"+id+"/m/om-somn/kartlaggning/bookmark", url.Values{"on": {"1"}}); w.Code != http.StatusSeeOther {
		t.Errorf("bookmark a form step = %d", w.Code)
	}
	if w := cit.post("/e/"+id+"/m/vanor/kvallsrutin/bookmark", url.Values{"on": {"1"}}); w.Code != http.StatusBadRequest {
		t.Errorf("bookmark a step of an upcoming module = %d, want 400", w.Code)
	}
}

// TestCareRefused: another citizen, staff of another unit and a program
// without the features get 404; in maintenance nothing is written and
// the pages say why; a program without bookmarks has no control.
func TestCareRefused(t *testing.T) {
	e := newEnv(t)
	tolPlain := e.enrolment(tolvan)
	mustNotContain(t, e.signIn(tolvan).get("/e/"+tolPlain+"/m/om-somn/vad-ar-somn").Body.String(), "Bokmärk sidan")
	id := withCare(t, e)
	manage := south + "/enrolments/" + id
	item := url.Values{"kind": {"event"}, "title": {"Prova"}, "precision": {"exact"}, "date": {"2026-11-30"}}
	tests := []struct {
		user, method, path string
		form               url.Values
		want               int
	}{
		{sara, "GET", "/e/" + id + "/contacts", nil, 404},
		{sara, "POST", "/e/" + id + "/contacts", url.Values{"name": {"X"}}, 404},
		{sara, "GET", "/e/" + id + "/planning", nil, 404},
		{sara, "GET", "/e/" + id + "/bookmarks", nil, 404},
		{sara, "POST", "/e/" + id + "/m/om-somn/vad-ar-somn/bookmark", url.Values{"on": {"1"}}, 404},
		{"erik", "GET", manage + "/contacts", nil, 404},
		{"erik", "POST", manage + "/planning", item, 404},
		{"erik", "GET", "/u/" + demo.UnitNorth + "/enrolments/" + id + "/planning", nil, 404},
		{"cecilia", "GET", manage + "/contacts", nil, 403},
		{"anna", "GET", "/e/" + id + "/contacts", nil, 404},
		{tolvan, "GET", manage + "/contacts", nil, 404},
		{tolvan, "GET", "/e/" + id + "/contacts/99", nil, 404},
		{sara, "GET", "/e/" + e.enrolment(sara) + "/contacts", nil, 404}, // her program has no contacts
	}
	for _, tt := range tests {
		t.Run(tt.user+" "+tt.method+" "+tt.path, func(t *testing.T) {
			c := e.signIn(tt.user)
			if w := c.do(tt.method, tt.path, withToken(c, tt.form)); w.Code != tt.want {
				t.Errorf("= %d, want %d", w.Code, tt.want)
			}
		})
	}
	if en := e.load(id); len(en.CareContacts)+len(en.Planning)+len(en.Bookmarks) != 0 {
		t.Fatalf("something was written: %+v", en)
	}

	anna, cit := e.signIn("anna"), e.signIn(tolvan)
	located(t, anna, manage+"/maintenance", url.Values{"days": {"30"}})
	for _, c := range []struct {
		who  *client
		path string
		form url.Values
	}{
		{cit, "/e/" + id + "/contacts", url.Values{"name": {"X"}}},
		{anna, manage + "/contacts", url.Values{"name": {"X"}}},
		{cit, "/e/" + id + "/planning", item},
		{anna, manage + "/planning", item},
		{cit, "/e/" + id + "/m/om-somn/vad-ar-somn/bookmark", url.Values{"on": {"1"}}},
	} {
		if w := c.who.post(c.path, withToken(c.who, c.form)); w.Code != http.StatusConflict {
			t.Errorf("POST %s in maintenance = %d, want 409:\n%s", c.path, w.Code, w.Body)
		}
	}
	body := cit.get("/e/" + id + "/contacts").Body.String()
	mustContain(t, body, "i vidmakthållande")
	mustNotContain(t, body, "Lägg till en kontakt")
	mustNotContain(t, cit.get("/e/"+id+"/planning").Body.String(), "Lägg till i planeringen")
	mustNotContain(t, cit.get("/e/"+id+"/m/om-somn/vad-ar-somn").Body.String(), "Bokmärk sidan")
}

// withToken adds the client's CSRF token to a form to post.
func withToken(c *client, form url.Values) url.Values {
	if form == nil {
		return nil
	}
	out := url.Values{"csrf": {c.csrf}}
	for k, v := range form {
		out[k] = v
	}
	return out
}
