package web

import (
	"context"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showStep shows a step: its text or media and, for a form step, the form
// with the saved draft. Opening it is recorded, so the clinician sees it;
// opening it again within visitGap of the last time is the same sitting
// and is not recorded again, so reading does not write on every reload.
func (s *Server) showStep(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	if _, _, _, ok := l.Program.Step(module, step); !ok || !visibleToCitizen(l.E, module, step) {
		s.fail(w, r, errNotFound)
		return
	}
	if o, seen := l.E.Opened[runtime.StepKey(module, step)]; !l.E.Ended() && (!seen || s.now().Sub(o.Last) > visitGap) {
		e, err := s.svc.Do(r.Context(), l.E.ID, s.citizenActor(r), runtime.OpenStep(l.Program, module, step))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		l.E = e
	}
	var answers formdata.Answers
	if d, ok := l.E.Drafts[runtime.StepKey(module, step)]; ok {
		answers = d.Answers
	}
	sv, err := s.stepView(r, l, module, step, answers, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "citizen_step", sv.Title, sv)
}

// stepView fills the step page. answers and errs fill the form in.
func (s *Server) stepView(r *http.Request, l *loaded, module, step string, answers formdata.Answers, errs formdata.Errors) (*view.StepView, error) {
	e, p := l.E, l.Program
	cat := s.cat(r)
	m, sec, st, _ := p.Step(module, step)
	base := citizenBase(e)
	html, err := s.stepHTML(r.Context(), e.Bundle, st)
	if err != nil {
		return nil, err
	}
	sv := &view.StepView{
		ProgramTitle: p.Title, ModuleTitle: m.Title, SectionTitle: sec.Title,
		Title: st.Title, Kind: st.Kind,
		Body: view.HTML(rewriteMedia(html, base)),
		Back: base, Tabs: s.tabs(r, l, ""),
	}
	if st.Media != nil {
		sv.Media = &view.MediaView{
			Audio: mediaURL(base, p, st.Media.Audio), Video: mediaURL(base, p, st.Media.Video),
			Poster: mediaURL(base, p, st.Media.Poster), Captions: mediaURL(base, p, st.Media.Captions),
			CaptionsLang: p.Language, Transcript: view.HTML(rewriteMedia(st.Media.Transcript, base)),
		}
		if sv.Media.CaptionsLang == "" {
			sv.Media.CaptionsLang = "sv"
		}
	}
	pdfs := p.Has(designer.FeaturePDF)
	if pdfs && st.PDF != "" {
		sv.PDF = base + "/" + st.PDF
	}
	sv.Prev, sv.Next = neighbours(e, p, base, module, step)
	if st.Form == "" {
		return sv, nil
	}
	f, ok := p.Form(st.Form)
	if !ok {
		return nil, runtime.ErrNotFound
	}
	fv := view.NewForm(f, answers, errs, cat.T)
	fv.CSRF = sessionFrom(r.Context()).CSRF
	if pdfs && f.PDF != "" {
		fv.PDF = base + "/" + f.PDF
	}
	for _, sub := range e.Submissions {
		if sub.Module == module && sub.Step == step {
			done := view.Submitted{At: s.dateTime(sub.SubmittedAt)}
			if pdfs {
				done.PDF = base + "/submissions/" + sub.ID + "/pdf"
			}
			fv.Submitted = append(fv.Submitted, done)
		}
	}
	if readOnly(e) {
		// Show the last answers given, to read.
		fv.ReadOnly = true
		for i := len(e.Submissions) - 1; i >= 0; i-- {
			if sub := e.Submissions[i]; sub.Module == module && sub.Step == step {
				if old, err := s.bundles.formVersion(r.Context(), p, e.Bundle, sub.Form, sub.FormVersion); err == nil {
					f = old
				}
				fv = view.Answers(f, sub.Answers, cat.T)
				break
			}
		}
		fv.ReadOnly = true
		sv.Form = fv
		return sv, nil
	}
	fv.Action = stepURL(base, module, step)
	fv.DraftAction = fv.Action + "/draft"
	if d, ok := e.Drafts[runtime.StepKey(module, step)]; ok {
		fv.DraftSaved = s.dateTime(d.SavedAt)
	}
	sv.Form = fv
	return sv, nil
}

// stepHTML reads the rendered body of a step from its bundle.
func (s *Server) stepHTML(ctx context.Context, bundle string, st *designer.Step) (string, error) {
	if st.HTML == "" {
		return "", nil
	}
	b, err := s.store.BundleFile(ctx, bundle, st.HTML)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// neighbours returns the steps before and after a step among those the
// citizen can open, across sections and modules.
func neighbours(e *runtime.Enrolment, p *designer.Program, base, module, step string) (prev, next *view.Link) {
	var list []view.Link
	at := -1
	for _, m := range p.Modules {
		for _, sec := range m.Sections {
			for _, st := range sec.Steps {
				if !visibleToCitizen(e, m.ID, st.ID) {
					continue
				}
				if m.ID == module && st.ID == step {
					at = len(list)
				}
				list = append(list, view.Link{Href: stepURL(base, m.ID, st.ID), Label: st.Title})
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
