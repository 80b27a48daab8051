package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

// withMessages moves tolvan's enrolment to a version of the demo program
// with messages and page comments on its first step, and returns the
// enrolment's id.
func withMessages(t *testing.T, e *env) string {
	t.Helper()
	return withDemoVersion(t, e, "1.1", func(p *designer.Program) {
		p.Features = append(p.Features, designer.FeatureMessages, designer.FeaturePageComments)
		p.Modules[0].Sections[0].Steps[0].Comments = true
	})
}

// TestMessagesFlow: the clinician writes, the citizen sees the unread
// count, reads, replies on a page comment; the clinician sees the read
// receipt and the comment in the messages tab. Every step without
// JavaScript.
func TestMessagesFlow(t *testing.T) {
	e := newEnv(t)
	id := withMessages(t, e)
	anna := e.signIn("anna")
	staff := south + "/enrolments/" + id + "/messages"
	mustContain(t, anna.get(staff).Body.String(), "Konversationer", "Inga konversationer än.", `value="Min konversation"`)

	// Anna starts a conversation, renames it, writes a draft, then sends.
	w := anna.post(staff, url.Values{"title": {"Min konversation"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("start = %d:\n%s", w.Code, w.Body)
	}
	conv := w.Header().Get("Location")
	cid := conv[strings.LastIndex(conv, "/")+1:]
	if w := anna.post(conv+"/title", url.Values{"title": {"Om sömnen"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("rename = %d:\n%s", w.Code, w.Body)
	}
	if w := anna.post(conv+"/draft", url.Values{"text": {"Hej Tolvan"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("draft = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, anna.get(staff).Body.String(), "Om sömnen", "Utkast")
	if w := anna.post(conv, url.Values{"text": {"Hej Tolvan!\r\nLäs <b>detta</b> på https://example.org"}, "notify": {"daily"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("send = %d:\n%s", w.Code, w.Body)
	}
	body := anna.get(conv).Body.String()
	mustContain(t, body, "Hej Tolvan!\nLäs &lt;b&gt;detta&lt;/b&gt; på https://example.org")
	mustNotContain(t, body, "Utkast", `href="https://example.org"`, "Läst ", "Ändra rubrik")
	if w := anna.post(conv+"/title", url.Values{"title": {"Nytt"}}); w.Code == http.StatusSeeOther {
		t.Errorf("renamed after the first message")
	}

	// Tolvan sees the count on the tab and on the conversation, and reads.
	cit := e.signIn(tolvan)
	mustContain(t, cit.get("/e/"+id+"/").Body.String(), "Meddelanden (1 oläst)")
	mustContain(t, cit.get("/e/"+id+"/messages").Body.String(), "Om sömnen", "1 oläst")
	mustContain(t, cit.get("/e/"+id+"/messages/"+cid).Body.String(), "Hej Tolvan!", "Behandlare")
	if n := e.load(id).UnreadForCitizen(); n != 0 {
		t.Errorf("after reading: %d unread", n)
	}
	// Marking it unread lights the count again.
	if w := cit.post("/e/"+id+"/messages/"+cid+"/unread", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("mark unread = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, cit.get("/e/"+id+"/").Body.String(), "Meddelanden (1 oläst)")
	cit.get("/e/" + id + "/messages/" + cid)

	// Anna sees the receipt.
	mustContain(t, anna.get(conv).Body.String(), "Läst 2026-11-23")

	// Tolvan comments on a page; Anna finds it in the messages tab and
	// in her list, and replies there; Tolvan reads the reply on the page.
	step := "/e/" + id + "/m/om-somn/vad-ar-somn"
	mustContain(t, cit.get(step).Body.String(), "Kommentarer", "Skicka kommentaren")
	if w := cit.post(step+"/comment", url.Values{"text": {"Svårt att somna"}, "notify": {"immediate"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("comment = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, anna.get(south+"/mine").Body.String(), "1 oläst meddelande")
	list := anna.get(staff).Body.String()
	mustContain(t, list, "Kommentarer: Om sömn – Vad är sömn?", "1 oläst",
		`class="tabs manage-tabs"`, `href="`+staff+`" aria-current="page">Meddelanden <span class="count" aria-hidden="true">1</span>`)
	en := e.load(id)
	pc, ok := en.PageConversation("om-somn", "vad-ar-somn")
	if !ok {
		t.Fatal("no page conversation")
	}
	mustContain(t, anna.get(staff+"/"+pc.ID).Body.String(), "Svårt att somna", "Tolvan Tolvansson")
	if w := anna.post(staff+"/"+pc.ID, url.Values{"text": {"Prova att gå upp samma tid"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("reply = %d:\n%s", w.Code, w.Body)
	}
	mustContain(t, cit.get(step).Body.String(), "Svårt att somna", "Prova att gå upp samma tid")

	// The timeline, filtered to messages and comments, has both, in
	// words and with links, and no message's text.
	tl := anna.get(south + "/enrolments/" + id + "/timeline?kind=messages&kind=comments").Body.String()
	mustContain(t, tl, `<a href="`+conv+`">Meddelande i Om sömnen</a>`, "Läste meddelandena i Om sömnen",
		`<a href="`+staff+"/"+pc.ID+`">Kommentar på sidan Vad är sömn? i Om sömn</a>`, "Konversationen Min konversation fick namnet Om sömnen")
	mustNotContain(t, tl, "Hej Tolvan", "Svårt att somna", "Utkast")
	if n := e.load(id).UnreadForCitizen(); n != 0 {
		t.Errorf("after the page: %d unread for the citizen", n)
	}

	// An empty conversation can be deleted; in maintenance nothing is
	// written, and the old conversations stay readable.
	w = cit.post("/e/"+id+"/messages", url.Values{"title": {"Tom"}})
	empty := w.Header().Get("Location")
	if w := cit.post(empty+"/delete", nil); w.Code != http.StatusSeeOther {
		t.Fatalf("delete = %d:\n%s", w.Code, w.Body)
	}
	if len(e.load(id).Conversations) != 2 {
		t.Errorf("conversations after delete: %d", len(e.load(id).Conversations))
	}
	if w := anna.post(south+"/enrolments/"+id+"/maintenance", url.Values{"days": {"30"}}); w.Code != http.StatusSeeOther {
		t.Fatalf("maintenance = %d", w.Code)
	}
	if !e.load(id).Maintenance {
		t.Fatal("not in maintenance")
	}
	body = cit.get("/e/" + id + "/messages/" + cid).Body.String()
	mustContain(t, body, "Hej Tolvan!", "vidmakthållandet")
	mustNotContain(t, body, "Skriv ett meddelande")
	if w := cit.post("/e/"+id+"/messages/"+cid, url.Values{"text": {"Hej"}}); w.Code == http.StatusSeeOther {
		t.Errorf("sent in maintenance")
	}
}
