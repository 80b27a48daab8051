package view

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stegvis/stegvis/themes"
)

// TestInlinedTexts: the templates with their literal texts inlined at
// parse time write the pages as the templates calling t did, in both
// languages, around every part of the layout.
func TestInlinedTexts(t *testing.T) {
	assets, err := NewAssets(themes.FS, "static", "/static/")
	if err != nil {
		t.Fatal(err)
	}
	inlined, err := parse(themes.FS, assets, true)
	if err != nil {
		t.Fatal(err)
	}
	called, err := parse(themes.FS, assets, false)
	if err != nil {
		t.Fatal(err)
	}
	mod := &ModuleView{ID: "m1", Title: "Modul", PDF: "/m1.pdf", Sections: []*SectionView{{Title: "Avsnitt", Steps: []*StepLink{{Href: "/s", Title: "S", Form: FormTodo}}}}}
	pages := map[string]func() any{
		"signin": func() any {
			return &SignInData{Action: "/signin", Dev: true, Choices: []Choice{{ID: "anna", Name: "Anna", Role: "Behandlare"}}}
		},
		"error":        func() any { return &ErrorData{Status: 404, Code: "E404", Message: "Finns inte", Ref: "r1"} },
		"citizen_home": func() any { return &CitizenHomeData{Open: []EnrolmentCard{{Href: "/e/1", Title: "Stress"}}} },
		"citizen_guide": func() any {
			return &OverviewData{Title: "Stress", QuickGuide: "<p>Guide</p>", Tabs: []Link{{Href: "/e/1/", Label: "Ö"}}}
		},
		"staff_enrolment": func() any {
			return &ManageData{Name: "Eva", Current: []*ModuleView{mod}, WelcomeAction: "/w", Reviews: []*ReviewView{{ID: "6", Title: "Hög", Urgent: true, Action: "/d"}}}
		},
		"citizen_overview": func() any {
			return &OverviewData{Title: "Stress", Tabs: []Link{{Href: "/e/1/", Label: "Ö", Current: true}}, Current: []*ModuleView{mod}}
		},
	}
	frames := map[string]Page{
		"plain": {},
		"all": {Dev: true, Preview: true, Acting: &Acting{Child: "Kim", Stop: "/stop"}, Unit: &Link{Href: "/u/a", Label: "Enhet A"},
			Nav: []Link{{Href: "/home", Label: "Hem", Current: true, Count: 3}}, Flash: "Sparat", FlashError: true,
			User: &User{Name: "Anna", Role: "Behandlare", Staff: true}, CSRF: "tok", SignOut: "/signout", SignOutEverywhere: "/signout/all"},
	}
	idem := regexp.MustCompile(`name="idem" value="[A-Z0-9]+"`)
	for name, data := range pages {
		for frame, base := range frames {
			for _, lang := range themes.Languages {
				t.Run(name+"/"+frame+"/"+lang, func(t *testing.T) {
					p := base
					p.Lang, p.Title, p.Data = lang, "Titel", data()
					var a, b bytes.Buffer
					if err := inlined.Render(&a, name, &p); err != nil {
						t.Fatal(err)
					}
					if err := called.Render(&b, name, &p); err != nil {
						t.Fatal(err)
					}
					got, want := idem.ReplaceAllString(a.String(), "idem"), idem.ReplaceAllString(b.String(), "idem")
					if got != want {
						t.Errorf("inlined texts change the page:\n%s", firstDiff(got, want))
					}
				})
			}
		}
	}
}

// firstDiff shows where got and want first differ.
func firstDiff(got, want string) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + got[from:min(len(got), i+120)] + "\nwant: …" + want[from:min(len(want), i+120)]
}
