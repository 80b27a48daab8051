package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// The tabs of the clinician's view of an enrolment, as clinicians know them
// from the regions' platform: Hantera, Meddelanden, Tidslinje, Resultat.
const (
	tabManage   = "manage"
	tabMessages = "messages"
	tabTimeline = "timeline"
	tabResults  = "results"
)

// manageTab is one tab: its name, its label's catalogue key, its URL, and
// whether the program has it (nil: always). count, when set, gives the
// number shown on the tab (unread messages, say).
type manageTab struct {
	name  string
	key   string
	href  func(unit, enrolment string) string
	shown func(p *designer.Program) bool
	count func(s *Server, r *http.Request, l *loaded) int
	// countKey is the catalogue key of the count's text, in the plural
	// with a ".one" form (themes.Catalog.N).
	countKey string
}

// manageTabs lists the tabs in the order they show.
var manageTabs = []manageTab{
	{name: tabManage, key: "timeline.tab.manage", href: enrolmentURL},
	{name: tabMessages, key: "timeline.tab.messages", href: enrolmentMessagesURL, countKey: "timeline.tab.unread",
		shown: hasMessages,
		count: func(_ *Server, _ *http.Request, l *loaded) int { return unreadForStaff(l.E) }},
	{name: tabTimeline, key: "timeline.tab.timeline", href: enrolmentTimelineURL},
	{name: tabResults, key: "timeline.tab.results", href: enrolmentResultsURL},
	{name: tabContacts, key: "contacts.tab", href: func(unit, e string) string { return enrolmentURL(unit, e) + "/contacts" }, shown: hasContacts},
	{name: tabPlanning, key: "planning.tab", href: func(unit, e string) string { return enrolmentURL(unit, e) + "/planning" }, shown: hasPlanning},
	{name: tabActivities, key: "activities.staff.tab", href: enrolmentActivitiesURL, shown: hasActivities},
}

// manageTabBar returns the tabs the enrolment's program has, current
// marking the page shown.
func (s *Server) manageTabBar(r *http.Request, l *loaded, unit, current string) []view.ManageTab {
	cat := s.cat(r)
	var out []view.ManageTab
	for _, t := range manageTabs {
		if t.shown != nil && !t.shown(l.Program) {
			continue
		}
		v := view.ManageTab{Href: t.href(unit, l.E.ID), Label: cat.T(t.key), Current: t.name == current}
		if t.count != nil {
			v.Count = t.count(s, r, l)
		}
		if v.Count > 0 && t.countKey != "" {
			v.CountLabel = cat.N(t.countKey, v.Count)
		}
		out = append(out, v)
	}
	return out
}

// manageHeader returns the summary shown above the tabs on every tab of
// the clinician's view, with the tabs, current marking the page shown.
func (s *Server) manageHeader(r *http.Request, l *loaded, unit runtime.Unit, current string, names map[string]string) *view.ManageHeader {
	cat := s.cat(r)
	e, p := l.E, l.Program
	h := &view.ManageHeader{
		Name: e.CitizenName, PNR: runtime.FormatPnr(e.Citizen), Program: p.Title,
		Day: s.days(e.StartedAt), Recommended: p.RecommendedDays,
		Clinician: s.staffName(r, e.Clinician, names), Maintenance: e.Maintenance,
		Back: areaURL(unit.ID, areaMine),
	}
	for _, sub := range e.Submissions {
		if sub.ReadAt.IsZero() {
			h.Unread++
		}
	}
	for _, rv := range e.Reviews {
		if rv.ReviewedAt.IsZero() {
			h.Open++
		}
	}
	h.UnreadLabel = cat.N("timeline.header.unread_forms", h.Unread)
	h.OpenLabel = cat.N("timeline.header.open_reviews", h.Open)
	if e.Ended() {
		h.Ended, h.EndReason = s.date(e.EndedAt), cat.T("web.end."+e.EndReason)
		h.Back = areaURL(unit.ID, areaEnded)
	}
	h.Video = s.videoLinks(r, l)
	h.Tabs = s.manageTabBar(r, l, unit.ID, current)
	return h
}
