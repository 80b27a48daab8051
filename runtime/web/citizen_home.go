package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showCitizenHome lists the citizen's enrolments: running ones to work in,
// those in maintenance to read. Ended ones and those whose maintenance is
// over are left out: the citizen can no longer open them.
func (s *Server) showCitizenHome(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	u := userFrom(r.Context())
	es, err := s.svc.List(r.Context(), runtime.ByCitizen(u.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := &view.CitizenHomeData{}
	if data.Inbox, err = s.inboxView(r, "", "", citizenReadURL, citizenHomeURL); err != nil {
		s.fail(w, r, err)
		return
	}
	data.Inbox.Settings = citizenContactURL
	if data.People, err = s.homePeople(r, es); err != nil {
		s.fail(w, r, err)
		return
	}
	for i := len(es) - 1; i >= 0; i-- { // newest first
		e := es[i]
		if e.CitizenAccess(s.now()) != nil {
			continue
		}
		card := view.EnrolmentCard{Href: citizenBase(e), Title: e.Program, Started: s.date(e.StartedAt)}
		if p, err := s.bundles.program(r.Context(), e.Bundle); err == nil {
			card.Title, card.Description = p.Title, p.Description
		} else {
			s.log.ErrorContext(r.Context(), "load program", "bundle", e.Bundle, "err", err)
		}
		switch {
		case e.Maintenance:
			card.State, card.ReadOnly = cat.T("web.home.state.maintenance"), true
			data.Closed = append(data.Closed, card)
		default:
			card.State = cat.T("web.home.state.open")
			data.Open = append(data.Open, card)
		}
	}
	s.render(w, r, http.StatusOK, "citizen_home", cat.T("web.title.home"), data)
}
