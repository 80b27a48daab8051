package web

import (
	"html/template"
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// visitGap is how long the citizen must have been away for a visit to be
// recorded again (runtime.VisitGap).
const visitGap = runtime.VisitGap

// showOverview shows an enrolment's overview: the welcome text, progress,
// the current content and the completed. On the first visit it opens the
// quick guide.
func (s *Server) showOverview(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	e, p := l.E, l.Program
	first := e.LastActive.IsZero()
	if now := s.now(); !e.Ended() && e.VisitDue(now) {
		if _, err := s.svc.DoKeyed(r.Context(), e.ID, s.citizenActor(r), commandKey(r), runtime.VisitAt(now)); err != nil {
			s.log.WarnContext(r.Context(), "record visit", "enrolment", e.ID, "err", err)
		}
	}
	var err error
	data := s.overviewData(r, l)
	data.Tabs = s.tabs(r, l, "overview")
	data.ShowGuide = first && hasGuide(p)
	data.Current, data.Completed = s.citizenModuleLists(r, l)
	if data.Inbox, err = s.inboxView(r, e.ID, "", citizenReadURL, overviewURL(e)); err != nil {
		s.log.WarnContext(r.Context(), "read inbox", "enrolment", e.ID, "err", err)
	}
	s.render(w, r, http.StatusOK, "citizen_overview", p.Title, data)
}

func (s *Server) overviewData(r *http.Request, l *loaded) *view.OverviewData {
	e, p := l.E, l.Program
	cat := s.cat(r)
	data := &view.OverviewData{
		Title:       p.Title,
		Welcome:     view.HTML(rewriteMedia(p.Welcome, citizenBase(e))),
		Days:        s.days(e.StartedAt),
		Recommended: p.RecommendedDays,
		QuickGuide:  view.HTML(rewriteMedia(p.QuickGuide, citizenBase(e))),
		GuideURL:    guideURL(e),
		ReadOnly:    e.ReadOnly(),
	}
	if e.Welcome != "" {
		// The clinician's own text is plain text.
		data.Welcome = template.HTML("<p class=\"prewrap\">" + template.HTMLEscapeString(e.Welcome) + "</p>")
	}
	if data.Recommended > 0 {
		data.Percent = min(100, data.Days*100/data.Recommended)
	}
	switch {
	case e.Ended():
		data.Notice = cat.T("web.overview.ended", s.date(e.EndedAt))
	case e.Maintenance && !e.MaintenanceEnds().IsZero():
		data.Notice = cat.T("lifecycle.overview.maintenance", s.date(e.MaintenanceLastDay()))
	case e.Maintenance:
		data.Notice = cat.T("web.overview.maintenance")
	}
	data.Battery = s.batteryNotice(r, e, p)
	data.Video = s.videoLinks(r, l)
	return data
}

// citizenActor is the citizen signed in, as events record them: a
// guardian acting for the citizen is recorded as the guardian.
func (s *Server) citizenActor(r *http.Request) runtime.Actor {
	u := userFrom(r.Context())
	if u.Guardian != "" {
		return runtime.Actor{ID: u.Guardian, Role: runtime.RoleGuardian}
	}
	return runtime.Actor{ID: u.ID, Role: runtime.RoleCitizen}
}
