package web

import (
	"net/http"
	"strings"

	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// recordHead is what a print for the patient record is headed with: the
// subject, the citizen's name and personal identity number, and the facts
// under the title, the citizen, the program, extra, and who printed it
// when.
func (s *Server) recordHead(r *http.Request, l *loaded, extra ...string) (subject string, facts []string) {
	cat := s.cat(r)
	e := l.E
	pnr := runtime.FormatPnr(e.Citizen)
	facts = []string{cat.T("timeline.pdf.citizen", e.CitizenName, pnr), cat.T("timeline.pdf.program", l.Program.Title)}
	facts = append(facts, extra...)
	facts = append(facts, cat.T("timeline.pdf.printed", s.dateTime(s.now()), s.staffName(r, userFrom(r.Context()).ID, nil)))
	return strings.TrimSpace(e.CitizenName + " " + pnr), facts
}

// timelinePDF prints the timeline's rows for the patient record, headed
// with the citizen's name, personal identity number, the program and the
// period and kinds the rows were chosen by.
func (s *Server) timelinePDF(r *http.Request, l *loaded, f runtime.TimelineFilter, rows []view.TimelineRow) ([]byte, error) {
	cat := s.cat(r)
	subject, facts := s.recordHead(r, l, cat.T("timeline.pdf.period", timelinePeriod(cat, f)), cat.T("timeline.pdf.kinds", kindsLabel(cat, f.Kinds)))
	rec := pdf.Record{
		Title:   cat.T("timeline.pdf.title"),
		Subject: subject,
		Facts:   facts,
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
