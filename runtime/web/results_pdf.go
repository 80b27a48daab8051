package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/designer/pdf"
	"github.com/stegvis/stegvis/themes/chart"
)

// showResultsPDF prints the clinician's results tab for the patient
// record: each series' chart and its table, oldest first as a journal
// reads, headed with the citizen, the program and who printed it when.
func (s *Server) showResultsPDF(w http.ResponseWriter, r *http.Request) {
	l := enrolmentFrom(r.Context())
	cat := s.cat(r)
	subject, facts := s.recordHead(r, l)
	doc := pdf.Results{
		Title:   cat.T("results.pdf.title"),
		Subject: subject,
		Facts:   facts,
		Empty:   cat.T("timeline.results.none"),
	}
	for _, set := range s.results(r, l) {
		v := set.View
		ser := pdf.ResultSeries{
			Heading: cat.T("results.pdf.series", v.Score, v.Form),
			Chart:   chart.Layout(set.Points, set.Bands, s.zone, pdf.ChartFrame, chart.Format{Date: s.date, Value: formdata.FormatNumber}),
			Columns: []string{cat.T("timeline.results.at"), cat.T("timeline.results.value")},
		}
		if v.Registered {
			ser.Columns[0] = cat.T("results.occasion")
		}
		if v.HasBands {
			ser.Columns = append(ser.Columns, cat.T("timeline.results.band"))
		}
		if v.HasBattery {
			ser.Columns = append(ser.Columns, cat.T("timeline.results.battery"))
		}
		if v.HasPartly {
			ser.Columns = append(ser.Columns, cat.T("timeline.results.answered"))
		}
		for i := len(v.Points) - 1; i >= 0; i-- {
			pt := v.Points[i]
			row := []string{pt.At, pt.Value}
			if v.HasBands {
				row = append(row, pt.Band)
			}
			if v.HasBattery {
				row = append(row, pt.Battery)
			}
			if v.HasPartly {
				row = append(row, pt.Partly)
			}
			ser.Rows = append(ser.Rows, row)
		}
		doc.Series = append(doc.Series, ser)
	}
	b, err := s.pdf.Results(l.Program, doc)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Content-Disposition", `inline; filename="`+cat.T("results.pdf.file")+`-`+l.E.ID+`.pdf"`)
	w.Write(b)
}
