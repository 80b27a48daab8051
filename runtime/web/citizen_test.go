package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

func TestCitizenHome(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(tolvan)
	w := c.get("/home")
	mustContain(t, w.Body.String(), "Sov bättre", "/e/"+e.enrolment(tolvan), "Pågår", `<main id="main"`, `class="skip"`)

	// An ended enrolment leaves the start page.
	id := e.enrolment(tolvan)
	if _, err := e.srv.svc.Do(context.Background(), id, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.End(runtime.EndCompleted)); err != nil {
		t.Fatal(err)
	}
	w = c.get("/home")
	mustContain(t, w.Body.String(), "Du har inga pågående moment")
	mustNotContain(t, w.Body.String(), "/e/"+id, "Avslutat")
}

func TestOverview(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)

	w := c.get("/e/" + id)
	if w.Code != http.StatusOK {
		t.Fatalf("= %d", w.Code)
	}
	body := w.Body.String()
	mustContain(t, body,
		`id="guide-h"`,              // the quick guide, on the first visit
		"Välkommen till Sov bättre", // the program's welcome text
		"Dag 0 av 42 rekommenderade",
		"Aktuellt innehåll", "Om sömn", "Vad är sömn?", "Ny", "Att fylla i",
		`href="/e/`+id+`/guide"`, // the guide tab
		`href="/e/`+id+`/pdf/modules/om-somn.pdf"`,
	)
	mustNotContain(t, body, "Nya vanor") // upcoming modules are not shown
	if e.load(id).LastActive.IsZero() {
		t.Error("the visit was not recorded")
	}
	w = c.get("/e/" + id)
	mustNotContain(t, w.Body.String(), `id="guide-h"`)
	if w := c.get("/e/" + id + "/guide"); w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Aktuellt innehåll</strong>") {
		t.Errorf("guide page = %d", w.Code)
	}

	// Two days on, the progress moves; the clinician's welcome text replaces
	// the program's and is shown as text, not HTML.
	e.now = e.now.Add(48 * 60 * 60 * 1e9)
	if _, err := e.srv.svc.Do(context.Background(), id, runtime.Actor{ID: "anna", Role: runtime.RoleClinician}, runtime.EditWelcome("Hej Tolvan <b>!</b>")); err != nil {
		t.Fatal(err)
	}
	c = e.signIn(tolvan) // the session has run out meanwhile
	body = c.get("/e/" + id).Body.String()
	mustContain(t, body, "Dag 2 av 42", "Hej Tolvan &lt;b&gt;!&lt;/b&gt;")
	mustNotContain(t, body, "Välkommen till Sov bättre")
}

func TestStepPages(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	base := "/e/" + id

	t.Run("text step is recorded as opened", func(t *testing.T) {
		w := c.get(base + "/m/om-somn/vad-ar-somn")
		if w.Code != http.StatusOK {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Sömn är kroppens", `src="`+base+`/media/mane-5b6c7d8e.svg"`,
			`href="`+base+`/pdf/steps/om-somn/vad-ar-somn.pdf"`, `rel="next"`)
		if _, ok := e.load(id).Opened[runtime.StepKey("om-somn", "vad-ar-somn")]; !ok {
			t.Error("opening not recorded")
		}
		mustContain(t, c.get(base).Body.String(), `class="read"`)
	})
	t.Run("media step has captions and text", func(t *testing.T) {
		w := c.get(base + "/m/om-somn/film")
		mustContain(t, w.Body.String(), "<video", `src="`+base+`/media/somn-3fa2b1c0.mp4"`,
			`<track kind="captions" src="`+base+`/media/somn-9c1d2e3f.vtt" srclang="sv"`, "I filmen får du följa")
	})
	t.Run("media and pdf files", func(t *testing.T) {
		tests := []struct {
			path, ctype string
			want        int
		}{
			{"/media/mane-5b6c7d8e.svg", "image/svg+xml", 200},
			{"/media/somn-9c1d2e3f.vtt", "text/vtt; charset=utf-8", 200},
			{"/media/nosuch.png", "", 404},
			{"/media/..%2fprogram.json", "", 404},
			{"/pdf/modules/om-somn.pdf", "application/pdf", 200},
			{"/pdf/../program.json", "", 404},
		}
		for _, tt := range tests {
			w := c.get(base + tt.path)
			if w.Code != tt.want || tt.ctype != "" && w.Header().Get("Content-Type") != tt.ctype {
				t.Errorf("GET %s = %d %s", tt.path, w.Code, w.Header().Get("Content-Type"))
			}
		}
	})
	t.Run("upcoming module is closed", func(t *testing.T) {
		if w := c.get(base + "/m/vanor/kvallsrutin"); w.Code != http.StatusNotFound {
			t.Errorf("= %d, want 404", w.Code)
		}
	})
	t.Run("hidden step is closed", func(t *testing.T) {
		actor := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
		l := enrolmentProgram(t, e, id)
		if _, err := e.srv.svc.Do(context.Background(), id, actor, runtime.HideStep(l, "om-somn", "film")); err != nil {
			t.Fatal(err)
		}
		if w := c.get(base + "/m/om-somn/film"); w.Code != http.StatusNotFound {
			t.Errorf("= %d, want 404", w.Code)
		}
		mustNotContain(t, c.get(base).Body.String(), "Film: en natts sömn")
	})
	t.Run("unknown step", func(t *testing.T) {
		if w := c.get(base + "/m/om-somn/nosuch"); w.Code != http.StatusNotFound {
			t.Errorf("= %d, want 404", w.Code)
		}
	})
}

func TestFormSubmit(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	path := "/e/" + id + "/m/om-somn/kartlaggning"

	w := c.get(path)
	mustContain(t, w.Body.String(),
		`<legend><span class="num">1.</span> Hur har du sovit`, `type="radio" name="q.kvalitet"`,
		`type="checkbox" name="q.stor"`, `name="q.somntid.h"`, `name="q.somntid.m"`, `type="date"`, `type="time"`,
		`data-show-if=`, "Besvara bara om svaret på fråga 1 är minst 2", `data-draft="`+path+`/draft"`,
		`href="/e/`+id+`/pdf/forms/somnformular.pdf"`)

	t.Run("errors keep what was typed", func(t *testing.T) {
		w := c.post(path, url.Values{"q.trott": {"11"}, "q.koffein": {"3,5"}, "q.varfor": {"Oro"}, "q.somntid.h": {"7"}, "q.somntid.m": {"x"}})
		if w.Code != http.StatusUnprocessableEntity {
			t.Fatalf("= %d", w.Code)
		}
		mustContain(t, w.Body.String(), "Svaren har 3 fel", "Frågan måste besvaras.", "Välj ett värde mellan 0 och 10.",
			"Skriv timmar", `value="3.5"`, ">Oro</textarea>", `value="7"`, `value="x"`, `aria-invalid="true"`)
		if len(e.load(id).Submissions) != 0 {
			t.Error("an invalid form was stored")
		}
	})
	t.Run("valid answers are stored and raise flags", func(t *testing.T) {
		w := c.post(path, url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"oro", "ljud"}, "q.trott": {"8"},
			"q.somntid.h": {"5"}, "q.somntid.m": {"30"}, "q.lagg": {"23:30"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d:\n%s", w.Code, w.Body)
		}
		en := e.load(id)
		if len(en.Submissions) != 1 {
			t.Fatalf("%d submissions", len(en.Submissions))
		}
		sub := en.Submissions[0]
		want := map[string][]string{"kvalitet": {"3"}, "varfor": {"Oro"}, "stor": {"oro", "ljud"}, "trott": {"8"}, "somntid": {"330"}, "lagg": {"23:30"}}
		if !reflect.DeepEqual(sub.Answers, want) || sub.FormVersion != "somn-v1" {
			t.Errorf("stored %v version %s", sub.Answers, sub.FormVersion)
		}
		var flags []string
		for _, r := range en.Reviews {
			flags = append(flags, r.Flag)
			if r.Submission != sub.ID {
				t.Errorf("flag %s points at %q, not %q", r.Flag, r.Submission, sub.ID)
			}
		}
		if !reflect.DeepEqual(flags, []string{"daligt", "kartlagt"}) {
			t.Errorf("flags = %v", flags)
		}
		page := c.follow(w.Header().Get("Location")).Body.String()
		mustContain(t, page, "Tack! Dina svar är skickade.", "Du har skickat in det här formuläret", "/submissions/"+sub.ID+"/pdf")
		mustContain(t, c.get("/e/"+id).Body.String(), "Ifyllt")
	})
	t.Run("answers to hidden questions are dropped", func(t *testing.T) {
		w := c.post(path, url.Values{"q.kvalitet": {"0"}, "q.varfor": {"ska bort"}, "q.trott": {"1"}, "q.somntid.h": {"8"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d", w.Code)
		}
		en := e.load(id)
		sub := en.Submissions[len(en.Submissions)-1]
		if _, ok := sub.Answers["varfor"]; ok {
			t.Errorf("hidden answer kept: %v", sub.Answers)
		}
		if len(en.Reviews) != 3 { // only "kartlagt" again
			t.Errorf("%d reviews, want 3", len(en.Reviews))
		}
	})
	t.Run("filled form as PDF", func(t *testing.T) {
		sub := e.load(id).Submissions[0]
		w := c.get("/e/" + id + "/submissions/" + sub.ID + "/pdf")
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "%PDF") {
			t.Errorf("= %d %q", w.Code, w.Body.String()[:min(20, w.Body.Len())])
		}
		if w := c.get("/e/" + id + "/submissions/999/pdf"); w.Code != http.StatusNotFound {
			t.Errorf("unknown submission = %d", w.Code)
		}
	})
	t.Run("an answer the PDF font cannot print still makes a PDF", func(t *testing.T) {
		w := c.post(path, url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Min hund 🐶"}, "q.trott": {"8"},
			"q.somntid.h": {"5"}, "q.somntid.m": {"30"}})
		if w.Code != http.StatusSeeOther {
			t.Fatalf("= %d:\n%s", w.Code, w.Body)
		}
		en := e.load(id)
		sub := en.Submissions[len(en.Submissions)-1]
		w = c.get("/e/" + id + "/submissions/" + sub.ID + "/pdf")
		if w.Code != http.StatusOK || !strings.HasPrefix(w.Body.String(), "%PDF") {
			t.Errorf("= %d %q", w.Code, w.Body.String()[:min(20, w.Body.Len())])
		}
	})
}

func TestDraft(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	path := "/e/" + id + "/m/om-somn/kartlaggning"
	c.get(path)

	t.Run("script saves as JSON", func(t *testing.T) {
		w := c.post(path+"/draft", url.Values{"q.trott": {"4"}, "q.koffein": {"abc"}}, "Accept", "application/json")
		if w.Code != http.StatusOK {
			t.Fatalf("= %d %s", w.Code, w.Body)
		}
		var got map[string]string
		if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || !strings.HasPrefix(got["message"], "Utkast sparat 2026-11-23 10:00") {
			t.Errorf("answer %s (%v)", w.Body, err)
		}
		d := e.load(id).Drafts[runtime.StepKey("om-somn", "kartlaggning")]
		if d == nil || !reflect.DeepEqual(d.Answers, map[string][]string{"trott": {"4"}, "koffein": {"abc"}}) {
			t.Fatalf("draft %+v", d)
		}
	})
	t.Run("the page shows the draft", func(t *testing.T) {
		body := c.get(path).Body.String()
		mustContain(t, body, `value="4" data-points="4" checked`, `value="abc"`, "Utkast sparat 2026-11-23 10:00")
		mustContain(t, c.get("/e/"+id).Body.String(), "Påbörjat")
	})
	t.Run("without script the button posts and comes back", func(t *testing.T) {
		w := c.post(path+"/draft", url.Values{"q.trott": {"5"}})
		if w.Code != http.StatusSeeOther || w.Header().Get("Location") != path {
			t.Fatalf("= %d %s", w.Code, w.Header().Get("Location"))
		}
		mustContain(t, c.get(path).Body.String(), "Utkastet sparades.")
	})
}

func TestReadOnlyEnrolment(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	c := e.signIn(tolvan)
	path := "/e/" + id + "/m/om-somn/kartlaggning"
	form := url.Values{"q.kvalitet": {"1"}, "q.trott": {"2"}, "q.somntid.h": {"7"}}
	if w := c.post(path, form); w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d", w.Code)
	}
	actor := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	tests := []struct {
		name   string
		change runtime.Decision
		want   int
		notice string
	}{
		{"maintenance", runtime.StartMaintenance(30, []string{"om-somn"}), http.StatusConflict, "vidmakthållandefasen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.srv.svc.Do(context.Background(), id, actor, tt.change); err != nil {
				t.Fatal(err)
			}
			if w := c.post(path, form); w.Code != tt.want {
				t.Errorf("submit = %d, want %d", w.Code, tt.want)
			}
			mustContain(t, c.get("/e/"+id).Body.String(), tt.notice)
			step := c.get(path).Body.String()
			mustContain(t, step, `class="answers"`, "Ganska bra</strong>")
			mustNotContain(t, step, `class="qform"`)
		})
	}
}

func enrolmentProgram(t *testing.T, e *env, id string) *designerProgram {
	t.Helper()
	p, err := e.srv.bundles.program(context.Background(), e.load(id).Bundle)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
