package web

import "net/http"

// showGuide shows the program's quick guide, which the overview opens on
// the first visit.
func (s *Server) showGuide(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	if !hasGuide(l.Program) {
		s.fail(w, r, errNotFound)
		return
	}
	data := s.overviewData(r, l)
	data.Tabs = s.tabs(r, l, "guide")
	s.render(w, r, http.StatusOK, "citizen_guide", s.cat(r).T("web.tab.guide"), data)
}
