package pdf

import "github.com/stegvis/stegvis/designer"

// Record is a table for the patient record, such as an enrolment's
// timeline: every text comes translated from the caller, as the runtime
// knows the citizen, the period and the words of each row.
type Record struct {
	// Title is the document's title, e.g. "Tidslinje".
	Title string
	// Subject names whom the record is about ("Eva Andersson
	// 19900101-1234"); it is the right-hand page header.
	Subject string
	// Facts are short lines under the title: the citizen, the personal
	// identity number, the program, the period, when it was printed.
	Facts []string
	// Columns are the table's headings; Rows its cells, a row per entry.
	Columns []string
	Rows    [][]string
	// Empty is printed instead of the table when there are no rows.
	Empty string
}

// Record renders a record table of the program's enrolment with the
// program's fonts and header, page numbers, and the glyph-safe printer, so
// that a name in any script prints without missing glyphs.
func (r *Renderer) Record(p *designer.Program, rec Record) ([]byte, error) {
	d, err := r.recordDoc(p, rec.Title, rec.Subject, rec.Facts)
	if err != nil {
		return nil, err
	}
	if len(rec.Rows) == 0 {
		d.paragraph(rec.Empty)
		return d.bytes()
	}
	cols := titledColumns(rec.Columns)
	d.flushGap()
	d.fitColumns(cols, rec.Rows)
	d.table(cols, rec.Rows, 0)
	return d.bytes()
}

// recordDoc starts a document for the patient record (Record, Results):
// the program's fonts and header with subject on the right, the title and
// the facts under it.
func (r *Renderer) recordDoc(p *designer.Program, title, subject string, facts []string) (*doc, error) {
	d, err := r.newDoc(p, title, subject, nil)
	if err != nil {
		return nil, err
	}
	d.title(title, 0)
	for _, line := range facts {
		d.smallLine(line)
	}
	d.spaceAfter(4)
	return d, nil
}

// titledColumns are columns with the given titles, their widths left to
// fitColumns.
func titledColumns(titles []string) []column {
	cols := make([]column, len(titles))
	for i, c := range titles {
		cols[i] = column{title: c}
	}
	return cols
}
