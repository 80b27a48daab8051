package web

import (
	"net/http"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The planning tab ("Planering"), for the citizen and the staff: this
// month and the next by default (?from=2006-01 shows another pair), with
// links to the nearest earlier and later months that have items, and a
// form to add one. Each item has a page of its own to change or remove
// it, so every step works without JavaScript. The page says that it
// books nothing.

// planningMonths is how many months the page shows at a time.
const planningMonths = 2

// Which months the forms offer for an approximate date: from a year back
// to two years ahead of this month.
const (
	monthsBack  = 12
	monthsAhead = 24
)

// hasPlanning reports whether the program shows the planning tab.
func hasPlanning(p *designer.Program) bool { return p.Has(designer.FeaturePlanning) }

// planningURL is the planning tab of the enrolment in the context; from,
// when not empty, is the first month shown.
func planningURL(r *http.Request, from string) string {
	u := careURL(r, "planning")
	if from != "" {
		u += "?from=" + from
	}
	return u
}

// planningItemURL is one item's page.
func planningItemURL(r *http.Request, id string) string { return careURL(r, "planning/"+id) }

// planningRoutes are the planning's routes, the same for the citizen and
// the staff.
func (s *Server) planningRoutes(r chi.Router) {
	r.Get("/", s.showPlanning)
	r.Post("/", s.addPlanningItem)
	r.Get("/{item}", s.showPlanningItem)
	r.Post("/{item}", s.changePlanningItem)
	r.Post("/{item}/delete", s.removePlanningItem)
}

// showPlanning shows the planning tab from the month asked for, this
// month by default; a month that does not parse shows this month.
func (s *Server) showPlanning(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasPlanning(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	s.renderPlanning(w, r, l, http.StatusOK, r.URL.Query().Get("from"), nil)
}

// renderPlanning renders the planning tab from the month from; add, when
// set, is a refused new item to show again with its errors.
func (s *Server) renderPlanning(w http.ResponseWriter, r *http.Request, l *loaded, status int, from string, add *view.PlanningForm) {
	s.planningPage(w, r, l, status, from, add, nil)
}

// planningPage renders the planning tab; video, when set, is a refused
// video meeting to show again with its errors (video_add.go).
func (s *Server) planningPage(w http.ResponseWriter, r *http.Request, l *loaded, status int, from string, add *view.PlanningForm, video *view.VideoForm) {
	cat := s.cat(r)
	today := runtime.ThisMonth(s.now())
	win, err := l.E.PlanningWindow(from, planningMonths)
	if err != nil {
		from = today
		if win, err = l.E.PlanningWindow(from, planningMonths); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	v := &view.PlanningView{CareTop: s.careTop(r, l, tabPlanning, cat.T("planning.heading"))}
	names := map[string]string{}
	for _, m := range win.Months {
		mv := view.PlanningMonthView{ID: "m-" + m.Month, Heading: capitalise(s.monthName(r, m.Month))}
		for _, it := range m.Items {
			mv.Items = append(mv.Items, s.planningItemView(r, l, it, v.ReadOnly == "", names))
		}
		v.Months = append(v.Months, mv)
	}
	if win.Earlier != "" {
		// The pair of months that ends with the nearest earlier one.
		v.Earlier = &view.Link{Href: planningURL(r, runtime.AddMonths(win.Earlier, 1-planningMonths)), Label: cat.T("planning.earlier", s.monthName(r, win.Earlier))}
	}
	if win.Later != "" {
		v.Later = &view.Link{Href: planningURL(r, win.Later), Label: cat.T("planning.later", s.monthName(r, win.Later))}
	}
	if win.Months[0].Month != today {
		v.Today = &view.Link{Href: planningURL(r, ""), Label: cat.T("planning.today")}
	}
	if v.ReadOnly == "" && len(l.E.Planning) < runtime.MaxPlanningItems {
		if add == nil {
			add = &view.PlanningForm{Kind: runtime.PlanningMeeting, Precision: runtime.PrecisionExact}
		}
		v.Add = s.planningForm(r, add, planningURL(r, ""))
	}
	s.planningVideo(r, l, v, video)
	s.render(w, r, status, "planning", cat.T("planning.heading"), v)
}

// planningItemView is an item as the list shows it.
func (s *Server) planningItemView(r *http.Request, l *loaded, it *runtime.PlanningItem, editable bool, names map[string]string) view.PlanningItemView {
	cat := s.cat(r)
	created, changed := s.stamped(r, l.E, it.Stamp, names)
	v := view.PlanningItemView{ID: it.ID, Kind: it.Kind, KindLabel: cat.T("planning.kind." + it.Kind), Title: it.Title,
		When: s.planningWhen(r, it.PlanningInput), Approx: !it.Exact(), Place: it.Place, Note: it.Note, Link: it.Link,
		Created: created, Changed: changed, WasChanged: it.WasChanged()}
	if it.Exact() {
		v.Date = it.Date
	}
	if editable {
		v.Edit = planningItemURL(r, it.ID)
	}
	if it.Video() {
		s.videoItemView(r, l, it, &v)
	}
	return v
}

// planningWhen is an item's date in words: "onsdag 3 december 2026
// kl. 14:00", or "i början av december 2026".
func (s *Server) planningWhen(r *http.Request, in runtime.PlanningInput) string {
	cat := s.cat(r)
	if in.Precision == runtime.PrecisionApprox {
		return cat.T("planning.when."+in.Part, s.monthName(r, in.Month))
	}
	d, err := time.Parse(runtime.DateLayout, in.Date)
	if err != nil {
		return in.Date
	}
	out := cat.T("planning.when.date", cat.T("planning.weekday."+d.Weekday().String()), d.Day(), cat.T("planning.month."+d.Month().String()), d.Year())
	if in.Time != "" {
		out = cat.T("planning.when.time", out, in.Time)
	}
	return out
}

// monthName is a month, "2006-01", in words: "december 2026".
func (s *Server) monthName(r *http.Request, month string) string {
	m, err := time.Parse(runtime.MonthLayout, month)
	if err != nil {
		return month
	}
	cat := s.cat(r)
	return cat.T("planning.month.name", cat.T("planning.month."+m.Month().String()), m.Year())
}

// capitalise makes the first letter upper case, for a month at the start
// of a heading.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// planningForm fills the choices and limits of an item's form.
func (s *Server) planningForm(r *http.Request, f *view.PlanningForm, action string) *view.PlanningForm {
	cat := s.cat(r)
	f.Action = action
	f.MaxTitle, f.MaxPlace, f.MaxNote, f.MaxLink = runtime.MaxPlanningTitle, runtime.MaxPlace, runtime.MaxPlanningNote, runtime.MaxLink
	f.Kinds, f.Parts, f.Months = nil, nil, nil
	for _, k := range runtime.PlanningKinds {
		f.Kinds = append(f.Kinds, view.OptionView{Value: k, Label: cat.T("planning.kind." + k), Checked: f.Kind == k})
	}
	for _, p := range runtime.MonthParts {
		f.Parts = append(f.Parts, view.OptionView{Value: p, Label: cat.T("planning.part." + p), Checked: f.Part == p})
	}
	today := runtime.ThisMonth(s.now())
	first, last := runtime.AddMonths(today, -monthsBack), runtime.AddMonths(today, monthsAhead)
	if f.Month != "" && runtime.AddMonths(f.Month, 0) == f.Month && f.Month < first {
		f.Months = append(f.Months, view.OptionView{Value: f.Month, Label: s.monthName(r, f.Month), Checked: true})
	}
	for m := first; m <= last; m = runtime.AddMonths(m, 1) {
		f.Months = append(f.Months, view.OptionView{Value: m, Label: s.monthName(r, m), Checked: f.Month == m || f.Month == "" && m == today})
	}
	if f.Month > last && runtime.AddMonths(f.Month, 0) == f.Month {
		f.Months = append(f.Months, view.OptionView{Value: f.Month, Label: s.monthName(r, f.Month), Checked: true})
	}
	return f
}

// showPlanningItem shows the page that changes or removes an item.
func (s *Server) showPlanningItem(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	it, ok := l.E.PlanningItem(chi.URLParam(r, "item"))
	if !hasPlanning(l.Program) || !ok {
		s.fail(w, r, errNotFound)
		return
	}
	in := it.PlanningInput
	f := &view.PlanningForm{Kind: in.Kind, Title: in.Title, Precision: in.Precision, Date: in.Date, Time: in.Time,
		Month: in.Month, Part: in.Part, Place: in.Place, Note: in.Note, Link: in.Link}
	if in.Precision == runtime.PrecisionExact {
		// Made approximate, the item falls in its own month.
		f.Month = it.YearMonth()
	}
	s.renderPlanningItem(w, r, l, http.StatusOK, it, f)
}

// renderPlanningItem renders an item's page with the form f.
func (s *Server) renderPlanningItem(w http.ResponseWriter, r *http.Request, l *loaded, status int, it *runtime.PlanningItem, f *view.PlanningForm) {
	cat := s.cat(r)
	v := &view.PlanningEditView{CareTop: s.careTop(r, l, tabPlanning, cat.T("planning.heading")),
		Title: cat.T("planning.edit.title", it.Title), Back: planningURL(r, it.YearMonth())}
	if v.ReadOnly == "" {
		v.Form = s.planningForm(r, f, planningItemURL(r, it.ID))
		v.Remove = planningItemURL(r, it.ID) + "/delete"
	}
	if it.Video() {
		// A video meeting is removed and added anew, in a new room.
		v.Form, v.Note = nil, cat.T("video.item.change")
	}
	s.render(w, r, status, "planning_item", v.Title, v)
}

// planningMonthOf is the month to show after a change: the item's, when
// it is not among the months shown by default.
func planningMonthOf(in runtime.PlanningInput, today string) string {
	m := in.Month
	if in.Precision == runtime.PrecisionExact && len(in.Date) >= len(runtime.MonthLayout) {
		m = in.Date[:len(runtime.MonthLayout)]
	}
	if runtime.AddMonths(m, 0) != m || m == today || m == runtime.AddMonths(today, 1) {
		return ""
	}
	return m
}
