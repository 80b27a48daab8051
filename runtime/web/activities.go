package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// Activity plans, for the citizen under /e/{enrolment}/activities and
// for the staff under /u/{unit}/enrolments/{enrolment}/activities. The
// rules (which occasions there are, when one may be registered, what a
// clinician may set) are runtime's (activities.go); the pages here say
// them in words.

// hasActivities reports whether the program shows activity plans.
func hasActivities(p *designer.Program) bool { return p.Has(designer.FeatureActivities) }

// citizenActivitiesURL is the citizen's Aktiviteter tab.
func citizenActivitiesURL(e *runtime.Enrolment) string { return citizenBase(e) + "/activities" }

// enrolmentActivitiesURL is the clinician's page of an enrolment's plans.
func enrolmentActivitiesURL(unit, enrolment string) string {
	return enrolmentURL(unit, enrolment) + "/activities"
}

// planURL is a plan's page under base, an activities page.
func planURL(base, plan string) string { return base + "/" + url.PathEscape(plan) }

// occasionURL is an occasion's page under base.
func occasionURL(base, plan, occasion string) string {
	return planURL(base, plan) + "/" + url.PathEscape(occasion)
}

// weekdayOf is the catalogue key of a time's weekday (mon … sun).
func weekdayOf(t time.Time) string {
	return designer.Weekdays[(int(t.In(runtime.Stockholm).Weekday())+6)%7]
}

// when says an occasion's day and time: "söndag 2027-10-24 kl. 12:00".
func (s *Server) when(cat *themes.Catalog, at time.Time) string {
	l := at.In(runtime.Stockholm)
	return cat.T("activities.when", cat.T("activities.weekday."+weekdayOf(l)), l.Format("2006-01-02"), l.Format("15:04"))
}

// closesText says until when an occasion can be registered: the last
// day of its grace days, the day before it closes.
func (s *Server) closesText(cat *themes.Catalog, o runtime.ActivityOccasion) string {
	last := runtime.AddDays(o.Closes, -1).In(runtime.Stockholm)
	return cat.T("activities.closes", cat.T("activities.weekday."+weekdayOf(last)), last.Format("2006-01-02"))
}

// schedule says a plan's schedule in words.
func (s *Server) schedule(cat *themes.Catalog, pl *runtime.Plan) view.ScheduleView {
	var sv view.ScheduleView
	for _, o := range pl.Settings.Times {
		sv.Times = append(sv.Times, cat.T("activities.weekday."+o.Weekday)+" "+o.Time)
	}
	// The texts for one week and one day have no number in them.
	if n := pl.Settings.EveryWeeks; n == 1 {
		sv.Every = cat.T("activities.every.one")
	} else {
		sv.Every = cat.T("activities.every", n)
	}
	switch n := pl.Settings.GraceDays; n {
	case 0:
		sv.Grace = cat.T("activities.grace.none")
	case 1:
		sv.Grace = cat.T("activities.grace.one")
	default:
		sv.Grace = cat.T("activities.grace", n)
	}
	if !pl.From.IsZero() {
		sv.Start = cat.T("activities.start", pl.From.Format("2006-01-02"))
	}
	return sv
}

// missedOccasion says which occasion an activity_missed review is about,
// "onsdag 2026-12-09 kl. 17:30"; empty for any other review.
func (s *Server) missedOccasion(r *http.Request, p *designer.Program, rv *runtime.Review) string {
	i := slices.IndexFunc(p.Flags, func(f *designer.Flag) bool { return f.ID == rv.Flag })
	if i < 0 || p.Flags[i].On != designer.TriggerActivityMissed {
		return ""
	}
	_, id, ok := strings.Cut(rv.Occasion, "@")
	if !ok {
		return ""
	}
	at, err := time.ParseInLocation(runtime.OccasionIDLayout, id, runtime.Stockholm)
	if err != nil {
		return ""
	}
	return s.when(s.cat(r), at)
}

// stateLabel is the text of an occasion's state.
func stateLabel(cat *themes.Catalog, state string) string { return cat.T("activities.state." + state) }

// readOnlyText says why the enrolment's activities cannot be changed;
// empty when they can.
func readOnlyText(cat *themes.Catalog, e *runtime.Enrolment) string {
	switch e.CheckWrite() {
	case runtime.ErrEnded:
		return cat.T("activities.readonly.ended")
	case runtime.ErrReadOnly:
		return cat.T("activities.readonly.maintenance")
	}
	return ""
}

// planCard is a plan as the citizen's tab shows it.
func (s *Server) planCard(r *http.Request, l *loaded, pl *runtime.Plan, now time.Time) view.PlanCard {
	cat := s.cat(r)
	base := citizenActivitiesURL(l.E)
	c := view.PlanCard{
		ID: pl.ID, Title: pl.Title, Description: pl.Description,
		Schedule: s.schedule(cat, pl), Href: planURL(base, pl.ID),
		Registrations: planURL(base, pl.ID) + "/pdf",
	}
	if l.Program.Has(designer.FeaturePDF) && pl.Source != nil && pl.Source.PDF != "" && !pl.State.HasSettings() {
		// The printed weekly sheet shows the program's schedule and
		// questions; with the clinician's own it would mislead.
		c.Sheet = bundleFileURL(l.E, pl.Source.PDF)
	}
	var open []runtime.ActivityOccasion
	if l.E.CheckWrite() == nil {
		open = pl.Open(now)
	}
	for _, o := range open {
		link := view.OccasionLink{When: s.when(cat, o.At), State: runtime.ActivityOpenState, Href: occasionURL(base, pl.ID, o.ID), Closes: s.closesText(cat, o)}
		link.Action = cat.T("activities.register")
		if r := pl.Record(o.ID); r != nil && r.Registered() {
			link.State, link.Action = runtime.ActivityRegisteredState, cat.T("activities.change")
		}
		link.StateLabel = stateLabel(cat, link.State)
		c.Open = append(c.Open, link)
	}
	if o, ok := pl.NextOccasion(now); ok {
		c.Next = s.when(cat, o.At)
	}
	return c
}

// showActivities is the citizen's Aktiviteter tab: the plans switched
// on, each with its schedule behind an info button, the occasions to
// register now and a link to the earlier ones.
func (s *Server) showActivities(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	cat := s.cat(r)
	now := s.now()
	data := &view.ActivitiesData{Title: l.Program.Title, Tabs: s.tabs(r, l, "activities"), ReadOnly: readOnlyText(cat, l.E)}
	for _, pl := range l.E.Plans(l.Program) {
		if pl.Active {
			data.Plans = append(data.Plans, s.planCard(r, l, pl, now))
		}
	}
	s.render(w, r, http.StatusOK, "citizen_activities", cat.T("activities.tab"), data)
}

// citizenPlan returns the plan of the URL when the citizen may see it:
// switched on, or with something registered.
func (s *Server) citizenPlan(w http.ResponseWriter, r *http.Request, l *loaded, id string) (*runtime.Plan, bool) {
	if !hasActivities(l.Program) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	pl, ok := l.E.Plan(l.Program, id)
	if !ok || (!pl.Active && (pl.State == nil || len(pl.State.Records) == 0)) {
		s.fail(w, r, errNotFound)
		return nil, false
	}
	return pl, true
}

// showActivityPlan is one plan's page for the citizen: its schedule and
// "Mina tidigare aktivitetstillfällen", every occasion that has come,
// registered, missed or still open, newest first.
func (s *Server) showActivityPlan(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	pl, ok := s.citizenPlan(w, r, l, chi.URLParam(r, "plan"))
	if !ok {
		return
	}
	cat := s.cat(r)
	now := s.now()
	base := citizenActivitiesURL(l.E)
	data := &view.ActivityPlanData{Title: pl.Title, Tabs: s.tabs(r, l, "activities"), Back: base, Plan: s.planCard(r, l, pl, now)}
	for _, o := range pl.History(now) {
		link := view.OccasionLink{When: s.when(cat, o.At), State: o.State, StateLabel: stateLabel(cat, o.State), Href: occasionURL(base, pl.ID, o.ID)}
		if o.State == runtime.ActivityOpenState {
			link.Closes = s.closesText(cat, o.ActivityOccasion)
		}
		if o.Record != nil {
			link.Comment = o.Record.Comment
		}
		data.History = append(data.History, link)
	}
	s.render(w, r, http.StatusOK, "citizen_activity_plan", pl.Title, data)
}

// trimForm is the text of a posted field without surrounding space and
// with the browser's line ends made "\n".
func trimForm(r *http.Request, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get(name), "\r\n", "\n"))
}
