package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// The clinician's pages of an enrolment's activity plans: the list
// (Aktivitetsplaner), one plan with a preview of its questions and
// schedule, its settings and the citizen's registrations, and the form of
// a new plan made for the citizen.

// tabActivities is the manage view's tab of the activity plans.
const tabActivities = "activities"

// newPlanCount is how many empty rows the form of a custom plan offers
// for new questions.
const newPlanCount = 3

// showPlans lists the enrolment's plans for the clinician.
func (s *Server) showPlans(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	unit := unitFrom(r.Context())
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	cat := s.cat(r)
	now := s.now()
	base := enrolmentActivitiesURL(unit.ID, l.E.ID)
	data := &view.PlansData{Header: s.manageHeader(r, l, unit, tabActivities, map[string]string{}), ReadOnly: readOnlyText(cat, l.E)}
	if data.ReadOnly == "" {
		data.New = base + "/new"
	}
	for _, pl := range l.E.Plans(l.Program) {
		row := view.PlanRow{Title: pl.Title, Href: planURL(base, pl.ID), Active: pl.Active, Source: cat.T("activities.source.program")}
		if pl.Custom {
			row.Source = cat.T("activities.source.custom")
		}
		sv := s.schedule(cat, pl)
		row.Schedule = strings.Join(sv.Times, ", ") + " · " + sv.Every
		for _, o := range pl.History(now) {
			switch o.State {
			case runtime.ActivityRegisteredState:
				row.Registered++
			case runtime.ActivityMissedState:
				row.Missed++
			}
		}
		data.Plans = append(data.Plans, row)
	}
	s.render(w, r, http.StatusOK, "staff_activities", cat.T("activities.staff.title", l.E.CitizenName), data)
}

// showPlan shows one plan to the clinician: what it asks and when, its
// settings to change and what the citizen registered.
func (s *Server) showPlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, ok := s.staffPlan(w, r, l)
	if !ok {
		return
	}
	s.renderPlan(w, r, l, pl, nil, nil, http.StatusOK)
}

// staffPlan returns the plan of the URL, or answers 404.
func (s *Server) staffPlan(w http.ResponseWriter, r *http.Request, l *loaded) (*runtime.Plan, bool) {
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	pl, ok := l.E.Plan(l.Program, chi.URLParam(r, "plan"))
	if !ok {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	return pl, true
}

// posted is a plan's settings form as posted, shown again with errors.
type posted struct {
	settings runtime.PlanSettings
	custom   runtime.CustomPlan
}

// renderPlan renders a plan's page, or the page of a new plan when pl is
// nil, with what was posted and what is wrong with it.
func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, l *loaded, pl *runtime.Plan, in *posted, errs []string, status int) {
	unit := unitFrom(r.Context())
	cat := s.cat(r)
	base := enrolmentActivitiesURL(unit.ID, l.E.ID)
	data := &view.PlanSettingsData{
		Header: s.manageHeader(r, l, unit, tabActivities, map[string]string{}), ReadOnly: readOnlyText(cat, l.E),
		Back: base, CSRF: sessionFrom(r.Context()).CSRF, MaxEvery: runtime.MaxEveryWeeks, MaxGrace: runtime.MaxGraceDays, Errors: errs,
	}
	var set runtime.PlanSettings
	var questions []*designer.Question
	var answered map[string]bool
	if pl == nil {
		data.New, data.Custom, data.Action = true, true, base+"/new"
		data.Title = cat.T("activities.new.title")
		set = runtime.PlanSettings{EveryWeeks: 1, GraceDays: 1}
	} else {
		data.Custom, data.Title, data.Description, data.Active = pl.Custom, pl.Title, pl.Description, pl.Active
		data.Action, data.Switch, data.PDF = planURL(base, pl.ID), planURL(base, pl.ID)+"/switch", planURL(base, pl.ID)+"/pdf"
		data.Schedule = s.schedule(cat, pl)
		data.CanFlag = len(pl.MissedFlags) > 0
		if f, ok := l.Program.Form(pl.Form.ID); ok && !pl.Custom {
			data.Source = f.Title
		}
		set, questions = pl.Settings, pl.AllQuestions
		answered = map[string]bool{}
		if pl.State != nil {
			for _, rec := range pl.State.Records {
				for q, v := range rec.Answers {
					answered[q] = answered[q] || len(v) > 0
				}
			}
		}
		s.planRegistrations(r, data, pl)
	}
	if in != nil {
		set = in.settings
		if data.Custom {
			data.Title, data.Description, questions = in.custom.Title, in.custom.Description, in.custom.Questions
			if data.New && data.Title == "" {
				data.Title = cat.T("activities.new.title")
			}
		}
	}
	data.Start, data.EveryWeeks, data.GraceDays = set.Start, set.EveryWeeks, set.GraceDays
	data.FlagMissed, data.Comments = set.FlagMissed, set.Comments
	for _, wd := range designer.Weekdays {
		f := view.WeekdayField{Key: wd, Label: cat.T("activities.weekday." + wd)}
		if i := slices.IndexFunc(set.Times, func(o designer.Occasion) bool { return o.Weekday == wd }); i >= 0 {
			f.On, f.Time = true, set.Times[i].Time
		}
		data.Weekdays = append(data.Weekdays, f)
	}
	for _, q := range questions {
		f := view.AskedField{Field: "q." + q.ID, ID: q.ID, Text: q.Text, Type: q.Type, Unit: q.Unit,
			Asked: slices.Contains(set.Asked, q.ID), Detail: questionDetail(cat, q), Locked: answered[q.ID]}
		if q.ID == "" {
			n := len(data.NewQuestions) + 1
			f.Field, f.Legend = "new."+strconv.Itoa(n), cat.T("activities.field.new_question_n", n)
			data.NewQuestions = append(data.NewQuestions, f)
			continue
		}
		f.Legend = cat.T("activities.field.question_n", len(data.Questions)+1)
		data.Questions = append(data.Questions, f)
	}
	if data.Custom {
		for n := len(data.NewQuestions) + 1; n <= newPlanCount; n++ {
			data.NewQuestions = append(data.NewQuestions, view.AskedField{Field: "new." + strconv.Itoa(n), Type: designer.TypeNumber,
				Legend: cat.T("activities.field.new_question_n", n)})
		}
		for _, t := range runtime.CustomQuestionTypes {
			data.Types = append(data.Types, view.Link{Href: t, Label: cat.T("activities.qtype." + t)})
		}
	}
	title := data.Title
	if data.New {
		title = cat.T("activities.new.title")
	}
	s.render(w, r, status, "staff_activity_plan", title, data)
}

// planRegistrations fills the table of what the citizen registered:
// every occasion that has come, newest first, and the answers to the
// questions asked or answered.
func (s *Server) planRegistrations(r *http.Request, data *view.PlanSettingsData, pl *runtime.Plan) {
	cat := s.cat(r)
	history := pl.History(s.now())
	var recs []*runtime.OccasionRecord
	for _, o := range history {
		if o.Record != nil {
			recs = append(recs, o.Record)
		}
	}
	f := pl.RecordForm(recs...)
	for _, q := range f.Questions {
		data.Columns = append(data.Columns, q.Text)
	}
	for _, o := range history {
		row := view.RegistrationRow{When: s.when(cat, o.At), StateLabel: stateLabel(cat, o.State)}
		if o.Record != nil {
			row.Comment = o.Record.Comment
			fv := view.Answers(f, o.Record.Answers, cat.T)
			for _, q := range fv.Questions {
				row.Answers = append(row.Answers, q.Answer)
			}
		} else {
			row.Answers = make([]string, len(f.Questions))
		}
		data.Rows = append(data.Rows, row)
	}
}

// questionDetail describes a question for the preview: its kind and its
// options, range or unit.
func questionDetail(cat *themes.Catalog, q *designer.Question) string {
	kind := cat.T("activities.qtype." + q.Type)
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		var ls []string
		for _, o := range q.Options {
			ls = append(ls, o.Label)
		}
		return kind + ": " + strings.Join(ls, ", ")
	case designer.TypeScale:
		if q.Scale != nil {
			return fmt.Sprintf("%s %d–%d", kind, q.Scale.Min, q.Scale.Max)
		}
	case designer.TypeNumber:
		var parts []string
		if q.Min != nil && q.Max != nil {
			parts = append(parts, formdata.FormatNumber(*q.Min)+"–"+formdata.FormatNumber(*q.Max))
		}
		if q.Unit != "" {
			parts = append(parts, q.Unit)
		}
		if len(parts) > 0 {
			return kind + " (" + strings.Join(parts, " ") + ")"
		}
	}
	return kind
}

// decodeSettings reads a plan's settings form. A number that is not one
// is kept as -1, which the plan's decision names as wrong.
func decodeSettings(r *http.Request) runtime.PlanSettings {
	num := func(name string) int {
		n, err := strconv.Atoi(strings.TrimSpace(r.PostForm.Get(name)))
		if err != nil {
			return -1
		}
		return n
	}
	s := runtime.PlanSettings{
		Start: strings.TrimSpace(r.PostForm.Get("start")), EveryWeeks: num("every_weeks"), GraceDays: num("grace_days"),
		FlagMissed: r.PostForm.Get("flag_missed") != "", Comments: r.PostForm.Get("comments") != "",
		Asked: r.PostForm["asked"],
	}
	for _, wd := range designer.Weekdays {
		if r.PostForm.Get("day."+wd) != "" {
			s.Times = append(s.Times, designer.Occasion{Weekday: wd, Time: cmp.Or(strings.TrimSpace(r.PostForm.Get("time."+wd)), "?")})
		}
	}
	return s
}

// decodeCustom reads the title, description and questions of a custom
// plan's form: the questions it has ("q.<id>.*") in order, then the new
// rows with a text ("new.<n>.*").
func decodeCustom(r *http.Request, pl *runtime.Plan) runtime.CustomPlan {
	cp := runtime.CustomPlan{Title: trimForm(r, "title"), Description: trimForm(r, "description")}
	if pl != nil {
		for _, q := range pl.AllQuestions {
			cp.Questions = append(cp.Questions, &designer.Question{
				ID: q.ID, Text: trimForm(r, "q."+q.ID+".text"), Type: r.PostForm.Get("q." + q.ID + ".type"), Unit: trimForm(r, "q."+q.ID+".unit"),
			})
		}
	}
	for i := 1; i <= runtime.MaxPlanQuestions; i++ {
		p := "new." + strconv.Itoa(i)
		if text := trimForm(r, p+".text"); text != "" {
			cp.Questions = append(cp.Questions, &designer.Question{Text: text, Type: r.PostForm.Get(p + ".type"), Unit: trimForm(r, p+".unit")})
		}
	}
	return cp
}
