package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

// TestPagesLeaveTheSharedStateAlone: every request under an enrolment
// reads the snapshot cache's shared state (runtime.Enrolments.View), so
// none may write to it. An enrolment with something in every part of its
// state is read through every page a citizen and its clinician have, and
// some commands; after each request the shared state it read still
// equals a fresh decode of what it was before.
func TestPagesLeaveTheSharedStateAlone(t *testing.T) {
	e := newEnv(t)
	id := withDemoVersion(t, e, "1.2", func(p *designer.Program) {
		p.Features = append(p.Features, designer.FeatureContacts, designer.FeaturePlanning, designer.FeatureBookmarks, designer.FeatureMessages,
			designer.FeaturePageComments, designer.FeatureResults, designer.FeaturePDF, designer.FeatureActivities)
		p.Forms = append(p.Forms, &designer.Form{ID: "promenadform", Title: "Promenad", Version: "p1", Questions: []*designer.Question{
			{ID: "minuter", Type: designer.TypeNumber, Text: "Hur många minuter gick du?", Required: true},
		}})
		p.ActivityPlans = []*designer.ActivityPlan{{ID: "promenad", Title: "Promenadplan", Form: "promenadform",
			Occasions: []designer.Occasion{{Weekday: "mon", Time: "17:30"}}, EveryWeeks: 1, GraceDays: 2, Comments: true, Active: true}}
	})
	cit, anna, david := e.signIn(tolvan), e.signIn("anna"), e.signIn("david")
	mine, staff := "/e/"+id, south+"/enrolments/"+id

	// Something in every part of the state, as the users put it there.
	cit.get(mine + "/")
	cit.get(mine + "/m/om-somn/vad-ar-somn")
	for _, w := range []struct {
		c    *client
		path string
		form url.Values
	}{
		{cit, mine + "/m/om-somn/kartlaggning/draft", url.Values{"q.kvalitet": {"2"}}},
		{cit, mine + "/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"oro"}, "q.trott": {"9"}, "q.somntid.h": {"5"}}},
		{cit, mine + "/m/om-somn/vad-ar-somn/bookmark", url.Values{"on": {"1"}}},
		{anna, staff + "/messages", url.Values{"title": {"Om sömnen"}}},
		{cit, mine + "/contacts", url.Values{"name": {"Sam Svensson"}, "role": {"Fysioterapeut"}}},
		{cit, mine + "/planning", url.Values{"kind": {"meeting"}, "title": {"Uppföljning"}, "precision": {"approx"}, "month": {"2027-02"}, "part": {"early"}}},
		{anna, staff + "/video", url.Values{"title": {"Videosamtal"}, "date": {"2026-11-23"}, "time": {"10:05"}}},
		{cit, mine + "/activities/promenad/2026-11-23T17:30", url.Values{"minuter": {"25"}, "q.minuter": {"25"}}},
		{anna, staff + "/steps/om-somn/film/hide", nil},
	} {
		located(t, w.c, w.path, w.form)
	}
	en := e.load(id)
	if len(en.Submissions) == 0 || len(en.Conversations) == 0 || len(en.CareContacts) == 0 || len(en.Planning) < 2 || len(en.PlanStates) == 0 || len(en.Bookmarks) == 0 {
		t.Fatalf("the state lacks a part: %+v", en)
	}
	sub, conv, contact := en.Submissions[0].ID, en.Conversations[0].ID, en.CareContacts[0].ID
	item, video := en.Planning[0].ID, en.Planning[len(en.Planning)-1].ID
	located(t, anna, staff+"/messages/"+conv, url.Values{"text": {"Hej Tolvan!"}})

	svc := runtime.NewEnrolments(e.store)
	for _, tt := range []struct {
		c      *client
		method string
		path   string
		form   url.Values
	}{
		{cit, "GET", mine + "/", nil},
		{cit, "GET", mine + "/guide", nil},
		{cit, "GET", mine + "/results", nil},
		{cit, "GET", mine + "/m/om-somn/vad-ar-somn", nil},
		{cit, "GET", mine + "/m/om-somn/kartlaggning", nil},
		{cit, "GET", mine + "/messages", nil},
		{cit, "GET", mine + "/messages/" + conv, nil},
		{cit, "GET", mine + "/battery/somn/somnformular", nil},
		{cit, "GET", mine + "/media/mane-5b6c7d8e.svg", nil},
		{cit, "GET", mine + "/pdf/modules/om-somn.pdf", nil},
		{cit, "GET", mine + "/submissions/" + sub + "/pdf", nil},
		{cit, "GET", mine + "/contacts", nil},
		{cit, "GET", mine + "/contacts/" + contact, nil},
		{cit, "GET", mine + "/planning", nil},
		{cit, "GET", mine + "/planning/" + item, nil},
		{cit, "GET", mine + "/bookmarks", nil},
		{cit, "GET", mine + "/activities", nil},
		{cit, "GET", mine + "/activities/promenad", nil},
		{cit, "GET", mine + "/activities/promenad/pdf", nil},
		{cit, "GET", mine + "/activities/promenad/2026-11-23T17:30", nil},
		{cit, "GET", mine + "/video/" + video, nil},
		{cit, "POST", mine + "/m/om-somn/kartlaggning/draft", url.Values{"q.kvalitet": {"4"}}},
		{cit, "POST", mine + "/m/om-somn/vad-ar-somn/bookmark", url.Values{"on": {"0"}}},
		{anna, "GET", staff + "/", nil},
		{anna, "GET", staff + "/timeline", nil},
		{anna, "GET", staff + "/timeline/pdf", nil},
		{anna, "GET", staff + "/results", nil},
		{anna, "GET", staff + "/results/pdf", nil},
		{anna, "GET", staff + "/guardians", nil},
		{anna, "GET", staff + "/submissions/" + sub + "/pdf", nil},
		{anna, "GET", staff + "/maintenance", nil},
		{anna, "GET", staff + "/end", nil},
		{anna, "GET", staff + "/messages", nil},
		{anna, "GET", staff + "/messages/" + conv, nil},
		{anna, "GET", staff + "/handover", nil},
		{anna, "GET", staff + "/contacts", nil},
		{anna, "GET", staff + "/contacts/" + contact, nil},
		{anna, "GET", staff + "/planning", nil},
		{anna, "GET", staff + "/planning/" + item, nil},
		{anna, "GET", staff + "/activities", nil},
		{anna, "GET", staff + "/activities/new", nil},
		{anna, "GET", staff + "/activities/promenad", nil},
		{anna, "GET", staff + "/activities/promenad/pdf", nil},
		{anna, "GET", south + "/video/" + id + "/" + video, nil},
		{anna, "POST", staff + "/submissions/" + sub + "/read", nil},
		{david, "GET", south + "/data/" + id + "/export.json", nil},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			shared, err := svc.View(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			before, err := json.Marshal(shared)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.c.get(tt.path)
			if tt.method == "POST" {
				w = tt.c.post(tt.path, tt.form)
			}
			if w.Code >= http.StatusBadRequest {
				t.Errorf("%s %s = %d", tt.method, tt.path, w.Code)
			}
			fresh := new(runtime.Enrolment)
			if err := json.Unmarshal(before, fresh); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(shared.Clone(), fresh) { // Clone: all but the memo (runtime.Enrolment.Memo)
				after, _ := json.Marshal(shared)
				t.Errorf("%s %s wrote to the shared state\nbefore %s\n after %s", tt.method, tt.path, before, after)
			}
		})
	}
}
