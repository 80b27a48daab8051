package web

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

// TestMaintenance: the clinician starts maintenance on its own page, for
// some days and with chosen modules; it cannot be started twice; the
// citizen reads the visible modules only, writes nothing, and is refused
// from midnight after the last day, Stockholm time.
func TestMaintenance(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	anna, cit := e.signIn("anna"), e.signIn(tolvan)
	manage := south + "/" + areaEnrolments + "/" + id
	if w := anna.post(manage+"/modules/vanor/start", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("start module = %d", w.Code)
	}
	mustContain(t, anna.get(manage).Body.String(), `href="`+manage+`/maintenance"`, `href="`+manage+`/end"`)

	page := anna.get(manage + "/maintenance").Body.String()
	mustContain(t, page, "Det går inte att ångra", `value="om-somn" checked`, `value="vanor" checked`, `name="days"`)

	if w := anna.post(manage+"/maintenance", url.Values{"days": {"0"}, "module": {"om-somn"}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("0 days = %d, want 422", w.Code)
	}
	if w := anna.post(manage+"/maintenance", url.Values{"days": {"2"}, "module": {"nosuch"}}); w.Code != http.StatusBadRequest {
		t.Errorf("unknown module = %d, want 400", w.Code)
	}
	if w := anna.post(manage+"/maintenance", url.Values{"days": {"2"}, "module": {"om-somn"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("start = %d", w.Code)
	}
	en := e.load(id)
	if !en.Maintenance || en.MaintenanceDays != 2 || en.ModuleVisible("vanor") || !en.ModuleVisible("om-somn") {
		t.Fatalf("maintenance %v days %d hidden %v", en.Maintenance, en.MaintenanceDays, en.MaintenanceHidden)
	}
	if w := anna.post(manage+"/maintenance", url.Values{"days": {"30"}, "module": {"om-somn", "vanor"}}); w.Code != http.StatusBadRequest {
		t.Errorf("a second start = %d, want 400", w.Code)
	}
	// Started at 10:00 on 2026-11-23 in Stockholm, 2 days: through the 25th.
	mustContain(t, anna.get(manage+"/maintenance").Body.String(), "pågår till och med 2026-11-25")
	mustContain(t, anna.get(south+"/"+areaMaintenance).Body.String(), "Tolvan", "2026-11-25")
	mustNotContain(t, anna.get(south+"/"+areaMaintenance).Body.String(), "Sara")

	overview := cit.get("/e/" + id).Body.String()
	mustContain(t, overview, "till och med 2026-11-25", "/m/om-somn/")
	mustNotContain(t, overview, "/m/vanor/")
	if w := cit.get("/e/" + id + "/m/vanor/kvallsrutin"); w.Code != http.StatusNotFound {
		t.Errorf("a step of a hidden module = %d, want 404", w.Code)
	}
	if w := cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"1"}}); w.Code != http.StatusConflict {
		t.Errorf("submit in maintenance = %d, want 409", w.Code)
	}

	end := time.Date(2026, 11, 26, 0, 0, 0, 0, runtime.Stockholm)
	e.now = end.Add(-time.Minute)
	cit = e.signIn(tolvan) // the session of two days ago has expired
	if w := cit.get("/e/" + id); w.Code != http.StatusOK {
		t.Errorf("the last minute of the last day = %d", w.Code)
	}
	mustContain(t, cit.get("/home").Body.String(), "/e/"+id)
	e.now = end
	w := cit.get("/e/" + id)
	if w.Code != http.StatusGone {
		t.Fatalf("after the last day = %d, want 410", w.Code)
	}
	mustContain(t, w.Body.String(), "E410-MAINT", "Vidmakthållandet är slut")
	mustNotContain(t, cit.get("/home").Body.String(), "/e/"+id)
}

// TestEnd: the end page ends with a reason, sends the message to the
// citizen's inbox and starts another program; the citizen can no longer
// open the ended one.
func TestEnd(t *testing.T) {
	var e *env
	e = newEnv(t, func(c *Config) {
		c.Notifier = &runtime.Courier{Inbox: c.Store, Directory: c.Store, Queue: c.Store, Now: func() time.Time { return e.now }}
	})
	ctx := context.Background()
	id := e.enrolment(tolvan)
	old := e.load(id)
	acts, err := e.store.Activations(ctx, "mottagning-syd")
	if err != nil || len(acts) == 0 {
		t.Fatalf("activations %v %v", acts, err)
	}
	next := acts[0].Program
	for _, a := range acts {
		if a.Program != old.Program {
			next = a.Program
		}
	}
	anna, cit := e.signIn("anna"), e.signIn(tolvan)
	manage := south + "/" + areaEnrolments + "/" + id

	page := anna.get(manage + "/end").Body.String()
	mustContain(t, page, "Det går inte att ångra", `name="reason"`, `name="message"`, `name="program" id="p-none" value="" checked`, `value="`+next+`"`)

	long := strings.Repeat("a", runtime.MaxEndMessage+1)
	if w := anna.post(manage+"/end", url.Values{"reason": {runtime.EndCompleted}, "message": {long}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("a too long message = %d, want 422", w.Code)
	}
	if e.load(id).Ended() {
		t.Fatal("a refused end ended it")
	}
	w := anna.post(manage+"/end", url.Values{"reason": {runtime.EndCompleted}, "message": {"Tack för den här tiden!"}, "program": {next}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("end = %d:\n%s", w.Code, w.Body)
	}
	if en := e.load(id); !en.Ended() || en.EndReason != runtime.EndCompleted {
		t.Fatalf("ended %v reason %q", en.Ended(), en.EndReason)
	}
	var started *runtime.Enrolment
	es, err := e.store.Enrolments(ctx, runtime.ByCitizen(tolvan))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range es {
		if o.ID != id && o.Program == next && !o.Ended() {
			started = o
		}
	}
	if started == nil || started.Clinician != old.Clinician || started.Unit != old.Unit {
		t.Fatalf("no new enrolment of %s like the old: %+v", next, started)
	}
	if got := w.Header().Get("Location"); got != south+"/"+areaEnrolments+"/"+started.ID {
		t.Errorf("went to %s", got)
	}
	items, err := e.store.Inbox(ctx, runtime.Recipient{Kind: runtime.RecipientCitizen, ID: tolvan})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, it := range items {
		found = found || it.Message == "Tack för den här tiden!" && it.Enrolment == id
	}
	if !found {
		t.Errorf("the message is not in the citizen's inbox: %+v", items)
	}

	w = cit.get("/e/" + id)
	if w.Code != http.StatusGone {
		t.Fatalf("the ended enrolment = %d, want 410", w.Code)
	}
	mustContain(t, w.Body.String(), "E410-ENDED")
	if w := cit.get("/e/" + id + "/m/om-somn/vad-ar-somn"); w.Code != http.StatusGone {
		t.Errorf("a step of the ended enrolment = %d, want 410", w.Code)
	}
	home := cit.get("/home").Body.String()
	mustContain(t, home, "/e/"+started.ID)
	mustNotContain(t, home, `"/e/`+id+`"`)
	mustContain(t, anna.get(manage+"/end").Body.String(), "Momentet är avslutat")
}

// TestPurge: a data admin chooses ended enrolments, confirms, and they are
// gone; the purge is logged without health data.
func TestPurge(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t, func(c *Config) { c.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	ctx := context.Background()
	tol, sar := e.enrolment(tolvan), e.enrolment(sara)
	if _, err := e.srv.svc.Do(ctx, tol, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	david := e.signIn("david")
	data := david.get(south + "/" + areaData).Body.String()
	mustContain(t, data, `name="enrolment" value="`+tol+`"`, exportURL("mottagning-syd", sar, "json"))
	mustNotContain(t, data, `name="enrolment" value="`+sar+`"`)

	// A running enrolment cannot be chosen.
	if w := david.post(purgeURL("mottagning-syd"), url.Values{"enrolment": {sar}, "confirm": {"1"}}); w.Code != http.StatusSeeOther {
		t.Errorf("purge running = %d", w.Code)
	}
	if _, err := e.store.Load(ctx, sar); err != nil {
		t.Fatalf("the running enrolment went: %v", err)
	}
	w := david.post(purgeURL("mottagning-syd"), url.Values{"enrolment": {tol}})
	if w.Code != http.StatusOK {
		t.Fatalf("confirm page = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Det går inte att ångra", `name="confirm" value="1"`, "Tolvan")
	if _, err := e.store.Load(ctx, tol); err != nil {
		t.Fatal("purged before the confirmation")
	}
	logs.Reset()
	if w := david.post(purgeURL("mottagning-syd"), url.Values{"enrolment": {tol}, "confirm": {"1"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("purge = %d", w.Code)
	}
	if _, err := e.store.Load(ctx, tol); !errors.Is(err, runtime.ErrNotFound) {
		t.Errorf("load after purge: %v", err)
	}
	mustContain(t, logs.String(), `"msg":"enrolment purged"`, `"enrolment":"`+tol+`"`, `"by":"david"`, `"role":"data_admin"`, `"unit":"mottagning-syd"`)
	mustNotContain(t, logs.String(), "Tolvan", tolvan, "1212", "sov")
	mustContain(t, david.get(south+"/"+areaData).Body.String(), "1 moment är gallrade")
}

// TestExport: a data admin downloads an enrolment as JSON, CSV and FHIR.
func TestExport(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	if w := cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"1"}, "q.trott": {"2"}, "q.somntid.h": {"7"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d", w.Code)
	}
	david := e.signIn("david")
	tests := []struct {
		format, ctype string
		want          []string
	}{
		{"json", "application/json", []string{`"format": "stegvis-enrolment-export/1"`, `"id": "` + id + `"`, `"t": "form_submitted"`}},
		{"csv", "text/csv", []string{"submission,form,version,question,answer,time", ",kvalitet,1,"}},
		{"fhir", "application/fhir+json", []string{`"resourceType": "Bundle"`, `"resourceType": "QuestionnaireResponse"`, `"linkId": "kvalitet"`}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			w := david.get(exportURL("mottagning-syd", id, tt.format))
			if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), tt.ctype) {
				t.Fatalf("= %d %s", w.Code, w.Header().Get("Content-Type"))
			}
			mustContain(t, w.Header().Get("Content-Disposition"), "attachment")
			mustContain(t, w.Body.String(), tt.want...)
		})
	}
	if w := david.get(exportURL("mottagning-syd", id, "xml")); w.Code != http.StatusNotFound {
		t.Errorf("unknown format = %d", w.Code)
	}
}
