package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The planning's actions: each decodes, asks its decision, and returns to
// the planning tab at the item's month; an item the decision refuses is
// shown again with what was typed and why, beside each field.

// planningInput is the posted item.
func planningInput(r *http.Request) runtime.PlanningInput {
	return runtime.PlanningInput{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"),
		Precision: r.PostFormValue("precision"), Date: r.PostFormValue("date"), Time: r.PostFormValue("time"),
		Month: r.PostFormValue("month"), Part: r.PostFormValue("part"), Place: r.PostFormValue("place"),
		Note: formText(r, "note"), Link: r.PostFormValue("link")}
}

// typedPlanning is the posted item as the form shows it again.
func typedPlanning(in runtime.PlanningInput, errs map[string]string) *view.PlanningForm {
	return &view.PlanningForm{Kind: in.Kind, Title: in.Title, Precision: in.Precision, Date: in.Date, Time: in.Time,
		Month: in.Month, Part: in.Part, Place: in.Place, Note: in.Note, Link: in.Link, Errors: errs}
}

// doPlanning runs a decision on the planning as the reader, once per
// idempotency key, as doCareContact does.
func (s *Server) doPlanning(w http.ResponseWriter, r *http.Request, d runtime.Decision) (map[string]string, bool) {
	l := enrolmentFrom(r.Context())
	if !hasPlanning(l.Program) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	_, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.careActor(r), commandKey(r), d)
	if err == nil {
		return nil, true
	}
	if errs, ok := s.fieldErrors(r, err, "planning"); ok {
		return errs, false
	}
	s.fail(w, r, err)
	return nil, false
}

// addPlanningItem adds the posted item.
func (s *Server) addPlanningItem(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	in := planningInput(r)
	errs, ok := s.doPlanning(w, r, runtime.AddPlanningItem(l.Program, in))
	switch {
	case ok:
		s.setFlash(w, r, "planning.flash.added")
		redirect(w, r, planningURL(r, planningMonthOf(in, runtime.ThisMonth(s.now())))+"#planning-h")
	case errs != nil:
		s.renderPlanning(w, r, l, http.StatusUnprocessableEntity, "", typedPlanning(in, errs))
	}
}

// changePlanningItem changes an item to the posted one.
func (s *Server) changePlanningItem(w http.ResponseWriter, r *http.Request) {
	l, id := enrolmentFrom(r.Context()), chi.URLParam(r, "item")
	in := planningInput(r)
	errs, ok := s.doPlanning(w, r, runtime.ChangePlanningItem(l.Program, id, in))
	switch {
	case ok:
		s.setFlash(w, r, "planning.flash.changed")
		redirect(w, r, planningURL(r, planningMonthOf(in, runtime.ThisMonth(s.now())))+"#planning-h")
	case errs != nil:
		it, found := l.E.PlanningItem(id)
		if !found {
			s.fail(w, r, errNotFound)
			return
		}
		s.renderPlanningItem(w, r, l, http.StatusUnprocessableEntity, it, typedPlanning(in, errs))
	}
}

// removePlanningItem removes an item.
func (s *Server) removePlanningItem(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if _, ok := s.doPlanning(w, r, runtime.RemovePlanningItem(l.Program, chi.URLParam(r, "item"))); ok {
		s.setFlash(w, r, "planning.flash.removed")
		redirect(w, r, planningURL(r, ""))
	}
}
