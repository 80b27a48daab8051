package view

import (
	"path"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
)

// StepURLs says where the links of a step page go; the runtime and the
// preview lay out their URLs differently.
type StepURLs struct {
	// Overview is the program's overview.
	Overview string
	// Files is the URL the bundle's media are served below, as
	// Files+"/media/<file>": the enrolment's URL in the runtime, "" in the
	// preview, which serves them at the root.
	Files string
	// Step returns the URL of a step of a module.
	Step func(moduleID, stepID string) string
	// Draft returns the URL a step's form saves drafts to; nil offers no
	// drafts.
	Draft func(moduleID, stepID string) string
	// PDF returns the URL of a bundle PDF path; nil offers no PDFs.
	PDF func(bundlePath string) string
}

// StepState is what a step page shows beyond the program: which steps may
// be opened and the state of the step's form. The runtime fills it from
// the enrolment, the preview from the answers it keeps in memory.
type StepState struct {
	// CanOpen reports whether a step may be opened; the previous and next
	// links skip the others. Nil opens every step, as the preview does.
	CanOpen func(moduleID, stepID string) bool
	// Tabs are the program's tabs, as on the overview.
	Tabs []Link
	// Answers and Errors fill the form in.
	Answers formdata.Answers
	Errors  formdata.Errors
	CSRF    string
	// Submitted lists earlier submissions of the form on this step.
	Submitted []Submitted
	// DraftSaved says when a draft was last saved, formatted.
	DraftSaved string
	// ReadOnly shows answers to read instead of a form to fill in: Last,
	// when the form was submitted, else the form as it stands.
	ReadOnly bool
	Last     *Answered
}

// Answered is a form with the answers given to it, on the version of the
// form they were given on.
type Answered struct {
	Form    *designer.Form
	Answers formdata.Answers
}

// NewStepView fills the page of a step with its rendered body from the
// bundle. The runtime and the preview both build a step page here, so the
// designer previews the page citizens see. It reports false when the
// program has no such step, or not the step's form.
func NewStepView(p *designer.Program, moduleID, stepID string, body []byte, u StepURLs, st StepState, t Translate) (*StepView, bool) {
	m, sec, step, ok := p.Step(moduleID, stepID)
	if !ok {
		return nil, false
	}
	sv := &StepView{
		ProgramTitle: p.Title, ModuleTitle: m.Title, SectionTitle: sec.Title,
		Title: step.Title, Kind: step.Kind,
		Body: HTML(RewriteMedia(string(body), u.Files)),
		Back: u.Overview, Tabs: st.Tabs,
	}
	if step.Media != nil {
		sv.Media = &MediaView{
			Audio: MediaURL(p, u.Files, step.Media.Audio), Video: MediaURL(p, u.Files, step.Media.Video),
			Poster: MediaURL(p, u.Files, step.Media.Poster), Captions: MediaURL(p, u.Files, step.Media.Captions),
			CaptionsLang: p.Language, Transcript: HTML(RewriteMedia(step.Media.Transcript, u.Files)),
		}
		if sv.Media.CaptionsLang == "" {
			sv.Media.CaptionsLang = "sv"
		}
	}
	if step.Audio != "" {
		sv.Audio = MediaURL(p, u.Files, step.Audio)
	}
	if u.PDF != nil && step.PDF != "" {
		sv.PDF = u.PDF(step.PDF)
	}
	sv.Prev, sv.Next = neighbours(p, moduleID, stepID, u, st.CanOpen)
	if step.Form == "" {
		return sv, true
	}
	f, ok := p.Form(step.Form)
	if !ok {
		return nil, false
	}
	sv.Form = newStepForm(f, moduleID, stepID, u, st, t)
	return sv, true
}

// newStepForm is the form of a step: to fill in, or to read when the
// enrolment is read-only.
func newStepForm(f *designer.Form, moduleID, stepID string, u StepURLs, st StepState, t Translate) *FormView {
	fv := NewForm(f, st.Answers, st.Errors, t)
	fv.CSRF = st.CSRF
	if u.PDF != nil && f.PDF != "" {
		fv.PDF = u.PDF(f.PDF)
	}
	fv.Submitted = st.Submitted
	if st.ReadOnly {
		if st.Last != nil {
			// The last answers given, to read, on their own form version.
			fv = Answers(st.Last.Form, st.Last.Answers, t)
		}
		fv.ReadOnly = true
		return fv
	}
	fv.Action = u.Step(moduleID, stepID)
	if u.Draft != nil {
		fv.DraftAction = u.Draft(moduleID, stepID)
	}
	fv.DraftSaved = st.DraftSaved
	return fv
}

// neighbours returns the steps before and after a step among those that
// may be opened, across sections and modules.
func neighbours(p *designer.Program, moduleID, stepID string, u StepURLs, canOpen func(string, string) bool) (prev, next *Link) {
	var list []Link
	at := -1
	for _, m := range p.Modules {
		for _, sec := range m.Sections {
			for _, st := range sec.Steps {
				if canOpen != nil && !canOpen(m.ID, st.ID) {
					continue
				}
				if m.ID == moduleID && st.ID == stepID {
					at = len(list)
				}
				list = append(list, Link{Href: u.Step(m.ID, st.ID), Label: st.Title})
			}
		}
	}
	if at > 0 {
		prev = &list[at-1]
	}
	if at >= 0 && at+1 < len(list) {
		next = &list[at+1]
	}
	return prev, next
}

// MediaURL returns the URL of a media file of the bundle, served below
// files (see StepURLs.Files). An https URL stays as it is; a reference to
// no file of the program keeps its file name, and the request finds
// nothing.
func MediaURL(p *designer.Program, files, ref string) string {
	if ref == "" || strings.HasPrefix(ref, "https://") {
		return ref
	}
	if m, ok := p.MediaFile(ref); ok {
		return files + "/" + m.Path
	}
	name := strings.TrimPrefix(strings.TrimPrefix(ref, "/"), "media/")
	return files + "/media/" + path.Base(name)
}

// RewriteMedia points the root-relative media links of a bundle's HTML
// (/media/<file>) at the media served below files.
func RewriteMedia(html, files string) string {
	if files == "" || !strings.Contains(html, "/media/") {
		return html // most texts link no media: no replacer to build
	}
	r := strings.NewReplacer(`"/media/`, `"`+files+`/media/`, `'/media/`, `'`+files+`/media/`)
	return r.Replace(html)
}
