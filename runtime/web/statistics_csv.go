package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strconv"

	"github.com/stegvis/stegvis/runtime"
)

// The statistics as a CSV file, for a spreadsheet: the same rows the page
// shows (the region, the unit, the programs of both), one line per row
// and month and one per row for the period, suppressed cells as on the
// page ("färre än 5").
//
// The file is for Excel with Swedish settings, whose list separator is
// the semicolon and decimal separator the comma: fields are separated by
// ";", decimals written with "," (in English "."), and the file starts
// with a UTF-8 byte order mark, without which Excel reads it as
// Windows-1252 and breaks å, ä and ö. Lines end in CRLF (RFC 4180).

// csvBOM is the UTF-8 byte order mark.
const csvBOM = "\ufeff"

// showStatisticsCSV writes the statistics of a unit's page as CSV.
func (s *Server) showStatisticsCSV(w http.ResponseWriter, r *http.Request) {
	cat := s.cat(r)
	unit := unitFrom(r.Context())
	st, err := s.statistics(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	titles := s.programTitles(r.Context())
	f := statFormat{cat: cat}
	var buf bytes.Buffer
	buf.WriteString(csvBOM)
	cw := csv.NewWriter(&buf)
	cw.Comma = ';'
	cw.UseCRLF = true
	write := func(rec ...string) { _ = cw.Write(rec) } // a bytes.Buffer does not fail
	write(cat.T("statistics.col.level"), cat.T("statistics.col.unit"), cat.T("statistics.col.program"), cat.T("statistics.col.month"),
		cat.T("statistics.col.staff"), cat.T("statistics.col.ongoing"), cat.T("statistics.col.started"), cat.T("statistics.col.ended"),
		cat.T("statistics.col.share"), cat.T("statistics.col.median"))
	type row struct {
		level, unit string
		r           *runtime.StatRow
	}
	rows := []row{{cat.T("statistics.csv.region"), "", &st.Region}}
	if u := st.Unit(unit.ID); u != nil {
		rows = append(rows, row{cat.T("statistics.csv.unit"), unit.Name, u})
	}
	ups := st.ProgramsOf(unit.ID)
	for i := range ups {
		rows = append(rows, row{cat.T("statistics.csv.unit_program"), unit.Name, &ups[i]})
	}
	for i := range st.Programs {
		rows = append(rows, row{cat.T("statistics.csv.program"), "", &st.Programs[i]})
	}
	for _, rw := range rows {
		program := ""
		if rw.r.Program != "" {
			program = titles[rw.r.Program]
			if program == "" {
				program = rw.r.Program
			}
		}
		staff := ""
		if rw.r.HasStaff {
			staff = f.count(rw.r.Staff).Text
		}
		for i, m := range rw.r.Months {
			write(rw.level, rw.unit, program, f.month(st, i), staff, f.count(m.Ongoing).Text, f.count(m.Started).Text, f.count(m.Ended).Text, "", "")
		}
		share, median := cat.T("statistics.suppressed"), cat.T("statistics.suppressed")
		if rw.r.ShareShown() {
			share = f.decimal(100 * rw.r.Share())
		}
		if rw.r.MedianShown() {
			median = f.decimal(rw.r.MedianDays)
		}
		write(rw.level, rw.unit, program, cat.T("statistics.csv.period")+" "+f.period(st), staff, "",
			f.count(rw.r.Started).Text, f.count(rw.r.Ended).Text, share, median)
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="statistik-`+unit.ID+`-`+st.At.In(s.zone).Format("2006-01-02")+`.csv"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = buf.WriteTo(w)
}
