package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The page of one occasion of a plan for the citizen: while it is open
// (its day has come and its grace days have not passed) the registration
// form, filled with what was registered before, so that posting again
// corrects it; when it has closed, the answers read only and, when the
// plan takes comments, a comment of its own.

// occasionOf returns the plan and occasion of the URL, or answers the
// request with 404: an occasion is one the plan has by its settings, or
// one the citizen wrote for before they changed.
func (s *Server) occasionOf(w http.ResponseWriter, r *http.Request, l *loaded) (*runtime.Plan, runtime.ActivityOccasion, bool) {
	pl, ok := s.citizenPlan(w, r, l, chi.URLParam(r, "plan"))
	if !ok {
		return nil, runtime.ActivityOccasion{}, false
	}
	id := chi.URLParam(r, "occasion")
	if o, ok := pl.Occasion(id); ok {
		return pl, o, true
	}
	if rec := pl.Record(id); rec != nil {
		at, err := time.ParseInLocation(runtime.OccasionIDLayout, id, runtime.Stockholm)
		if err == nil {
			return pl, runtime.ActivityOccasion{Plan: pl.ID, ID: id, At: at, Opens: at, Closes: at}, true
		}
	}
	s.fail(w, r, errNotFound)
	return nil, runtime.ActivityOccasion{}, false
}

// occasionPage is what the occasion's page shows at now.
type occasionPage struct {
	answers      formdata.Answers
	errs         formdata.Errors
	notice       string
	comment      string
	commentError string
}

// renderOccasion renders the occasion's page.
func (s *Server) renderOccasion(w http.ResponseWriter, r *http.Request, l *loaded, pl *runtime.Plan, o runtime.ActivityOccasion, pg occasionPage, status int) {
	cat := s.cat(r)
	now := s.now()
	base := citizenActivitiesURL(l.E)
	csrf := sessionFrom(r.Context()).CSRF
	rec := pl.Record(o.ID)
	data := &view.OccasionData{
		Title: pl.Title, PlanTitle: pl.Title, When: s.when(cat, o.At), Tabs: s.tabs(r, l, "activities"),
		Back: planURL(base, pl.ID), ReadOnly: readOnlyText(cat, l.E), Notice: pg.notice,
		Comments: pl.Settings.Comments, CSRF: csrf, MaxComment: runtime.MaxActivityComment,
		CommentError: pg.commentError,
	}
	if rec != nil {
		data.Comment = rec.Comment
		if rec.Registered() {
			data.Registered = s.dateTime(rec.RegisteredAt)
			data.Edited = s.dateTime(rec.Edited)
		}
	}
	if pg.comment != "" || pg.commentError != "" {
		data.Comment = pg.comment
	}
	writable := data.ReadOnly == "" && pl.Active
	if writable && o.Open(now) {
		answers := pg.answers
		if answers == nil && rec != nil {
			answers = rec.Answers
		}
		fv := view.NewForm(pl.Form, answers, pg.errs, cat.T)
		fv.Action, fv.CSRF = occasionURL(base, pl.ID, o.ID), csrf
		data.Form = fv
	} else {
		if rec != nil && rec.Registered() {
			data.Answers = view.Answers(pl.RecordForm(rec), rec.Answers, cat.T)
		}
		// An occasion the settings no longer have is read only.
		if _, current := pl.Occasion(o.ID); writable && current && pl.Settings.Comments && !now.Before(o.Opens) {
			data.CommentAction = occasionURL(base, pl.ID, o.ID) + "/comment"
		}
	}
	s.render(w, r, status, "citizen_activity_occasion", pl.Title+" – "+data.When, data)
}

// showOccasion shows an occasion of a plan.
func (s *Server) showOccasion(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, o, ok := s.occasionOf(w, r, l)
	if !ok {
		return
	}
	s.renderOccasion(w, r, l, pl, o, occasionPage{}, http.StatusOK)
}

// registerOccasion takes the citizen's answers for an occasion. Answers
// that do not fit the questions are shown again beside their errors;
// an occasion that has closed or not come says so.
func (s *Server) registerOccasion(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, o, ok := s.occasionOf(w, r, l)
	if !ok {
		return
	}
	cat := s.cat(r)
	answers := formdata.Decode(pl.Form, r.PostForm)
	comment := trimForm(r, "comment")
	pg := occasionPage{answers: answers, comment: comment}
	if errs := formdata.Validate(pl.Form, answers); len(errs) > 0 {
		pg.errs = errs
		s.renderOccasion(w, r, l, pl, o, pg, http.StatusUnprocessableEntity)
		return
	}
	answers = formdata.Clean(pl.Form, answers)
	if len(answers) == 0 {
		pg.notice = cat.T("activities.error.empty")
		s.renderOccasion(w, r, l, pl, o, pg, http.StatusUnprocessableEntity)
		return
	}
	if !pl.Settings.Comments {
		comment = ""
	}
	_, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r),
		runtime.RegisterActivity(l.Program, pl.ID, o.ID, answers, comment, s.now()))
	switch {
	case errors.Is(err, runtime.ErrOccasionClosed):
		pg.notice = cat.T("activities.error.closed")
	case errors.Is(err, runtime.ErrOccasionAhead):
		pg.notice = cat.T("activities.error.ahead")
	case errors.Is(err, runtime.ErrTooLong):
		pg.commentError = cat.T("activities.error.comment_long", runtime.MaxActivityComment)
	case err != nil:
		s.fail(w, r, err)
		return
	default:
		s.setFlash(w, r, "activities.registered")
		redirect(w, r, citizenActivitiesURL(l.E))
		return
	}
	s.renderOccasion(w, r, l, pl, o, pg, http.StatusConflict)
}

// commentOccasion sets the citizen's comment on an occasion that has
// come, registered or not, when the plan takes comments; an empty
// comment removes it.
func (s *Server) commentOccasion(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, o, ok := s.occasionOf(w, r, l)
	if !ok {
		return
	}
	cat := s.cat(r)
	text := trimForm(r, "comment")
	_, err := s.svc.DoKeyed(r.Context(), l.E.ID, s.citizenActor(r), commandKey(r),
		runtime.CommentActivity(l.Program, pl.ID, o.ID, text, s.now()))
	switch {
	case errors.Is(err, runtime.ErrTooLong):
		s.renderOccasion(w, r, l, pl, o, occasionPage{comment: text, commentError: cat.T("activities.error.comment_long", runtime.MaxActivityComment)}, http.StatusUnprocessableEntity)
		return
	case errors.Is(err, runtime.ErrOccasionAhead):
		s.renderOccasion(w, r, l, pl, o, occasionPage{comment: text, notice: cat.T("activities.error.ahead")}, http.StatusConflict)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.setFlash(w, r, "activities.commented")
	redirect(w, r, occasionURL(citizenActivitiesURL(l.E), pl.ID, o.ID))
}
