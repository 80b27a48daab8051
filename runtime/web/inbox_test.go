package web

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/demo"
)

// notify puts a notification in a recipient's inbox as the courier does.
func (e *env) notify(r runtime.Recipient, enrolment, flag, msg string, urgent bool) string {
	e.t.Helper()
	n := runtime.Notification{Key: runtime.NotificationKey(enrolment, flag, "start", r), Enrolment: enrolment, Unit: demo.UnitSouth,
		Flag: flag, Recipient: r, Message: msg, Delivery: "immediate", Urgent: urgent, At: e.now}
	c := &runtime.Courier{Inbox: e.store, Directory: e.store, Queue: e.store}
	if err := c.Notify(context.Background(), n); err != nil {
		e.t.Fatal(err)
	}
	return n.Key
}

func TestCitizenInbox(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	key := e.notify(runtime.Recipient{Kind: runtime.RecipientCitizen, ID: tolvan}, id, "remind", "Dags att fortsätta med Sov bättre!", false)
	e.notify(runtime.Recipient{Kind: runtime.RecipientCitizen, ID: sara}, e.enrolment(sara), "remind", "Saras avisering", false)
	c := e.signIn(tolvan)
	w := c.get("/home")
	mustContain(t, w.Body.String(), "Aviseringar", "Dags att fortsätta med Sov bättre!", `class="count"`, "Markera som läst", `href="/home/settings"`)
	mustNotContain(t, w.Body.String(), "Saras avisering")
	w = c.get("/e/" + id + "/")
	mustContain(t, w.Body.String(), "Dags att fortsätta med Sov bättre!", "Markera som läst")

	w = c.post("/home/inbox/read", url.Values{"key": {key}, "next": {"/e/" + id + "/"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/e/"+id+"/" {
		t.Fatalf("mark read = %d %s", w.Code, w.Header().Get("Location"))
	}
	w = c.follow("/home")
	mustContain(t, w.Body.String(), "Dags att fortsätta med Sov bättre!", "läst")
	mustNotContain(t, w.Body.String(), `class="count"`, "Markera som läst")

	t.Run("others' and missing keys", func(t *testing.T) {
		saraKey := runtime.NotificationKey(e.enrolment(sara), "remind", "start", runtime.Recipient{Kind: runtime.RecipientCitizen})
		if w := c.post("/home/inbox/read", url.Values{"key": {saraKey}}); w.Code != http.StatusNotFound {
			t.Errorf("marking another's = %d", w.Code)
		}
		if w := c.post("/home/inbox/read", url.Values{"key": {key}, "next": {"//evil.example/"}}); w.Header().Get("Location") != "/home" {
			t.Errorf("next to another site = %s", w.Header().Get("Location"))
		}
		if w := c.post("/home/inbox/read", url.Values{"key": {key}, "csrf": {"wrong"}}); w.Code != http.StatusForbidden {
			t.Errorf("without CSRF = %d", w.Code)
		}
	})
}

func TestCitizenContactSettings(t *testing.T) {
	e := newEnv(t)
	c := e.signIn(sara)
	w := c.get("/home/settings")
	if w.Code != http.StatusOK {
		t.Fatalf("GET settings = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Meddela mig med sms", "Mobilnummer", "aldrig länkar")

	w = c.post("/home/settings", url.Values{"by_sms": {"1"}, "mobile": {"08-123 456"}, "email": {"sara"}})
	if w.Code != http.StatusBadRequest {
		t.Fatalf("bad settings = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Skriv ett svenskt mobilnummer", "Skriv en e-postadress", `value="08-123 456"`, `aria-invalid="true"`)

	w = c.post("/home/settings", url.Values{"by_sms": {"1"}, "mobile": {"070-123 45 67"}, "email": {"sara@example.se"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save = %d:\n%s", w.Code, w.Body)
	}
	cz, err := e.store.Citizen(context.Background(), sara)
	if err != nil || cz.Mobile != "+46701234567" || !cz.NotifySMS || cz.NotifyEmail || cz.Email != "sara@example.se" {
		t.Errorf("citizen = %+v, %v", cz, err)
	}
	w = c.follow("/home/settings")
	mustContain(t, w.Body.String(), "Dina inställningar är sparade.", `46701234567"`)

	if w := e.signIn("anna").get("/home/settings"); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound && w.Code != http.StatusSeeOther {
		t.Errorf("staff on the citizen's settings = %d", w.Code)
	}
}

func TestStaffInboxAndProfile(t *testing.T) {
	e := newEnv(t)
	id := e.enrolment(tolvan)
	key := e.notify(runtime.Recipient{Kind: runtime.RecipientStaff, ID: "anna"}, id, "phq9-item9", "Svar på fråga 9 behöver ses", true)
	c := e.signIn("anna")
	w := c.get(south + "/mine")
	mustContain(t, w.Body.String(), `href="`+south+`/notifications"`, "Aviseringar", `href="`+south+`/profile"`, "Min profil")
	w = c.get(south + "/notifications")
	if w.Code != http.StatusOK {
		t.Fatalf("notifications = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Svar på fråga 9 behöver ses", "Brådskande", `href="`+south+`/enrolments/`+id+`"`, "Markera som läst")
	w = c.post(south+"/notifications/read", url.Values{"key": {key}, "next": {south + "/notifications"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("mark read = %d", w.Code)
	}
	mustNotContain(t, c.follow(south+"/notifications").Body.String(), "Markera som läst")
	// Bertil's inbox does not hold Anna's.
	mustNotContain(t, e.signIn("bertil").get(south+"/notifications").Body.String(), "fråga 9")

	w = c.get(south + "/profile")
	mustContain(t, w.Body.String(), "Min profil", "Meddela mig med e-post")
	w = c.post(south+"/profile", url.Values{"by_email": {"1"}, "email": {""}})
	if w.Code != http.StatusBadRequest {
		t.Fatalf("on without address = %d", w.Code)
	}
	mustContain(t, w.Body.String(), "Skriv din e-postadress")
	w = c.post(south+"/profile", url.Values{"by_email": {"1"}, "email": {"anna@region.example"}, "mobile": {"+46 73 123 45 67"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save = %d:\n%s", w.Code, w.Body)
	}
	st, err := e.store.Staff(context.Background(), "anna")
	if err != nil || st.Email != "anna@region.example" || !st.NotifyEmail || st.NotifySMS || st.Mobile != "+46731234567" || len(st.Roles) == 0 {
		t.Errorf("staff = %+v, %v", st, err)
	}
	if !st.HasRole(demo.UnitSouth, runtime.RoleClinician) {
		t.Errorf("saving the profile lost the roles: %+v", st.Roles)
	}
}
