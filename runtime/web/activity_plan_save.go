package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// The clinician's changes to an enrolment's activity plans: a plan's
// settings, its switch, and a plan made for the citizen. Settings that do
// not fit are shown again, as posted, with what is wrong named.

// planErrors turns the error of a plan's decision into the texts to show
// beside the form; ok is false for an error that is not about the
// settings, which fails the request.
func (s *Server) planErrors(r *http.Request, err error) ([]string, bool) {
	var pe *runtime.PlanError
	if !errors.As(err, &pe) {
		return nil, false
	}
	cat := s.cat(r)
	if lim := planLimit(pe.Field); lim > 0 {
		return []string{cat.T("activities.error."+pe.Field, lim)}, true
	}
	return []string{cat.T("activities.error." + pe.Field)}, true
}

// planLimit is the limit a field's error names.
func planLimit(field string) int {
	switch field {
	case "every_weeks":
		return runtime.MaxEveryWeeks
	case "grace_days":
		return runtime.MaxGraceDays
	case "title":
		return runtime.MaxPlanTitle
	case "description":
		return runtime.MaxPlanDescription
	case "questions":
		return runtime.MaxPlanQuestions
	case "question_text":
		return runtime.MaxQuestionText
	case "custom_plans":
		return runtime.MaxCustomPlans
	}
	return 0
}

// savePlan saves a plan's settings; for a plan made for the citizen its
// title, description and questions too.
func (s *Server) savePlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, ok := s.staffPlan(w, r, l)
	if !ok {
		return
	}
	in := &posted{settings: decodeSettings(r)}
	d := runtime.ConfigurePlan(l.Program, pl.ID, in.settings)
	if pl.Custom {
		in.custom = decodeCustom(r, pl)
		in.custom.Settings = in.settings
		d = runtime.SaveCustomPlan(pl.ID, in.custom)
	}
	_, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), commandKey(r), d)
	if err != nil {
		if errs, ok := s.planErrors(r, err); ok {
			s.renderPlan(w, r, l, pl, in, errs, http.StatusUnprocessableEntity)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "activities.saved")
	redirect(w, r, planURL(enrolmentActivitiesURL(unitFrom(r.Context()).ID, l.E.ID), pl.ID))
}

// switchPlan switches a plan on or off ("active" is "on" or "off").
func (s *Server) switchPlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, ok := s.staffPlan(w, r, l)
	if !ok {
		return
	}
	var active bool
	switch r.PostForm.Get("active") {
	case "on":
		active = true
	case "off":
	default:
		s.fail(w, r, errBadRequest)
		return
	}
	if _, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), commandKey(r), runtime.SwitchPlan(l.Program, pl.ID, active)); err != nil {
		s.fail(w, r, err)
		return
	}
	if active {
		s.setFlash(w, r, "activities.switched.on")
	} else {
		s.setFlash(w, r, "activities.switched.off")
	}
	redirect(w, r, planURL(enrolmentActivitiesURL(unitFrom(r.Context()).ID, l.E.ID), pl.ID))
}

// showNewPlan shows the form of a plan made for the citizen.
func (s *Server) showNewPlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	s.renderPlan(w, r, l, nil, nil, nil, http.StatusOK)
}

// createPlan makes a plan for the citizen, off until the clinician
// switches it on from its page, where it opens.
func (s *Server) createPlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	in := &posted{settings: decodeSettings(r), custom: decodeCustom(r, nil)}
	in.custom.Settings = in.settings
	e, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.staffActor(r), commandKey(r), runtime.SaveCustomPlan("", in.custom))
	if err != nil {
		if errs, ok := s.planErrors(r, err); ok {
			s.renderPlan(w, r, l, nil, in, errs, http.StatusUnprocessableEntity)
			return
		}
		s.fail(w, r, err)
		return
	}
	base := enrolmentActivitiesURL(unitFrom(r.Context()).ID, l.E.ID)
	// The last plan made for the citizen is this one, also when a
	// retried post found it made already.
	var newest *runtime.Plan
	for _, pl := range e.Plans(l.Program) {
		if pl.Custom && (newest == nil || customNum(pl.ID) > customNum(newest.ID)) {
			newest = pl
		}
	}
	s.setFlash(w, r, "activities.created")
	if newest == nil {
		redirect(w, r, base)
		return
	}
	redirect(w, r, planURL(base, newest.ID))
}

// customNum is the number of a plan made for the citizen ("egen-3": 3).
func customNum(id string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(id, runtime.CustomPlanPrefix))
	return n
}
