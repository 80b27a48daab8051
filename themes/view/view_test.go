package view

import (
	"bytes"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/themes"
)

// TestTemplateKeys keeps the templates and the catalogue in step: every key
// a template names literally is in the Swedish catalogue.
func TestTemplateKeys(t *testing.T) {
	re := regexp.MustCompile(`\bt "([a-z0-9_.]+)"`)
	sv := themes.Lookup("sv")
	err := fs.WalkDir(themes.FS, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(themes.FS, p)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			if !sv.Has(m[1]) {
				t.Errorf("%s: key %q is not in locales/sv", p, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{formdata.ErrRequired, formdata.ErrOption, formdata.ErrScale, formdata.ErrNumber,
		formdata.ErrMin, formdata.ErrMax, formdata.ErrDate, formdata.ErrTime, formdata.ErrDuration, formdata.ErrTooLong,
		formdata.ErrOneValue, formdata.CondEquals, formdata.CondAnyOf, formdata.CondAbove, formdata.CondAtLeast,
		formdata.CondBelow, formdata.CondAtMost, formdata.CondAnswer} {
		if !sv.Has(k) {
			t.Errorf("formdata key %q is not in locales/sv", k)
		}
	}
}

func num(f float64) *float64 { return &f }

func sampleForm() *designer.Form {
	return &designer.Form{ID: "sleep", Title: "Sömn", Version: "v1", Intro: "<p>Om din sömn</p>", Questions: []*designer.Question{
		{ID: "q1", Type: designer.TypeSingle, Text: "Hur sov du?", Required: true, Options: []*designer.Option{{Value: "0", Label: "Bra"}, {Value: "1", Label: "Dåligt"}}},
		{ID: "q2", Type: designer.TypeText, Text: "Varför?", Multiline: true, Help: "Skriv fritt", ShowIf: &designer.Condition{Question: "q1", Equals: "1"}},
		{ID: "q3", Type: designer.TypeMultiple, Text: "Vad störde?", Options: []*designer.Option{{Value: "a", Label: "Ljud"}, {Value: "b", Label: "Ljus"}}},
		{ID: "q4", Type: designer.TypeScale, Text: "Trötthet", Scale: &designer.Scale{Min: 0, Max: 4, MinLabel: "Inte alls", MaxLabel: "Mycket"}},
		{ID: "q5", Type: designer.TypeNumber, Text: "Vikt", Unit: "kg", Min: num(20), Max: num(300)},
		{ID: "q6", Type: designer.TypeDate, Text: "Datum"},
		{ID: "q7", Type: designer.TypeTime, Text: "Läggdags"},
		{ID: "q8", Type: designer.TypeDuration, Text: "Sovtid"},
	}}
}

func TestRenderPages(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	f := sampleForm()
	a := formdata.Answers{"q1": {"1"}, "q5": {"1000"}, "q8": {"450"}}
	errs := formdata.Validate(f, a)
	fv := NewForm(f, a, errs, themes.Lookup("sv").T)
	fv.Action, fv.DraftAction, fv.CSRF = "/submit", "/draft", "tok"
	step := &StepView{ProgramTitle: "P", ModuleTitle: "M", Title: "Steg", Body: "<p>Hej</p>", Form: fv, Back: "/e/1",
		Media: &MediaView{Video: "/v.mp4", Captions: "/c.vtt", CaptionsLang: "sv", Transcript: "<p>Text</p>"}}
	mod := &ModuleView{ID: "m1", Title: "Modul", Sections: []*SectionView{{Title: "Avsnitt", Steps: []*StepLink{{Href: "/s", Title: "S", Form: FormTodo}, {Href: "/t", Title: "T", Opened: true}}}}}
	pages := map[string]any{
		"signin":           &SignInData{Action: "/signin", Dev: true, Choices: []Choice{{ID: "anna", Name: "Anna", Role: "Behandlare"}}},
		"error":            &ErrorData{Status: 404, Code: "E404", Message: "Finns inte", Ref: "r1"},
		"citizen_home":     &CitizenHomeData{Open: []EnrolmentCard{{Href: "/e/1", Title: "Stress"}}},
		"citizen_overview": &OverviewData{Title: "Stress", Days: 3, Recommended: 10, Percent: 30, Current: []*ModuleView{mod}, ShowGuide: true, QuickGuide: "<p>Guide</p>"},
		"citizen_guide":    &OverviewData{Title: "Stress", QuickGuide: "<p>Guide</p>"},
		"citizen_step":     step,
		"staff_units":      &UnitsData{Units: []Link{{Href: "/u/a", Label: "A"}}},
		"staff_list":       &ListData{View: "mine", Rows: []ListRow{{Name: "Eva", Flags: 2, Urgent: true}}, StartURL: "/start"},
		"staff_start":      &StartData{Action: "/start", Programs: []OptionView{{Value: "p", Label: "P"}}, Errors: map[string]string{"pnr": "fel"}},
		"staff_enrolment": &ManageData{Name: "Eva", Current: []*ModuleView{mod}, WelcomeAction: "/w",
			Submissions: []*SubmissionView{{ID: "5", Title: "Sömn", Answers: Answers(f, a, themes.Lookup("sv").T), Action: "/r"}},
			Reviews:     []*ReviewView{{ID: "6", Title: "Hög", Urgent: true, Action: "/d"}}},
		"admin_programs": &ProgramsData{Programs: []*ProgramRow{{ID: "p", Title: "P", Versions: []*VersionRow{{Bundle: "p@1.0+abc", Version: "1.0", Activate: "/a"}}}}},
		"admin_shared": &SharedData{Back: "/p", ImportAction: "/i", Catalogues: []*SharedCatalogue{{Publisher: "Region A", Key: "abcd-efgh", Fingerprint: "abcdefgh",
			Programs: []*SharedProgram{{ID: "p", Title: "P", Versions: []*SharedVersion{{Version: "1.1", Bundle: "p@1.1+abc"}, {Version: "1.0", Bundle: "p@1.0+abc", Imported: true}}}}}, {Publisher: "B", Unreachable: true}}},
		"admin_rollout": &RolloutData{Program: "P", To: "1.1", Compatible: true, Changes: []string{"x"}, Rows: []RolloutRow{{Name: "Eva"}}, Action: "/r"},
	}
	for name, data := range pages {
		t.Run(name, func(t *testing.T) {
			var b strings.Builder
			p := &Page{Lang: "sv", Title: "T", CSRF: "tok", User: &User{Name: "U"}, SignOut: "/signout", Data: data}
			if err := tpl.Render(&b, name, p); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if strings.Contains(out, "web.") || strings.Contains(out, "form.error.") {
				t.Errorf("untranslated key in output:\n%s", out)
			}
			if !strings.Contains(out, `<main id="main"`) {
				t.Error("no main landmark")
			}
		})
	}
	var b strings.Builder
	if err := tpl.Render(&b, "citizen_step", &Page{Lang: "en", Data: step}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`name="q.q1"`, `data-show-if=`, `aria-invalid="true"`, `name="q.q8.h" id="f-q8-h" value="7"`, `<legend>`, "Answer only if"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("step page lacks %q", want)
		}
	}
}

// item is a step's list item as the citizen's module list writes it.
func item(l *StepLink) string {
	var b bytes.Buffer
	stepItem(markup{&b}, l)
	return b.String()
}

func TestStepLinkItemIsEscaped(t *testing.T) {
	tr := func(key string, _ ...any) string { return map[string]string{"web.step.unread": "Ny <b>"}[key] }
	l := &StepLink{Href: `/e/1/m/a/b?x=1&y="2"`, Title: `Vad är <stress> & "oro"?`}
	l.SetBadge(tr)
	// The output changed on purpose in issue 10: the book icon and the
	// step's kind in words before the title, the unread dot in the badge.
	// The link is a URL escaped as html/template escapes one.
	want := `<li class="unread"><span class="kind">` + iconBook + `<span class="visually-hidden">: </span></span>` +
		`<a href="/e/1/m/a/b?x=1&amp;y=%222%22">Vad är &lt;stress&gt; &amp; &#34;oro&#34;?</a> <span class="badge new">` + dotUnread + ` Ny &lt;b&gt;</span></li>` + "\n"
	if got := item(l); got != want {
		t.Errorf("item =\n%s\nwant\n%s", got, want)
	}
}

// TestStepLinkIcons: each state of a step has its icon and its words.
func TestStepLinkIcons(t *testing.T) {
	tr := func(key string, _ ...any) string { return key }
	tests := []struct {
		name   string
		opened bool
		form   string
		want   []string
	}{
		{"new page", false, "", []string{iconBook, "web.step.kind.text: ", dotUnread + " web.step.unread"}},
		{"read page", true, "", []string{iconBook, `<span class="badge done">web.step.read</span>`}},
		{"form to fill", true, FormTodo, []string{iconForm, "web.step.kind.form: ", dotTodo + " web.step.form.todo"}},
		{"draft", true, FormDraft, []string{iconForm, dotTodo + " web.step.form.draft"}},
		{"form sent", true, FormDone, []string{iconForm, iconEye + "web.step.form.done"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &StepLink{Href: "/s", Title: "T", Opened: tt.opened, Form: tt.form}
			l.SetBadge(tr)
			for _, w := range tt.want {
				if got := item(l); !strings.Contains(got, w) {
					t.Errorf("item lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// TestIconsMatchTemplates: the icons Go writes are the templates' own.
func TestIconsMatchTemplates(t *testing.T) {
	tpl, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"icon_book": iconBook, "icon_eye": iconEye, "icon_form": iconForm, "dot_unread": dotUnread, "dot_todo": dotTodo} {
		var b strings.Builder
		if err := tpl.RenderPartial(&b, "sv", name, nil); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("%s: template\n%s\nGo\n%s", name, b.String(), want)
		}
	}
}
