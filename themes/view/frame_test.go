package view

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stegvis/stegvis/themes"
)

// freshKey is a form's idempotency key, fresh in every render; the golden
// files hold a placeholder instead.
var freshKey = regexp.MustCompile(`name="idem" value="[A-Z0-9]{26}"`)

// hostile is text that must come out escaped wherever it goes.
const hostile = `<b>"Å&ä'+ </b>`

// overviewData is a citizen's overview with every part the page can show:
// modules current and completed, with and without a PDF, description and
// section title, and steps in every state.
func overviewData(t Translate) *OverviewData {
	steps := []*StepLink{
		{Href: "/e/x/m/a/las", Title: "Läs " + hostile, Opened: true},
		{Href: "/e/x/m/a/ny", Title: "Ny sida"},
		{Href: "/e/x/m/a/f1", Title: "Formulär", Form: FormTodo},
		{Href: "/e/x/m/a/f2", Title: "Utkast", Form: FormDraft, Opened: true},
		{Href: "/e/x/m/a/f3", Title: "Skickat", Form: FormDone, Opened: true},
	}
	for _, s := range steps {
		s.SetBadge(t)
	}
	current := []*ModuleView{
		{ID: "a", Title: "Modul " + hostile, Description: "Om " + hostile, PDF: "/e/x/pdf/a?v=1&x=2", Sections: []*SectionView{
			{Title: "Avsnitt " + hostile, Steps: steps[:3]},
			{Steps: steps[3:]},
		}},
		{ID: "å-b", Title: "Andra", Sections: []*SectionView{{Title: "Ett", Steps: steps[:1]}}},
	}
	completed := []*ModuleView{{ID: "c", Title: "Klar", Sections: []*SectionView{{Steps: steps[4:]}}}}
	return &OverviewData{
		Title:       "Program " + hostile,
		Welcome:     HTML("<p>Välkommen</p>"),
		Days:        31,
		Recommended: 90,
		Percent:     34,
		Tabs: []Link{
			{Href: "/e/x/", Label: "Översikt", Current: true},
			{Href: "/e/x/messages?a=1&b=" + hostile, Label: "Meddelanden (2) " + hostile, Count: 2},
			{Href: "javascript:alert(1)", Label: "Farlig"},
		},
		Current:   current,
		Completed: completed,
		Video:     []Link{{Href: "/e/x/video/1", Label: "Möte " + hostile}},
		Battery:   &BatteryNotice{Title: "Batteri", Text: "Fyll i " + hostile, Href: "/e/x/battery", Label: "Börja"},
	}
}

// TestFrameGolden renders the citizen's overview in every frame a page
// can have (signed out, citizen, staff with a unit and a menu, flash
// notices and errors, banners, a guardian acting for a child), with text
// and URLs that must be escaped, and compares the whole page with
// testdata/frame/*.html. The frame, the tabs and the modules are written
// in Go (frame.go, module.go) rather than by html/template; the golden
// files were first written by the templates they replaced, so the Go
// writers escape and filter exactly as html/template did. Since then the
// icons draw from one sprite per page (icons.go).
func TestFrameGolden(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	citizen := &User{Name: "Johan " + hostile, Role: "Invånare"}
	staff := &User{Name: "Bertil", Role: "Behandlare", Staff: true}
	frames := []struct {
		name string
		page Page
	}{
		{"signed_out", Page{Lang: "sv"}},
		{"citizen", Page{Lang: "sv", Title: "Översikt " + hostile, User: citizen, CSRF: "tok" + hostile, SignOut: "/signout", SignOutEverywhere: "/signout/everywhere",
			Nav: []Link{{Href: "/home", Label: "Mina moment"}}}},
		{"staff", Page{Lang: "sv", Title: "Lista", User: staff, CSRF: "tok", SignOut: "/signout",
			Unit: &Link{Href: "/units/syd?x=" + hostile, Label: "Mottagning " + hostile},
			Nav:  []Link{{Href: "/staff", Label: "Mina", Current: true, Count: 3}, {Href: "/staff/all", Label: "Alla"}, {Href: "javascript:x()", Label: "Ond " + hostile}}}},
		{"flash", Page{Lang: "sv", User: staff, Flash: "Sparat " + hostile}},
		{"flash_error", Page{Lang: "sv", User: staff, Flash: "Fel " + hostile, FlashError: true}},
		{"banners", Page{Lang: "sv", Dev: true, Preview: true, User: &User{Name: "Anna"}}},
		{"acting", Page{Lang: "en", User: citizen, CSRF: "tok", SignOut: "/signout",
			Acting: &Acting{Child: "Lilla " + hostile, Guardian: "Anna", Stop: "/people/stop?c=" + hostile}}},
	}
	for _, f := range frames {
		t.Run(f.name, func(t *testing.T) {
			p := f.page
			// The whole overview once; the other frames around a
			// page of one line.
			p.Data = &OverviewData{Title: "Sida"}
			if f.name == "citizen" {
				p.Data = overviewData(themes.Lookup(p.Lang).T)
			}
			var b bytes.Buffer
			if err := tpl.Render(&b, "citizen_overview", &p); err != nil {
				t.Fatal(err)
			}
			got := freshKey.ReplaceAll(b.Bytes(), []byte(`name="idem" value="KEY"`))
			checkGolden(t, filepath.Join("testdata", "frame", f.name+".html"), got)
		})
	}
}

// checkGolden compares got with the golden file, or writes the file with
// -update.
func checkGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("differs from %s:\n%s", golden, firstDiff(string(got), string(want)))
	}
}
