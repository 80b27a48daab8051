package view

import (
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/themes"
)

// evil is text and URLs that must come out escaped or filtered: markup,
// quotes, a plus (html/template writes &#43;), Swedish letters.
const evil = `<script>alert("å'ä+ö")</script> & Ärlig`

// overviewCases are overviews with each part the page can show, alone
// and together, in both languages.
func overviewCases() []struct {
	name string
	lang string
	data *OverviewData
} {
	sv := themes.Lookup("sv").T
	inbox := func() *InboxView {
		return &InboxView{Unread: 3, CSRF: "tok" + evil, Settings: "/e/x/contact?a=1&b=" + evil, Items: []InboxItemView{
			{Key: "k1" + evil, Message: "Nytt meddelande " + evil, At: "2026-11-29 10:00 " + evil, Urgent: true,
				Href: "/e/x/messages?m=1&x=" + evil, MarkRead: "/e/x/inbox/read?k=" + evil, Next: "/e/x/?n=" + evil},
			{Key: "k2", At: "2026-11-28", Read: true},
			{Key: "k3", Message: "Utan länk", At: "2026-11-27", MarkRead: "/e/x/inbox/read", Next: "/e/x/"},
			{Key: "k4", At: "2026-11-26", Href: "javascript:alert(1)", MarkRead: "javascript:x()", Next: "javascript:y()"},
			{Key: "k5", Message: "Läst och brådskande", At: "2026-11-25", Urgent: true, Read: true, Href: "/e/x/a+b"},
		}}
	}
	full := func() *OverviewData {
		d := overviewData(sv)
		d.Title = "Program " + evil
		d.Notice = "Momentet avslutades " + evil
		d.Video = append(d.Video, Link{Href: "javascript:alert(1)", Label: "Ond " + evil}, Link{Href: "https://meet.example/r?x=1&y=2+3", Label: "Två"})
		d.Inbox = inbox()
		d.ShowGuide, d.QuickGuide = true, HTML("<p>Så här gör du</p>")
		return d
	}
	return []struct {
		name string
		lang string
		data *OverviewData
	}{
		{"nil", "sv", nil},
		{"minimal", "sv", &OverviewData{Title: "Stress"}},
		{"minimal_en", "en", &OverviewData{Title: "Stress"}},
		{"notice", "sv", &OverviewData{Title: "T", Notice: "Du är i vidmakthållandefasen " + evil, ReadOnly: true}},
		{"battery", "sv", &OverviewData{Title: "T", Battery: &BatteryNotice{Title: "Skattning " + evil, Text: "Fyll i " + evil,
			Href: "/e/x/battery/b1?f=1&g=" + evil, Label: "Börja " + evil}}},
		{"battery_js", "en", &OverviewData{Title: "T", Battery: &BatteryNotice{Title: "B", Text: "T", Href: "javascript:alert(1)", Label: "L"}}},
		{"video", "sv", &OverviewData{Title: "T", Video: []Link{{Href: "https://meet.example/rum?a=1&b=" + evil, Label: "Möte " + evil},
			{Href: "javascript:alert(1)", Label: "Ond"}}}},
		{"video_en", "en", &OverviewData{Title: "T", Video: []Link{{Href: "/v/1", Label: "Meeting"}}}},
		{"inbox", "sv", &OverviewData{Title: "T", Inbox: inbox()}},
		{"inbox_en", "en", &OverviewData{Title: "T", Inbox: inbox()}},
		{"inbox_no_unread", "sv", &OverviewData{Title: "T", Inbox: &InboxView{Items: []InboxItemView{{Key: "k", At: "i går", Read: true}}}}},
		{"inbox_no_items", "sv", &OverviewData{Title: "T", Inbox: &InboxView{Unread: 2, Settings: "/s"}}},
		{"guide", "sv", &OverviewData{Title: "T", ShowGuide: true, QuickGuide: HTML("<p>Guide <b>fet</b></p>"), GuideURL: "/e/x/guide"}},
		{"guide_en", "en", &OverviewData{Title: "T", ShowGuide: true, QuickGuide: HTML("<p>Guide</p>")}},
		{"guide_empty", "sv", &OverviewData{Title: "T", ShowGuide: true}},
		{"guide_hidden", "sv", &OverviewData{Title: "T", QuickGuide: HTML("<p>Visas inte</p>")}},
		{"welcome", "sv", &OverviewData{Title: "T", Welcome: HTML(`<p class="prewrap">Hej &amp; välkommen</p>`)}},
		{"welcome_en", "en", &OverviewData{Title: "T", Welcome: HTML("<p>Welcome</p>")}},
		{"progress_below", "sv", &OverviewData{Title: "T", Days: 31, Recommended: 90, Percent: 34}},
		{"progress_above", "sv", &OverviewData{Title: "T", Days: 120, Recommended: 90, Percent: 100}},
		{"progress_equal", "en", &OverviewData{Title: "T", Days: 90, Recommended: 90, Percent: 100}},
		{"progress_none", "sv", &OverviewData{Title: "T", Days: 12}},
		{"modules", "sv", &OverviewData{Title: "T", Current: overviewData(sv).Current, Completed: overviewData(sv).Completed}},
		{"completed_only", "en", &OverviewData{Title: "T", Completed: overviewData(themes.Lookup("en").T).Completed}},
		{"hostile", "sv", &OverviewData{Title: evil, Notice: evil, Tabs: []Link{{Href: "javascript:alert(1)", Label: evil, Current: true},
			{Href: "/e/x/?q=" + evil, Label: "Flik", Count: 2}}}},
		{"full", "sv", full()},
		{"full_en", "en", full()},
	}
}

// TestOverviewGolden renders the citizen's overview for each case and
// compares its main part, between the frame's head and foot, with
// testdata/overview/*.html. The golden files were written by the
// template citizen_overview.html that overview.go replaced, so the Go
// writer is held to write byte for byte what html/template wrote.
func TestOverviewGolden(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range overviewCases() {
		t.Run(c.name, func(t *testing.T) {
			p := &Page{Lang: c.lang, Title: "Översikt", User: &User{Name: "Johan"}, CSRF: "tok", SignOut: "/signout", Data: c.data}
			var b, again bytes.Buffer
			if err := tpl.Render(&b, "citizen_overview", p); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			// Again, with the modules' markup kept from the first.
			if err := tpl.Render(&again, "citizen_overview", p); err != nil {
				t.Fatal(err)
			}
			if first, second := freshKey.ReplaceAllString(page, "K"), freshKey.ReplaceAllString(again.String(), "K"); first != second {
				t.Errorf("a second render differs:\n%s", firstDiff(second, first))
			}
			const from, to = "<main id=\"main\" tabindex=\"-1\">\n\n", "\n</main>"
			i, j := strings.Index(page, from), strings.LastIndex(page, to)
			if i < 0 || j < i {
				t.Fatalf("no main in the page:\n%s", page)
			}
			got := freshKey.ReplaceAll([]byte(page[i+len(from):j]), []byte(`name="idem" value="KEY"`))
			if bytes.Contains(got, []byte("web.")) || bytes.Contains(got, []byte("video.")) {
				t.Errorf("untranslated key in output:\n%s", got)
			}
			checkGolden(t, filepath.Join("testdata", "overview", c.name+".html"), got)
		})
	}
}

// TestKeptModuleLanguage: markup kept in one language is not written in
// another.
func TestKeptModuleLanguage(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	mv := func() []*ModuleView {
		return []*ModuleView{{ID: "m", Title: "Sömn", PDF: "/e/x/m.pdf", Sections: []*SectionView{{Steps: []*StepLink{{Href: "/e/x/m/s", Title: "Steg"}}}}}}
	}
	render := func(lang string, mods []*ModuleView) string {
		var b bytes.Buffer
		if err := tpl.Render(&b, "citizen_overview", &Page{Lang: lang, Data: &OverviewData{Title: "T", Current: mods}}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	shared := mv()
	sv, en := render("sv", shared), render("en", shared)
	if want := render("en", mv()); en != want {
		t.Errorf("en after sv differs from en alone:\n%s", firstDiff(en, want))
	}
	if again := render("sv", shared); again != sv {
		t.Errorf("sv after en differs from sv:\n%s", firstDiff(again, sv))
	}
}

// BenchmarkRenderOverview renders a citizen's overview as a citizen sees
// it most days, frame and all: the tabs, the welcome text, the progress,
// two current modules and one completed, each of two sections of two or
// three steps; no inbox.
func BenchmarkRenderOverview(b *testing.B) {
	tpl, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	tr := themes.Lookup("sv").T
	mod := func(id string, opened bool) *ModuleView {
		mv := &ModuleView{ID: id, Title: "Modul " + id, Description: "Om sömn och stress", PDF: "/e/x/pdf/" + id + ".pdf"}
		for s, n := range []int{2, 3} {
			sec := &SectionView{Title: "Avsnitt " + string(rune('A'+s))}
			for i := range n {
				l := &StepLink{Href: "/e/x/m/" + id + "/s" + string(rune('a'+i)), Title: "Steg om vila", Opened: opened || i == 0}
				if i == 2 {
					l.Form = FormDone
				}
				l.SetBadge(tr)
				sec.Steps = append(sec.Steps, l)
			}
			mv.Sections = append(mv.Sections, sec)
		}
		return mv
	}
	p := &Page{Lang: "sv", Title: "Stress", User: &User{Name: "Johan Svensson", Role: "Invånare"}, CSRF: "tok",
		SignOut: "/signout", SignOutEverywhere: "/signout/everywhere", Nav: []Link{{Href: "/home", Label: "Mina moment"}},
		Data: &OverviewData{
			Title:       "Hantera stress",
			Welcome:     HTML("<p>Välkommen till programmet. Här finns texter, övningar och formulär.</p>"),
			Days:        31,
			Recommended: 90,
			Percent:     34,
			Tabs: []Link{{Href: "/e/x/", Label: "Översikt", Current: true}, {Href: "/e/x/messages", Label: "Meddelanden", Count: 1},
				{Href: "/e/x/results", Label: "Resultat"}, {Href: "/e/x/guide", Label: "Snabbguide"}},
			Current:   []*ModuleView{mod("m2", false), mod("m3", false)},
			Completed: []*ModuleView{mod("m1", true)},
		}}
	b.ReportAllocs()
	for b.Loop() {
		if err := tpl.Render(io.Discard, "citizen_overview", p); err != nil {
			b.Fatal(err)
		}
	}
}

// TestOverviewWrongData: the overview's writer refuses data of another
// type with an error, as the template did, and writes nothing of the page.
func TestOverviewWrongData(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if !tpl.Has("citizen_overview") {
		t.Error("Has(citizen_overview) = false")
	}
	var b bytes.Buffer
	if err := tpl.Render(&b, "citizen_overview", &Page{Lang: "sv", Data: &ErrorData{}}); err == nil {
		t.Error("no error for data of the wrong type")
	}
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes of a page that failed", b.Len())
	}
}
