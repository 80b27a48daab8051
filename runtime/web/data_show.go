package web

import (
	"net/http"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showData shows the data admin's page of a unit: every enrolment with
// its exports, and the ended ones to choose for purging ("gallring").
func (s *Server) showData(w http.ResponseWriter, r *http.Request) {
	unit := unitFrom(r.Context())
	ended, err := s.svc.List(r.Context(), runtime.EndedIn(unit.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	running, err := s.svc.List(r.Context(), runtime.ByUnit(unit.ID))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	titles := map[string]string{}
	data := &view.DataData{PurgeAction: purgeURL(unit.ID)}
	for _, e := range ended {
		data.Ended = append(data.Ended, s.dataRow(r, e, titles))
	}
	for _, e := range running {
		data.Running = append(data.Running, s.dataRow(r, e, titles))
	}
	s.render(w, r, http.StatusOK, "staff_data", s.cat(r).T("lifecycle.data.title"), data)
}

func (s *Server) dataRow(r *http.Request, e *runtime.Enrolment, titles map[string]string) view.DataRow {
	return view.DataRow{
		ID: e.ID, Name: e.CitizenName, PNR: runtime.FormatPnr(e.Citizen), Program: s.programTitle(r, e, titles),
		Started: s.date(e.StartedAt), Ended: s.date(e.EndedAt),
		JSON: exportURL(e.Unit, e.ID, "json"), CSV: exportURL(e.Unit, e.ID, "csv"), FHIR: exportURL(e.Unit, e.ID, "fhir"),
	}
}
