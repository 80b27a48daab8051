package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
)

// saveDraft keeps what the citizen has typed so far, valid or not. The
// script posts here as the citizen types and gets JSON back; without it,
// the "save draft" button posts here and the step is shown again.
func (s *Server) saveDraft(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	module, step := chi.URLParam(r, "module"), chi.URLParam(r, "step")
	f, ok := s.citizenForm(w, r, l, module, step)
	if !ok {
		return
	}
	answers := formdata.Decode(f, r.PostForm)
	e, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r), runtime.SaveDraft(l.Program, module, step, answers, s.now()))
	if err != nil {
		if !s.answersFailed(w, r, l, module, step, answers, err) {
			s.fail(w, r, err)
		}
		return
	}
	cat := s.cat(r)
	saved := ""
	if d, ok := e.Drafts[runtime.StepKey(module, step)]; ok {
		saved = s.dateTime(d.SavedAt)
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]string{"message": cat.T("web.form.draft.saved", saved)})
		return
	}
	s.setFlash(w, r, "web.draft.saved")
	redirect(w, r, stepURL(l.E, module, step))
}
