package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// TestEndedEnrolmentCanBeAcknowledged: after the end, the clinician can
// still mark what came in read and review its flags, and nothing else.
func TestEndedEnrolmentCanBeAcknowledged(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	// The submission raises the review flag "kartlagt".
	if w := cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"2"}, "q.trott": {"3"}, "q.somntid.h": {"6"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("submit = %d", w.Code)
	}
	anna := e.signIn("anna")
	base := south + "/enrolments/" + id
	if w := anna.post(base+"/end", url.Values{"reason": {runtime.EndCompleted}}); w.Code != http.StatusSeeOther {
		t.Fatalf("end = %d", w.Code)
	}
	en := e.load(id)
	if !en.Ended() || len(en.Submissions) != 1 || len(en.Unreviewed()) != 1 {
		t.Fatalf("before: %+v", en)
	}
	sub, rev := en.Submissions[0].ID, en.Unreviewed()[0].ID
	page := anna.get(base).Body.String()
	mustContain(t, page, base+"/submissions/"+sub+"/read", base+"/reviews/"+rev+"/done")

	for _, path := range []string{"/submissions/" + sub + "/read", "/reviews/" + rev + "/done"} {
		if w := anna.post(base+path, nil); w.Code != http.StatusSeeOther {
			t.Errorf("POST %s after the end = %d", path, w.Code)
		}
	}
	if w := anna.post(base+"/modules/vanor/start", nil); w.Code != http.StatusConflict {
		t.Errorf("starting a module after the end = %d, want 409", w.Code)
	}
	en = e.load(id)
	if en.Submissions[0].ReadAt.IsZero() || len(en.Unreviewed()) != 0 {
		t.Errorf("after: read %v, unreviewed %d", en.Submissions[0].ReadAt, len(en.Unreviewed()))
	}
}
