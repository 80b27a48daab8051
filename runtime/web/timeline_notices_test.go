package web

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stegvis/stegvis/runtime"
)

// TestTimelineNotifications: notifications about the enrolment, which are
// in inboxes and not in its log, show on the timeline as the system's,
// with whom they went to and the flag's title or a fixed word, never
// their text, and the citizen's read time once read.
func TestTimelineNotifications(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	key := e.notify(runtime.Recipient{Kind: runtime.RecipientCitizen, ID: tolvan}, id, "remind", "Dags att fortsätta, du sov så dåligt!", false)
	e.notify(runtime.Recipient{Kind: runtime.RecipientStaff, ID: "anna"}, id, "daligt", "Tolvan sover dåligt", true)
	e.notify(runtime.Recipient{Kind: runtime.RecipientCitizen, ID: sara}, e.enrolment(sara), "remind", "Saras avisering", false)
	base := south + "/enrolments/" + id + "/timeline"
	anna := e.signIn("anna")

	body := anna.get(base + "?kind=notifications").Body.String()
	mustContain(t, body, "Avisering till invånaren: meddelande", "Avisering till Anna Andersson: Sover dåligt", "Systemet")
	mustNotContain(t, body, "Dags att fortsätta", "Tolvan sover dåligt", "Saras avisering", "(läst", "Momentet startades")

	if w := e.signIn(tolvan).post("/home/inbox/read", url.Values{"key": {key}}); w.Code != http.StatusSeeOther {
		t.Fatalf("mark read = %d", w.Code)
	}
	mustContain(t, anna.get(base+"?kind=notifications").Body.String(), "Avisering till invånaren: meddelande (läst 2026-11-23 10:00)")
	mustContain(t, anna.get(base).Body.String(), "Avisering till invånaren", "Momentet startades")
	for _, q := range []string{"?kind=forms", "?week=2026-W40"} {
		mustNotContain(t, anna.get(base+q).Body.String(), "Avisering till")
	}
}
