package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// TestVideoSettings: a unit admin sets the template, a refused one says
// why and keeps what was typed; an empty one disconnects the service.
func TestVideoSettings(t *testing.T) {
	e := newEnv(t)
	admin := e.signIn("cecilia")
	page := south + "/video"
	body := admin.get(page).Body.String()
	mustContain(t, body, "Videomöten", "stegvis lagrar ingen video", demo.VideoTemplate[:len("https://video.example.com/join/")], `name="template"`)

	for _, tc := range []struct{ typed, says string }{
		{"http://video.example.org/{room}", "Adressen måste börja med https://"},
		{"https://video.example.org/{room}?namn={name}", "andra platshållare än {room}"},
		{"https://video.example.org/join", "{room} precis en gång"},
		{"https://anna:hemligt@video.example.org/{room}", "användarnamn eller lösenord"},
	} {
		w := admin.post(page, url.Values{"template": {tc.typed}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("%s = %d", tc.typed, w.Code)
		}
		mustContain(t, w.Body.String(), tc.says, `aria-invalid="true"`, `value="`+strings.ReplaceAll(tc.typed, "&", "&amp;")+`"`)
	}
	if u, _ := e.store.Unit(context.Background(), demo.UnitSouth); u.Video != demo.VideoTemplate {
		t.Errorf("a refused template changed the unit: %q", u.Video)
	}

	if to := located(t, admin, page, url.Values{"template": {" https://video.example.org/m?id={room}&lang=sv "}}); to != page {
		t.Errorf("saved, sent to %s", to)
	}
	if u, _ := e.store.Unit(context.Background(), demo.UnitSouth); u.Video != "https://video.example.org/m?id={room}&lang=sv" || u.Name != "Mottagning Syd" || len(u.Backup) != 1 {
		t.Errorf("unit after saving: %+v", u)
	}
	mustContain(t, admin.get(page).Body.String(), "Enhetens videotjänst är sparad.", "https://video.example.org/m?id="+exampleRoom+"&amp;lang=sv")

	located(t, admin, page, url.Values{"template": {""}})
	if u, _ := e.store.Unit(context.Background(), demo.UnitSouth); u.Video != "" {
		t.Errorf("disconnected, the unit has %q", u.Video)
	}
	mustContain(t, admin.get(page).Body.String(), "Enheten har ingen videotjänst.")
	// Without a service no meeting can be added.
	id := withCare(t, e)
	anna := e.signIn("anna")
	mustNotContain(t, anna.get(south+"/enrolments/"+id+"/planning").Body.String(), "Lägg till videomöte")
	if w := anna.post(south+"/enrolments/"+id+"/video", url.Values{"title": {"X"}, "date": {"2026-11-23"}, "time": {"10:05"}}); w.Code != http.StatusBadRequest {
		t.Errorf("a meeting without a service = %d", w.Code)
	}
}

// TestVideoMeeting: a clinician adds a meeting a few minutes ahead; both
// sides see the link in the window, opening it writes the access log and
// sends them on to the service's room; outside the window no link and a
// refusal; another unit's staff never reach it.
func TestVideoMeeting(t *testing.T) {
	e := newEnv(t) // 2026-11-23 10:00 in Stockholm
	id := withCare(t, e)
	cit, anna := e.signIn(tolvan), e.signIn("anna")
	staffPlanning, add := south+"/enrolments/"+id+"/planning", south+"/enrolments/"+id+"/video"

	body := anna.get(staffPlanning).Body.String()
	mustContain(t, body, "Lägg till videomöte", "stegvis lagrar ingen video")
	mustNotContain(t, cit.get("/e/"+id+"/planning").Body.String(), "Lägg till videomöte")
	if w := cit.post("/e/"+id+"/video", url.Values{"title": {"X"}}); w.Code != http.StatusNotFound {
		t.Errorf("the citizen adds a video meeting: %d", w.Code)
	}

	w := anna.post(add, url.Values{"title": {"Videosamtal"}, "date": {"2026-11-23"}})
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("without a time = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Skriv tiden som TT:MM", `value="Videosamtal"`, `id="v-time"`)

	form := url.Values{"title": {"Videosamtal"}, "date": {"2026-11-23"}, "time": {"10:05"}, "idem": {"v1"}}
	if to := located(t, anna, add, form); to != staffPlanning+"#planning-h" {
		t.Errorf("added, sent to %s", to)
	}
	located(t, anna, add, form) // the same form again adds one meeting
	en := e.load(id)
	if len(en.Planning) != 1 || !en.Planning[0].Video() {
		t.Fatalf("planning %+v", en.Planning)
	}
	it := en.Planning[0]
	if !runtime.ValidVideoRoom(it.Room) || strings.Contains(it.Room, tolvan) {
		t.Errorf("room %q", it.Room)
	}
	want := "https://video.example.com/join/" + it.Room
	citJoin, staffJoin := "/e/"+id+"/video/"+it.ID, south+"/video/"+id+"/"+it.ID

	mustContain(t, cit.get("/e/"+id+"/planning").Body.String(), "Videomöte", "Gå till videomötet", `href="`+citJoin+`"`, "stegvis lagrar ingen video")
	mustContain(t, anna.get(staffPlanning).Body.String(), "Gå till videomötet", `href="`+staffJoin+`"`)
	// The overview and the manage view's header offer it too.
	mustContain(t, cit.get("/e/"+id+"/").Body.String(), "Videomöte nu", `href="`+citJoin+`"`)
	mustContain(t, anna.get(south+"/enrolments/"+id+"/").Body.String(), "Videomöte nu", `href="`+staffJoin+`"`)

	before := len(e.accessLog(runtime.AccessQuery{Enrolment: id}))
	for who, c := range map[string]*client{"citizen": cit, "anna": anna} {
		path := citJoin
		if who == "anna" {
			path = staffJoin
		}
		w := c.get(path)
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != want {
			t.Errorf("%s opens %s = %d to %q, want %s", who, path, w.Code, w.Header().Get("Location"), want)
		}
		found := false
		for _, a := range e.accessLog(runtime.AccessQuery{Staff: who}) {
			found = found || a.Kind == runtime.AccessVideo && a.Object == it.ID && a.Enrolment == id
		}
		if !found {
			t.Errorf("no access entry of %s opening the meeting", who)
		}
	}
	if n := len(e.accessLog(runtime.AccessQuery{Enrolment: id})); n != before+2 {
		t.Errorf("%d access entries after opening twice, want %d (opening logs once, the planning page as ever)", n, before+2)
	}
	mustContain(t, e.signIn("cecilia").get(south+"/accesslog?enrolment="+id).Body.String(), "Öppnade videomöte", "Invånaren <span class=\"muted\">(citizen)</span>")

	// Another unit's staff, and staff of no unit of the enrolment's.
	erik := e.signIn("erik")
	for _, path := range []string{staffJoin, "/u/" + demo.UnitNorth + "/video/" + id + "/" + it.ID} {
		if w := erik.get(path); w.Code != http.StatusNotFound {
			t.Errorf("erik opens %s = %d, want 404", path, w.Code)
		}
	}
	if w := e.signIn("cecilia").get(staffJoin); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
		t.Errorf("the unit admin opens a meeting = %d", w.Code)
	}
	if w := cit.get("/e/" + id + "/video/999"); w.Code != http.StatusNotFound {
		t.Errorf("an unknown meeting = %d", w.Code)
	}

	// Before the window, and after it: no link, a refusal that says why.
	for _, at := range []time.Time{e.now.Add(-11 * time.Minute), e.now.Add(2*time.Hour + 6*time.Minute)} {
		e.now = at
		n := len(e.accessLog(runtime.AccessQuery{Enrolment: id}))
		w := cit.get(citJoin)
		if w.Code != http.StatusConflict {
			t.Errorf("at %s = %d", at, w.Code)
		}
		mustContain(t, w.Body.String(), "från 15 minuter före starttiden till 2 timmar efter")
		if got := len(e.accessLog(runtime.AccessQuery{Enrolment: id})); got != n {
			t.Errorf("a refused opening was logged")
		}
		body := cit.get("/e/" + id + "/planning").Body.String()
		mustNotContain(t, body, "Gå till videomötet")
		mustContain(t, body, "Videomöte")
		mustNotContain(t, cit.get("/e/"+id+"/").Body.String(), "Videomöte nu")
	}
	mustContain(t, cit.get("/e/"+id+"/planning").Body.String(), "Videomötet har passerat.")
	e.now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

	// A video meeting is not changed, only removed.
	mustContain(t, anna.get(staffPlanning+"/"+it.ID).Body.String(), "Ett videomöte kan inte ändras", "Ta bort")
	if w := anna.post(staffPlanning+"/"+it.ID, url.Values{"kind": {"meeting"}, "title": {"X"}, "precision": {"exact"}, "date": {"2026-11-24"}}); w.Code != http.StatusBadRequest {
		t.Errorf("changing a video meeting = %d", w.Code)
	}
}

// TestVideoMaintenanceAndEnd: in maintenance no meeting is added but one
// planned opens; after the end none opens.
func TestVideoMaintenanceAndEnd(t *testing.T) {
	e := newEnv(t)
	id := withCare(t, e)
	cit, anna := e.signIn(tolvan), e.signIn("anna")
	located(t, anna, south+"/enrolments/"+id+"/video", url.Values{"title": {"Videosamtal"}, "date": {"2026-11-23"}, "time": {"10:00"}})
	item := e.load(id).Planning[0].ID
	svc := runtime.NewEnrolments(e.store)
	ctx := context.Background()
	clin := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	if _, err := svc.Do(ctx, id, clin, runtime.StartMaintenance(30, nil)); err != nil {
		t.Fatal(err)
	}
	if w := anna.post(south+"/enrolments/"+id+"/video", url.Values{"title": {"X"}, "date": {"2026-11-23"}, "time": {"11:00"}}); w.Code != http.StatusConflict {
		t.Errorf("adding in maintenance = %d", w.Code)
	}
	mustNotContain(t, anna.get(south+"/enrolments/"+id+"/planning").Body.String(), "Lägg till videomöte")
	if w := cit.get("/e/" + id + "/video/" + item); w.Code != http.StatusSeeOther {
		t.Errorf("opening in maintenance = %d", w.Code)
	}
	if _, err := svc.Do(ctx, id, clin, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	if w := anna.get(south + "/video/" + id + "/" + item); w.Code != http.StatusConflict {
		t.Errorf("opening after the end = %d", w.Code)
	}
	mustContain(t, anna.get(south+"/enrolments/"+id+"/planning").Body.String(), "Momentet är avslutat. Videomötet kan inte öppnas.")
}
