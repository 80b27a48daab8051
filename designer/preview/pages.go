package preview

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/designer/scoring"
	"github.com/stegvis/stegvis/themes/view"
)

var zeroTime time.Time

func (pr *program) overviewURL() string { return "/p/" + url.PathEscape(pr.slug) + "/" }

func (pr *program) stepURL(moduleID, stepID string) string {
	return pr.overviewURL() + "steg/" + url.PathEscape(moduleID) + "/" + url.PathEscape(stepID)
}

// showIndex lists the programs, or goes straight to the only one.
func (s *Server) showIndex(w http.ResponseWriter, r *http.Request) {
	if len(s.programs) == 1 {
		http.Redirect(w, r, s.programs[0].overviewURL(), http.StatusFound)
		return
	}
	var cards []view.EnrolmentCard
	for _, pr := range s.programs {
		c := view.EnrolmentCard{Href: pr.overviewURL(), Title: pr.slug}
		if b, diags := pr.state(); b != nil {
			c.Title, c.Description = b.Program.Title, b.Program.Description
			if diags.HasErrors() {
				c.State = s.t("preview.overlay.hint")
			}
		}
		cards = append(cards, c)
	}
	s.render(w, r, nil, http.StatusOK, "citizen_home", &view.Page{Title: s.t("preview.title", "content"), Data: &view.CitizenHomeData{Open: cards}})
}

// showOverview shows every module, as if all were current, so the
// designer can reach every step.
func (s *Server) showOverview(w http.ResponseWriter, r *http.Request, pr *program) {
	b, _ := pr.state()
	if b == nil {
		s.noBundle(w, pr)
		return
	}
	p := b.Program
	data := &view.OverviewData{
		Title: p.Title, Welcome: view.HTML(p.Welcome), Recommended: p.RecommendedDays,
		QuickGuide: view.HTML(p.QuickGuide),
	}
	pr.mu.Lock()
	answered := make(map[string]bool, len(pr.answers))
	for id := range pr.answers {
		answered[id] = true
	}
	pr.mu.Unlock()
	for _, m := range p.Modules {
		mv := &view.ModuleView{ID: m.ID, Title: m.Title, Description: m.Description, Status: m.Start, StatusLabel: s.t("web.module.status." + m.Start)}
		for _, sec := range m.Sections {
			sv := &view.SectionView{Title: sec.Title}
			for _, st := range sec.Steps {
				link := &view.StepLink{Href: pr.stepURL(m.ID, st.ID), Title: st.Title, Kind: st.Kind}
				if st.Form != "" {
					link.Form = view.FormTodo
					if answered[st.Form] {
						link.Form = view.FormDone
					}
				}
				link.SetBadge(s.t)
				sv.Steps = append(sv.Steps, link)
				mv.Steps++
			}
			mv.Sections = append(mv.Sections, sv)
		}
		data.Current = append(data.Current, mv)
	}
	s.render(w, r, pr, http.StatusOK, "citizen_overview", &view.Page{Title: p.Title, Data: data})
}

// stepPage fills the page of a step with the answers and errors given.
func (s *Server) stepPage(w http.ResponseWriter, r *http.Request, pr *program, status int, a formdata.Answers, errs formdata.Errors, flash string) {
	b, _ := pr.state()
	if b == nil {
		s.noBundle(w, pr)
		return
	}
	p := b.Program
	module, step := r.PathValue("module"), r.PathValue("step")
	_, _, st, ok := findStep(p, module, step)
	if !ok {
		http.NotFound(w, r)
		return
	}
	if a == nil && st.Form != "" {
		pr.mu.Lock()
		a = pr.answers[st.Form]
		pr.mu.Unlock()
	}
	// Every step is open, as if every module were current; the form
	// posts back here and keeps no drafts.
	urls := view.StepURLs{Overview: pr.overviewURL(), Step: pr.stepURL}
	sv, ok := view.NewStepView(p, module, step, b.Files[st.HTML], urls, view.StepState{Answers: a, Errors: errs}, s.t)
	if !ok {
		http.NotFound(w, r)
		return
	}
	s.render(w, r, pr, status, "citizen_step", &view.Page{Title: st.Title, Flash: flash, FlashError: len(errs) > 0, Data: sv})
}

func (s *Server) showStep(w http.ResponseWriter, r *http.Request, pr *program) {
	flash := ""
	if r.URL.Query().Has("sparat") {
		flash = s.summary(r, pr)
	}
	s.stepPage(w, r, pr, http.StatusOK, nil, nil, flash)
}

// submitForm validates the answers like the runtime does and keeps them in
// memory; then it shows what they score and which flags they would raise.
func (s *Server) submitForm(w http.ResponseWriter, r *http.Request, pr *program) {
	b, _ := pr.state()
	if b == nil {
		s.noBundle(w, pr)
		return
	}
	_, _, st, ok := findStep(b.Program, r.PathValue("module"), r.PathValue("step"))
	f, fok := b.Program.Form(st.Form)
	if !ok || !fok {
		http.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	a := formdata.Clean(f, formdata.Decode(f, r.PostForm))
	if errs := formdata.Validate(f, a); len(errs) > 0 {
		s.stepPage(w, r, pr, http.StatusUnprocessableEntity, a, errs, "")
		return
	}
	pr.mu.Lock()
	pr.answers[f.ID] = a
	pr.mu.Unlock()
	if s.live != nil {
		// The running program gets them too, as the citizen's.
		s.live.Answer(r.Context(), b.Program.ID, r.PathValue("module"), r.PathValue("step"), r.PostForm)
	}
	http.Redirect(w, r, r.URL.Path+"?sparat", http.StatusSeeOther)
}

// summary says what the kept answers of the step's form score and which
// flags they would raise.
func (s *Server) summary(r *http.Request, pr *program) string {
	b, _ := pr.state()
	_, _, st, ok := findStep(b.Program, r.PathValue("module"), r.PathValue("step"))
	if !ok {
		return ""
	}
	f, ok := b.Program.Form(st.Form)
	if !ok {
		return ""
	}
	pr.mu.Lock()
	a := pr.answers[f.ID]
	pr.mu.Unlock()
	parts := []string{s.t("preview.saved")}
	var scores []string
	for _, res := range scoring.Compute(f, scoring.Answers(a)) {
		txt := fmt.Sprintf("%s %s", titleOr(res.Score.Title, res.Score.ID), formdata.FormatNumber(res.Value))
		if l := res.BandLabel(); l != "" {
			txt += " (" + l + ")"
		}
		scores = append(scores, txt)
	}
	if len(scores) > 0 {
		parts = append(parts, s.t("preview.scores", strings.Join(scores, ", ")))
	}
	var raised []string
	for _, fl := range scoring.FlagsOnSubmit(b.Program.Flags, f, scoring.Answers(a)) {
		name := titleOr(fl.Title, fl.ID)
		if fl.Urgent {
			name += " (!)"
		}
		raised = append(raised, name)
	}
	if len(raised) > 0 {
		parts = append(parts, s.t("preview.flags", strings.Join(raised, ", ")))
	} else {
		parts = append(parts, s.t("preview.noflags"))
	}
	return strings.Join(parts, " ")
}

// titleOr is what the designer wrote as a title, or the id when there is
// none: the preview names scores and flags as clinicians will see them.
func titleOr(title, id string) string {
	if strings.TrimSpace(title) != "" {
		return title
	}
	return id
}

func findStep(p *designer.Program, moduleID, stepID string) (*designer.Module, *designer.Section, *designer.Step, bool) {
	return p.Step(moduleID, stepID)
}
