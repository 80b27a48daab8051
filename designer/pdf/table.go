package pdf

import "strings"

// column is one column of a table.
type column struct {
	title string
	width float64 // mm; set by fitColumns when zero
	align string  // "L" (default), "C" or "R"
}

const cellPad = 1.6

// fitColumns shares the width of the text among the columns, in proportion
// to what they hold but never starving a narrow one.
func (d *doc) fitColumns(cols []column, rows [][]string) {
	total := pageW - marginRight - d.indent()
	d.rawFont(fontKey{sans, "B"}, sizeSmall+0.5)
	want := make([]float64, len(cols))
	for i, c := range cols {
		want[i] = longestWord(d, c.title)
	}
	d.rawFont(fontKey{sans, ""}, sizeSmall+0.5)
	natural := make([]float64, len(cols))
	for i, c := range cols {
		natural[i] = d.f.GetStringWidth(c.title)
	}
	for _, r := range rows {
		for i := range min(len(r), len(cols)) {
			natural[i] = max(natural[i], d.f.GetStringWidth(r[i]))
			want[i] = max(want[i], longestWord(d, r[i]))
		}
	}
	d.apply()
	sum := 0.0
	for i := range natural {
		natural[i] += 2*cellPad + 0.5
		sum += natural[i]
	}
	if sum <= total {
		for i := range cols {
			cols[i].width = natural[i] * total / sum
		}
		return
	}
	// Too wide: every column gets its longest word (up to a fair share),
	// and the rest of the width goes by the length of the text.
	fair := total / float64(len(cols))
	base, rest := 0.0, 0.0
	for i := range cols {
		cols[i].width = min(want[i]+2*cellPad+0.5, fair)
		base += cols[i].width
		rest += natural[i] - cols[i].width
	}
	for i := range cols {
		if rest > 0 {
			cols[i].width += (total - base) * (natural[i] - cols[i].width) / rest
		}
	}
}

func longestWord(d *doc, s string) float64 {
	w := 0.0
	for f := range strings.FieldsSeq(s) {
		w = max(w, d.f.GetStringWidth(f))
	}
	return w
}

// table prints a table with a bold header row that is repeated on each
// page; rows are at least minH mm high (for writing in by hand).
func (d *doc) table(cols []column, rows [][]string, minH float64) {
	if len(cols) == 0 {
		return
	}
	x := d.indent()
	size := sizeSmall + 0.5
	lh := lineSmall + 0.3
	d.f.SetDrawColor(120, 120, 120)
	d.f.SetLineWidth(0.25)
	d.f.SetFillColor(230, 230, 230)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.title
	}
	d.f.SetAutoPageBreak(false, marginBottom)
	drawHeader := func() {
		d.rawFont(fontKey{sans, "B"}, size)
		d.row(x, cols, header, lh, 0, true)
	}
	d.rawFont(fontKey{sans, "B"}, size)
	hh := d.rowHeight(cols, header, lh, 0)
	d.rawFont(fontKey{sans, ""}, size)
	first := 0.0
	if len(rows) > 0 {
		first = d.rowHeight(cols, rows[0], lh, minH)
	}
	if d.f.GetY()+hh+first > pageH-marginBottom {
		d.f.AddPage()
	}
	drawHeader()
	for _, r := range rows {
		d.rawFont(fontKey{sans, ""}, size)
		h := d.rowHeight(cols, r, lh, minH)
		if d.f.GetY()+h > pageH-marginBottom {
			d.f.AddPage()
			drawHeader()
			d.rawFont(fontKey{sans, ""}, size)
		}
		d.row(x, cols, r, lh, minH, false)
	}
	d.f.SetAutoPageBreak(true, marginBottom)
	d.apply()
	d.f.SetX(x)
}

func (d *doc) rowHeight(cols []column, cells []string, lh, minH float64) float64 {
	n := 1
	for i, c := range cols {
		if i < len(cells) {
			n = max(n, len(d.lines(cells[i], c.width-2*cellPad)))
		}
	}
	return max(minH, float64(n)*lh+2*cellPad)
}

// lines splits s into the lines it takes at width w in the current font.
func (d *doc) lines(s string, w float64) []string {
	var out []string
	for para := range strings.SplitSeq(s, "\n") {
		if strings.TrimSpace(para) == "" {
			out = append(out, "")
			continue
		}
		out = append(out, d.f.SplitText(para, w)...)
	}
	return out
}

func (d *doc) row(x float64, cols []column, cells []string, lh, minH float64, fill bool) {
	y := d.f.GetY()
	h := d.rowHeight(cols, cells, lh, minH)
	style := "D"
	if fill {
		style = "FD"
	}
	cx := x
	for i, c := range cols {
		d.f.Rect(cx, y, c.width, h, style)
		if i < len(cells) {
			for j, l := range d.lines(cells[i], c.width-2*cellPad) {
				d.f.SetXY(cx+cellPad, y+cellPad+float64(j)*lh)
				d.f.CellFormat(c.width-2*cellPad, lh, l, "", 0, c.align, false, 0, "")
			}
		}
		cx += c.width
	}
	d.f.SetXY(x, y+h)
}
