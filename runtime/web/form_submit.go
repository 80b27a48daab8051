package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
)

// submitForm takes a step's form. Answers to questions whose condition does
// not hold are dropped, as a page without JavaScript shows them all. With
// errors, the page comes back with what was typed and the errors; without,
// the answers are stored with the form's version, flags are raised, and
// the step is shown again with a thank-you.
func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	f, ok := s.citizenForm(w, r, l, module, step)
	if !ok {
		return
	}
	answers := formdata.Decode(f, r.PostForm)
	if errs := formdata.Validate(f, answers); len(errs) > 0 {
		sv, err := s.stepView(r, l, module, step, answers, errs)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "citizen_step", sv.Title, sv)
		return
	}
	answers = formdata.Clean(f, answers)
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r), runtime.Submit(l.Program, module, step, f, answers, s.now())); err != nil {
		if !s.answersFailed(w, r, l, module, step, answers, err) {
			s.fail(w, r, err)
		}
		return
	}
	s.setFlash(w, r, "web.flash.submitted")
	redirect(w, r, stepURL(l.E, module, step))
}

// citizenForm returns the form of a step the citizen may fill in now, or
// answers the request with why not.
func (s *Server) citizenForm(w http.ResponseWriter, r *http.Request, l *loaded, module, step string) (*designer.Form, bool) {
	_, _, st, ok := l.Program.Step(module, step)
	if !ok || st.Form == "" || !l.E.CanOpen(module, step) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	// The decisions refuse too; asking first answers before the answers
	// are checked, as the page for a read-only enrolment shows no form.
	if err := l.E.CheckWrite(); err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if err := l.E.ContentOpen(l.Program, s.now()); err != nil {
		if wantsJSON(r) {
			s.fail(w, r, err)
		} else {
			redirect(w, r, overviewURL(l.E))
		}
		return nil, false
	}
	f, ok := l.Program.Form(st.Form)
	if !ok {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	return f, true
}
