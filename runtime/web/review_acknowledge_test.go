package web

import (
	"net/http"
	"net/url"
	"testing"
)

// TestAcknowledgeUrgent acknowledges ("kvittera") an urgent event on the
// manage view: the button goes, the acknowledgement shows, and only an
// urgent event of the enrolment can be acknowledged.
func TestAcknowledgeUrgent(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	cit := e.signIn(tolvan)
	cit.get("/e/" + id + "/m/om-somn/vad-ar-somn")
	cit.post("/e/"+id+"/m/om-somn/kartlaggning", url.Values{"q.kvalitet": {"3"}, "q.varfor": {"Oro"}, "q.stor": {"ljud"}, "q.trott": {"9"}, "q.somntid.h": {"5"}})
	urgent := e.load(id).Reviews[0].ID

	anna := e.signIn("anna")
	base := south + "/enrolments/" + id
	mustContain(t, anna.get(base).Body.String(), "Kvittera", base+"/reviews/"+urgent+"/acknowledge")
	if w := anna.post(base+"/reviews/999/acknowledge", nil); w.Code != http.StatusNotFound {
		t.Errorf("unknown review = %d, want 404", w.Code)
	}
	if w := anna.post(base+"/reviews/"+urgent+"/acknowledge", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("acknowledge = %d:\n%s", w.Code, w.Body)
	}
	if r, _ := e.load(id).Review(urgent); r.AcknowledgedBy != "anna" || !r.ReviewedAt.IsZero() {
		t.Errorf("review = %+v, want acknowledged by anna, not reviewed", r)
	}
	body := anna.get(base).Body.String()
	mustContain(t, body, "Händelsen är kvitterad", "Kvitterad ", "Anna Andersson")
	if w := anna.post(base+"/reviews/"+urgent+"/acknowledge", nil); w.Code != http.StatusSeeOther {
		t.Errorf("acknowledge again = %d, want a redirect that changes nothing", w.Code)
	}
}
