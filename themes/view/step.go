package view

import (
	"html/template"

	"github.com/stegvis/stegvis/designer"
)

// StepURLs says where the links of a step page go; the runtime and the
// preview lay out their URLs differently.
type StepURLs struct {
	// Overview is the program's overview.
	Overview string
	// Step returns the URL of a step of a module.
	Step func(moduleID, stepID string) string
	// PDF returns the URL of a bundle PDF path, or "" to offer none.
	PDF func(bundlePath string) string
}

// NewStepView fills a StepView for step st of module m, with its rendered
// body from the bundle. Form is left for the caller, which knows the answers.
func NewStepView(p *designer.Program, m *designer.Module, sec *designer.Section, st *designer.Step, body []byte, u StepURLs) *StepView {
	sv := &StepView{
		ProgramTitle: p.Title, ModuleTitle: m.Title, SectionTitle: sec.Title,
		Title: st.Title, Kind: st.Kind, Body: template.HTML(body), Back: u.Overview,
	}
	if st.Media != nil {
		sv.Media = &MediaView{
			Audio: mediaURL(p, st.Media.Audio), Video: mediaURL(p, st.Media.Video),
			Poster: mediaURL(p, st.Media.Poster), Captions: mediaURL(p, st.Media.Captions),
			CaptionsLang: p.Language, Transcript: template.HTML(st.Media.Transcript),
		}
	}
	if st.PDF != "" && u.PDF != nil {
		sv.PDF = u.PDF(st.PDF)
	}
	var prev, next *designer.Step
	found := false
	for _, s := range m.Sections {
		for _, x := range s.Steps {
			switch {
			case x == st:
				found = true
			case !found:
				prev = x
			case next == nil:
				next = x
			}
		}
	}
	if prev != nil {
		sv.Prev = &Link{Href: u.Step(m.ID, prev.ID), Label: prev.Title}
	}
	if next != nil {
		sv.Next = &Link{Href: u.Step(m.ID, next.ID), Label: next.Title}
	}
	return sv
}

// mediaURL turns a media reference of the content (media/film.mp4 or an
// https URL) into the URL the page uses.
func mediaURL(p *designer.Program, ref string) string {
	if ref == "" {
		return ""
	}
	for _, m := range p.Media {
		if m.Name == ref {
			return "/" + m.Path
		}
	}
	return ref
}
