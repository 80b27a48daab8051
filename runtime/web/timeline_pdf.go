package web

import (
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// timelinePDF prints the timeline's rows for the patient record, headed
// with the citizen's name, personal identity number, the program and the
// period and kinds the rows were chosen by.
func (s *Server) timelinePDF(r *http.Request, l *loaded, f runtime.TimelineFilter, rows []view.TimelineRow) ([]byte, error) {
	cat := s.cat(r)
	e := l.E
	pnr := runtime.FormatPnr(e.Citizen)
	rec := pdf.Record{
		Title:   cat.T("timeline.pdf.title"),
		Subject: strings.TrimSpace(e.CitizenName + " " + pnr),
		Facts: []string{
			cat.T("timeline.pdf.citizen", e.CitizenName, pnr),
			cat.T("timeline.pdf.program", l.Program.Title),
			cat.T("timeline.pdf.period", timelinePeriod(cat, f)),
			cat.T("timeline.pdf.kinds", kindsLabel(cat, f.Kinds)),
			cat.T("timeline.pdf.printed", s.dateTime(s.now()), s.staffName(r, userFrom(r.Context()).ID, nil)),
		},
		Columns: []string{cat.T("timeline.col.at"), cat.T("timeline.col.kind"), cat.T("timeline.col.who"), cat.T("timeline.col.what")},
		Empty:   cat.T("timeline.none"),
	}
	// The record reads in time order, as a journal does; the page shows
	// the newest first.
	for i := len(rows) - 1; i >= 0; i-- {
		x := rows[i]
		rec.Rows = append(rec.Rows, []string{x.At, x.KindLabel, x.Who, x.Text})
	}
	b, err := s.pdf.Record(l.Program, rec)
	if err != nil {
		return nil, err
	}
	return b, nil
}
