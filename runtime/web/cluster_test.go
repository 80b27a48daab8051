// The main path on the three-node Redis Cluster that
// scripts/redis-cluster.sh starts (see runtime/redis/redistest).

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/redis/redistest"
)

// TestMainPathOnCluster goes the main path with the Redis store on a
// cluster, where the enrolment's keys, the indexes, the sessions, the
// bundles and the directory lie in different slots on different nodes: a
// clinician starts a program for a new citizen, the citizen opens the
// overview and a step, saves a draft and submits the form, and the
// clinician sees the answers.
func TestMainPathOnCluster(t *testing.T) {
	store, _ := redistest.Open(t, redistest.RequireCluster(t))
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := demo.Seed(ctx, store, now); err != nil {
		t.Fatal(err)
	}
	id, err := NewDevIdentity(store, true, "sv", demo.Choices())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: store, Identity: id, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	// The env's embedded store stays nil: this test reads the cluster's.
	e := &env{t: t, srv: srv, now: now}
	load := func(id string) *runtime.Enrolment {
		t.Helper()
		en, err := store.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return en
	}

	anna := e.signIn("anna")
	w := anna.post(south+"/start", url.Values{"pnr": {"650228-6617"}, "name": {"Lars Holm"}, "program": {"sov-battre"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("start = %d:\n%s", w.Code, w.Body)
	}
	es, err := store.Enrolments(ctx, runtime.ByCitizen("196502286617"))
	if err != nil || len(es) != 1 {
		t.Fatalf("enrolments of the new citizen: %d, %v", len(es), err)
	}
	enr := es[0].ID
	base := "/e/" + enr

	lars := e.signIn("196502286617")
	mustContain(t, lars.get("/home").Body.String(), "Sov bättre", base)
	if w := lars.get(base); w.Code != http.StatusOK {
		t.Fatalf("overview = %d", w.Code)
	} else {
		mustContain(t, w.Body.String(), "Välkommen till Sov bättre", "Vad är sömn?", "Att fylla i")
	}
	if w := lars.get(base + "/m/om-somn/vad-ar-somn"); w.Code != http.StatusOK {
		t.Fatalf("step = %d", w.Code)
	} else {
		mustContain(t, w.Body.String(), "Sömn är kroppens")
	}
	form := base + "/m/om-somn/kartlaggning"
	mustContain(t, lars.get(form).Body.String(), `name="q.kvalitet"`)
	if w := lars.post(form+"/draft", url.Values{"q.trott": {"4"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("draft = %d:\n%s", w.Code, w.Body)
	}
	w = lars.post(form, url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"ljud"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, lars.follow(w.Header().Get("Location")).Body.String(), "Tack! Dina svar är skickade.")
	en := load(enr)
	if len(en.Submissions) != 1 || len(en.Reviews) == 0 || len(en.Drafts) != 0 {
		t.Fatalf("after submit: %d submissions, %d reviews, %d drafts", len(en.Submissions), len(en.Reviews), len(en.Drafts))
	}

	mustContain(t, anna.get(south+"/mine").Body.String(), "Lars Holm", "1 olästa formulär")
	page := south + "/enrolments/" + enr
	mustContain(t, anna.get(page).Body.String(),
		"Lars Holm", "19650228-6617", "Kartläggning inskickad", "Oro", "Markera som läst")
	sub := en.Submissions[0].ID
	if w := anna.post(page+"/submissions/"+sub+"/read", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("mark read = %d:\n%s", w.Code, w.Body)
	}
	if got := load(enr).Submissions[0].ReadBy; got != "anna" {
		t.Errorf("read by %q, want anna", got)
	}
}
