package web

import (
	"net/http"
	"net/url"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// showData shows the data admin's page of a unit: every enrolment with
// its exports, and the ended ones to choose for purging ("gallring"). Each
// table is a page of the list's summaries, latest first, with links to the
// next and previous page (?ec= for the ended, ?rc= for the running), so
// the page costs the same whatever the unit holds.
func (s *Server) showData(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	titles := map[string]string{}
	data := &view.DataData{PurgeAction: purgeURL(unit.ID)}
	for _, part := range []struct {
		list   runtime.List
		sort   runtime.SortKey
		param  string
		anchor string
		rows   *[]view.DataRow
		pages  *view.Pager
	}{
		{runtime.EndedList(unit.ID), runtime.SortEnded, "ec", "#ended-h", &data.Ended, &data.EndedPages},
		{runtime.UnitList(unit.ID), runtime.SortStarted, "rc", "#running-h", &data.Running, &data.RunningPages},
	} {
		p, err := s.store.Summaries(r.Context(), runtime.PageQuery{List: part.list, Sort: part.sort, Cursor: r.URL.Query().Get(part.param)})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		for i := range p.Summaries {
			*part.rows = append(*part.rows, s.dataRow(r, &p.Summaries[i], titles))
		}
		if len(p.Summaries) > 0 {
			part.pages.Showing = cat.T("lists.showing", number(cat.Lang, p.Offset+1), number(cat.Lang, p.Offset+len(p.Summaries)), number(cat.Lang, p.Total))
		}
		link := func(cursor string) string {
			if cursor == "" {
				return ""
			}
			return r.URL.Path + "?" + url.Values{part.param: {cursor}}.Encode() + part.anchor
		}
		part.pages.Prev, part.pages.Next = link(p.Prev), link(p.Next)
	}
	s.render(w, r, http.StatusOK, "staff_data", cat.T("lifecycle.data.title"), data)
}

func (s *Server) dataRow(r *http.Request, e *runtime.Summary, titles map[string]string) view.DataRow {
	return view.DataRow{
		ID: e.ID, Name: e.CitizenName, PNR: runtime.FormatPnr(e.Citizen), Program: s.bundleTitle(r, e.Bundle, e.Program, titles),
		Started: s.date(e.StartedAt), Ended: s.date(e.EndedAt),
		JSON: exportURL(e.Unit, e.ID, "json"), CSV: exportURL(e.Unit, e.ID, "csv"), FHIR: exportURL(e.Unit, e.ID, "fhir"),
	}
}
