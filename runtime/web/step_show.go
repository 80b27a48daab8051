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
// opening it again within runtime.VisitGap of the last time is the same
// sitting and is not recorded again (runtime.ReadStep), so reading does
// not write on every reload.
func (s *Server) showStep(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	if _, _, _, ok := l.Program.Step(module, step); !ok || !l.E.CanOpen(module, step) {
		s.fail(w, r, errNotFound)
		return
	}
	if l.E.ContentOpen(l.Program, s.now()) != nil {
		// A battery is due: the overview says so and links to it.
		redirect(w, r, overviewURL(l.E))
		return
	}
	if now := s.now(); !l.E.Ended() && l.E.OpeningDue(module, step, now) {
		e, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r), runtime.ReadStep(l.Program, module, step, now))
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

// stepView fills the step page with view.NewStepView, as the preview does,
// from the enrolment's state. answers and errs fill the form in.
func (s *Server) stepView(r *http.Request, l *loaded, module, step string, answers formdata.Answers, errs formdata.Errors) (*view.StepView, error) {
	e, p := l.E, l.Program
	_, _, st, ok := p.Step(module, step)
	if !ok {
		return nil, runtime.ErrNotFound
	}
	body, err := s.stepHTML(r.Context(), e.Bundle, st)
	if err != nil {
		return nil, err
	}
	state := view.StepState{
		CanOpen: e.CanOpen,
		Tabs:    s.tabs(r, l, ""),
		Answers: answers, Errors: errs,
		CSRF:     sessionFrom(r.Context()).CSRF,
		ReadOnly: e.ReadOnly(),
	}
	pdfs := p.Has(designer.FeaturePDF)
	for _, sub := range e.Submissions {
		if sub.Module == module && sub.Step == step {
			done := view.Submitted{At: s.dateTime(sub.SubmittedAt)}
			if pdfs {
				done.PDF = filledPDFURL(e, sub.ID)
			}
			state.Submitted = append(state.Submitted, done)
		}
	}
	if state.ReadOnly {
		state.Last = s.lastAnswers(r.Context(), l, module, step)
	}
	if d, ok := e.Drafts[runtime.StepKey(module, step)]; ok {
		state.DraftSaved = s.dateTime(d.SavedAt)
	}
	sv, ok := view.NewStepView(p, module, step, body, citizenStepURLs(e, p), state, s.cat(r).T)
	if !ok {
		return nil, runtime.ErrNotFound
	}
	sv.Bookmark = s.bookmarkControl(r, l, module, step)
	if st.Comments && p.Has(designer.FeaturePageComments) {
		if sv.Comments, err = s.commentsView(r, l, module, step); err != nil {
			return nil, err
		}
	}
	return sv, nil
}

// lastAnswers returns the last answers submitted on a step, on the form
// version they were given on (the current one if that is not stored), or
// nil when none were.
func (s *Server) lastAnswers(ctx context.Context, l *loaded, module, step string) *view.Answered {
	e, p := l.E, l.Program
	for i := len(e.Submissions) - 1; i >= 0; i-- {
		sub := e.Submissions[i]
		if sub.Module != module || sub.Step != step {
			continue
		}
		_, _, st, _ := p.Step(module, step)
		f, ok := p.Form(st.Form)
		if !ok {
			return nil
		}
		if old, err := s.bundles.formVersion(ctx, p, e.Bundle, sub.Form, sub.FormVersion); err == nil {
			f = old
		}
		return &view.Answered{Form: f, Answers: sub.Answers}
	}
	return nil
}

// stepHTML reads the rendered body of a step from its bundle.
func (s *Server) stepHTML(ctx context.Context, bundle string, st *designer.Step) ([]byte, error) {
	if st.HTML == "" {
		return nil, nil
	}
	return s.store.BundleFile(ctx, bundle, st.HTML)
}
