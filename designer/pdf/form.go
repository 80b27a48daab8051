package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// FilledAnswers is what a citizen gave on one form, to print back to them.
// The runtime makes it on demand; it is never stored as a PDF.
type FilledAnswers struct {
	// Answers holds the values given, keyed by question id, as the
	// runtime stores them: option values, numbers, dates (YYYY-MM-DD),
	// times (HH:MM), durations in minutes, free text.
	Answers map[string][]string
	// Scores are the form's scores as the runtime computed them, in the
	// order to print.
	Scores []ScoreResult
	// Submitted says when the form was filled in, as it should read,
	// e.g. "2026-03-14 08:30"; empty leaves it out.
	Submitted string
}

// ScoreResult is one computed score of a filled form.
type ScoreResult struct {
	// ID names a score of the form.
	ID    string
	Value float64
	// Band is the label of the band the value falls in; empty means it is
	// looked up in the score's bands.
	Band string
}

// Form renders a blank form to fill in on paper.
func (r *Renderer) Form(p *designer.Program, f *designer.Form) ([]byte, error) {
	d, err := r.newDoc(p, f.Title, f.Title, nil)
	if err != nil {
		return nil, err
	}
	d.title(f.Title, 0)
	d.nameAndDate()
	d.form(f, nil)
	return d.bytes()
}

// FilledForm renders a form with a citizen's answers and scores.
func (r *Renderer) FilledForm(p *designer.Program, f *designer.Form, a FilledAnswers) ([]byte, error) {
	d, err := r.newDoc(p, f.Title, f.Title, nil)
	if err != nil {
		return nil, err
	}
	d.title(f.Title, 0)
	if a.Submitted != "" {
		d.smallLine(d.cat.T("pdf.filled.submitted", a.Submitted))
		d.spaceAfter(3)
	}
	d.form(f, &a)
	return d.bytes()
}

// nameAndDate prints fields for the name and date on a paper form.
func (d *doc) nameAndDate() { d.nameAnd("pdf.form.date") }

// nameAnd prints a line to write the name on, and beside it one for the
// field the catalogue key second names.
func (d *doc) nameAnd(second string) {
	d.flushGap()
	y := d.f.GetY() + 2
	x := d.indent()
	d.rawFont(fontKey{sans, ""}, sizeBody)
	d.f.SetDrawColor(120, 120, 120)
	d.f.SetLineWidth(0.25)
	name, other := d.cat.T("pdf.form.name"), d.cat.T(second)
	nw := d.f.GetStringWidth(name) + 2
	ow := d.f.GetStringWidth(other) + 2
	d.f.Text(x, y+4, name)
	d.f.Line(x+nw, y+5, x+100, y+5)
	d.f.Text(x+106, y+4, other)
	d.f.Line(x+106+ow, y+5, pageW-marginRight, y+5)
	d.apply()
	d.f.SetXY(x, y+8)
	d.spaceAfter(4)
}

// smallLine prints a line of small grey text.
func (d *doc) smallLine(s string) {
	d.flushGap()
	saved, savedColor := d.st, d.color
	d.st = style{size: sizeSmall}
	d.apply()
	d.setColor(colorHint)
	d.f.SetX(d.indent())
	d.f.MultiCell(0, lineSmall, s, "", "L", false)
	d.st = saved
	d.apply()
	d.setColor(savedColor)
}

// form prints a form's intro and questions, blank when a is nil, followed
// by the scores when filled.
func (d *doc) form(f *designer.Form, a *FilledAnswers) {
	if f.Intro != "" {
		d.markdown([]byte(f.Intro), d.bmLevel+1)
	}
	if a == nil {
		for _, q := range f.Questions {
			if q.Required {
				d.smallLine(d.cat.T("pdf.form.required_legend"))
				d.spaceAfter(3)
				break
			}
		}
	}
	for i, q := range f.Questions {
		var vals []string
		if a != nil {
			vals = a.Answers[q.ID]
			if len(vals) == 0 && q.ShowIf != nil {
				continue // the question was not shown to the citizen
			}
		}
		d.flushGap()
		qd := &question{d: d, f: f, q: q, n: i + 1, filled: a != nil, vals: vals}
		h := qd.layout(false)
		if h > pageH-marginTop-marginBottom {
			h = 30 // it will be split anyway; start it where it has some room
		}
		d.ensure(h)
		qd.layout(true)
		d.spaceAfter(5)
	}
	if a != nil && len(a.Scores) > 0 {
		d.scores(f, a.Scores)
	}
	if f.Source != "" {
		d.spaceAfter(2)
		d.smallLine(d.cat.T("pdf.form.source", f.Source))
	}
}

// scores prints a table of a filled form's scores.
func (d *doc) scores(f *designer.Form, scores []ScoreResult) {
	d.heading(d.cat.T("pdf.filled.scores"), d.bmLevel, 13)
	cols := []column{
		{title: d.cat.T("pdf.filled.measure")},
		{title: d.cat.T("pdf.filled.score"), align: "R"},
		{title: d.cat.T("pdf.filled.band")},
	}
	var rows [][]string
	for _, sr := range scores {
		title, band := sr.ID, sr.Band
		if s, ok := f.Score(sr.ID); ok {
			if s.Title != "" {
				title = s.Title
			}
			if band == "" {
				for _, b := range s.Bands {
					if sr.Value >= b.Min && sr.Value <= b.Max {
						band = b.Label
						break
					}
				}
			}
		}
		rows = append(rows, []string{title, d.num(sr.Value), band})
	}
	d.flushGap()
	d.fitColumns(cols, rows)
	d.table(cols, rows, 0)
	d.spaceAfter(3)
}

// num formats a number the way the language writes it.
func (d *doc) num(v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i > 3 {
		s = strconv.FormatFloat(v, 'f', 2, 64)
	}
	if d.cat.Lang == "sv" {
		s = strings.Replace(s, ".", ",", 1)
		s = strings.Replace(s, "-", "−", 1)
	}
	return s
}

// question lays out one question. layout runs twice: once to measure, so
// that a question is never split over two pages, and once to draw.
type question struct {
	d      *doc
	f      *designer.Form
	q      *designer.Question
	n      int
	filled bool
	vals   []string

	draw bool
	x, y float64 // left edge of the answer column, and the cursor
}

// Layout sizes, mm.
const (
	numberW   = 8.0
	boxSize   = 4.0
	writeLine = 8.5
)

func (qd *question) layout(draw bool) float64 {
	d, q := qd.d, qd.q
	qd.draw = draw
	x0, y0 := d.indent(), d.f.GetY()
	qd.x, qd.y = x0+numberW, y0
	if draw {
		// The layout places everything itself; see room.
		d.f.SetAutoPageBreak(false, marginBottom)
		defer d.f.SetAutoPageBreak(true, marginBottom)
	}
	w := pageW - marginRight - qd.x

	title := q.Text
	if q.Required && !qd.filled {
		title += " *"
	}
	if draw {
		d.rawFont(fontKey{sans, "B"}, sizeBody)
		d.f.SetXY(x0, y0)
		d.f.CellFormat(numberW, lineBody, fmt.Sprintf("%d.", qd.n), "", 0, "L", false, 0, "")
	}
	qd.text(title, fontKey{sans, "B"}, sizeBody, lineBody, w, colorText)

	var hints []string
	if !qd.filled {
		hints = append(hints, qd.kindHint()...)
	}
	if q.ShowIf != nil {
		hints = append(hints, d.cat.T("pdf.form.show_if", d.condition(qd.f, q.ShowIf)))
	}
	if q.Help != "" {
		hints = append(hints, q.Help)
	}
	for _, h := range hints {
		qd.text(h, fontKey{sans, "I"}, sizeSmall, lineSmall, w, colorHint)
	}
	qd.y += 1.5
	if qd.filled {
		qd.answer(w)
	} else {
		qd.field(w)
	}
	if draw {
		d.apply()
		d.setColor(d.color)
		d.f.SetXY(x0, qd.y)
	}
	return qd.y - y0
}

// text prints wrapped text at the answer column and moves the cursor down.
func (qd *question) text(s string, k fontKey, size, lh, w float64, c [3]int) {
	d := qd.d
	d.rawFont(k, size)
	for _, l := range d.lines(s, w) {
		qd.room(lh)
		if qd.draw {
			d.f.SetTextColor(c[0], c[1], c[2])
			d.f.SetXY(qd.x, qd.y)
			d.f.CellFormat(w, lh, l, "", 0, "L", false, 0, "")
			d.f.SetTextColor(0, 0, 0)
		}
		qd.y += lh
	}
}

// room starts a new page unless h mm fit below the cursor. Questions are
// kept on one page when they fit one; this splits those that do not.
func (qd *question) room(h float64) {
	if qd.draw && qd.y+h > pageH-marginBottom {
		qd.d.f.AddPage()
		qd.y = qd.d.f.GetY()
	}
}

// kindHint says how to answer a question of this type.
func (qd *question) kindHint() []string {
	q, t := qd.q, qd.d.cat.T
	switch q.Type {
	case designer.TypeSingle:
		return []string{t("pdf.form.single")}
	case designer.TypeMultiple:
		return []string{t("pdf.form.multiple")}
	case designer.TypeScale:
		if q.Scale != nil {
			return []string{t("pdf.form.scale", q.Scale.Min, q.Scale.Max)}
		}
	case designer.TypeNumber:
		switch {
		case q.Min != nil && q.Max != nil:
			return []string{t("pdf.form.number_range", qd.d.num(*q.Min), qd.d.num(*q.Max))}
		case q.Min != nil:
			return []string{t("pdf.form.number_min", qd.d.num(*q.Min))}
		case q.Max != nil:
			return []string{t("pdf.form.number_max", qd.d.num(*q.Max))}
		}
	case designer.TypeDuration:
		return []string{t("pdf.form.duration")}
	}
	return nil
}

// field draws the room to answer on paper.
func (qd *question) field(w float64) {
	d, q := qd.d, qd.q
	if qd.draw {
		d.f.SetDrawColor(110, 110, 110)
		d.f.SetLineWidth(0.25)
	}
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		if q.OptionLayout() == designer.LayoutRow && len(q.Options) <= designer.MaxRowOptions {
			qd.optionRow(w)
			return
		}
		for _, o := range q.Options {
			qd.option(o.Label, w, false)
		}
	case designer.TypeScale:
		if q.Scale == nil || q.Scale.Max-q.Scale.Min > 10 || q.Scale.Max < q.Scale.Min {
			qd.box(30, "", "")
			return
		}
		qd.scale(w, "")
	case designer.TypeText:
		n := 1
		if q.Multiline {
			n = 6
		}
		for range n {
			qd.room(writeLine)
			qd.y += writeLine
			if qd.draw {
				d.f.SetDrawColor(160, 160, 160)
				d.f.Line(qd.x, qd.y, qd.x+w, qd.y)
			}
		}
		qd.y += 1
	case designer.TypeNumber:
		qd.box(35, q.Unit, "")
	case designer.TypeDate:
		qd.box(35, "", d.cat.T("pdf.hint.date"))
	case designer.TypeTime:
		qd.box(22, "", d.cat.T("pdf.hint.time"))
	case designer.TypeDuration:
		qd.duration()
	default:
		qd.box(50, "", "")
	}
}

// option draws a box and the option's label, ticked when chosen.
func (qd *question) option(label string, w float64, chosen bool) {
	d := qd.d
	d.rawFont(fontKey{sans, ""}, sizeBody)
	lines := d.lines(label, w-boxSize-3)
	qd.room(float64(len(lines)) * lineBody)
	if qd.draw {
		bx, by := qd.x, qd.y+(lineBody-boxSize)/2
		d.f.Rect(bx, by, boxSize, boxSize, "D")
		if chosen {
			d.f.SetLineWidth(0.5)
			d.f.Line(bx+0.8, by+0.8, bx+boxSize-0.8, by+boxSize-0.8)
			d.f.Line(bx+0.8, by+boxSize-0.8, bx+boxSize-0.8, by+0.8)
			d.f.SetLineWidth(0.25)
		}
		for i, l := range lines {
			d.f.SetXY(qd.x+boxSize+2, qd.y+float64(i)*lineBody)
			d.f.CellFormat(w-boxSize-2, lineBody, l, "", 0, "L", false, 0, "")
		}
	}
	qd.y += float64(len(lines))*lineBody + 1.2
}

// optionRow draws the options side by side in columns of equal width, each
// a box with its label beside it, as the web form shows a row.
func (qd *question) optionRow(w float64) {
	d, opts := qd.d, qd.q.Options
	// Two or three options keep the width of four: side by side, not
	// spread across the page.
	cw := w / float64(max(len(opts), 4))
	d.rawFont(fontKey{sans, ""}, sizeBody)
	labels := make([][]string, len(opts))
	n := 1
	for i, o := range opts {
		labels[i] = d.lines(o.Label, cw-boxSize-3)
		n = max(n, len(labels[i]))
	}
	qd.room(float64(n) * lineBody)
	if qd.draw {
		for i := range opts {
			bx := qd.x + float64(i)*cw
			d.f.Rect(bx, qd.y+(lineBody-boxSize)/2, boxSize, boxSize, "D")
			for j, l := range labels[i] {
				d.f.SetXY(bx+boxSize+2, qd.y+float64(j)*lineBody)
				d.f.CellFormat(cw-boxSize-3, lineBody, l, "", 0, "L", false, 0, "")
			}
		}
	}
	qd.y += float64(n)*lineBody + 1.2
}

// scale draws numbered boxes from min to max with the end labels beneath;
// chosen is the value to mark, if any.
func (qd *question) scale(w float64, chosen string) {
	d, s := qd.d, qd.q.Scale
	n := s.Max - s.Min + 1
	bw := min(12.0, w/float64(n))
	bh := 8.0
	qd.room(bh + 2*lineSmall)
	if qd.draw {
		d.rawFont(fontKey{sans, ""}, sizeBody)
		for i := range n {
			v := strconv.Itoa(s.Min + i)
			bx := qd.x + float64(i)*bw
			if v == chosen {
				d.f.SetFillColor(200, 200, 200)
				d.f.Rect(bx, qd.y, bw, bh, "FD")
				d.rawFont(fontKey{sans, "B"}, sizeBody)
			} else {
				d.f.Rect(bx, qd.y, bw, bh, "D")
				d.rawFont(fontKey{sans, ""}, sizeBody)
			}
			d.f.SetXY(bx, qd.y)
			d.f.CellFormat(bw, bh, v, "", 0, "C", false, 0, "")
		}
	}
	qd.y += bh + 0.8
	if s.MinLabel == "" && s.MaxLabel == "" {
		return
	}
	d.rawFont(fontKey{sans, ""}, sizeSmall)
	half := max(bw*float64(n)/2, 40)
	left, right := d.lines(s.MinLabel, half-1), d.lines(s.MaxLabel, half-1)
	if qd.draw {
		d.f.SetTextColor(colorHint[0], colorHint[1], colorHint[2])
		for i, l := range left {
			d.f.SetXY(qd.x, qd.y+float64(i)*lineSmall)
			d.f.CellFormat(half, lineSmall, l, "", 0, "L", false, 0, "")
		}
		end := qd.x + bw*float64(n)
		for i, l := range right {
			d.f.SetXY(max(end-half, qd.x+half)+1, qd.y+float64(i)*lineSmall)
			d.f.CellFormat(half, lineSmall, l, "", 0, "R", false, 0, "")
		}
		d.f.SetTextColor(0, 0, 0)
	}
	qd.y += float64(max(len(left), len(right)))*lineSmall + 0.5
}

// box draws a labelled field w mm wide, with a unit after it and a format
// hint to its right.
func (qd *question) box(w float64, unit, hint string) {
	d := qd.d
	bh := 8.0
	qd.room(bh)
	if qd.draw {
		d.rawFont(fontKey{sans, ""}, sizeBody)
		label := d.cat.T("pdf.form.answer") + ":"
		lw := d.f.GetStringWidth(label) + 3
		d.f.SetXY(qd.x, qd.y)
		d.f.CellFormat(lw, bh, label, "", 0, "L", false, 0, "")
		bx := qd.x + lw
		d.f.Rect(bx, qd.y, w, bh, "D")
		after := unit
		if hint != "" {
			after = hint
			d.rawFont(fontKey{sans, "I"}, sizeSmall)
			d.f.SetTextColor(colorHint[0], colorHint[1], colorHint[2])
		}
		if after != "" {
			d.f.SetXY(bx+w+1, qd.y)
			d.f.CellFormat(d.f.GetStringWidth(after)+3, bh, after, "", 0, "L", false, 0, "")
		}
		d.f.SetTextColor(0, 0, 0)
	}
	qd.y += bh + 1
}

// duration draws fields for hours and minutes.
func (qd *question) duration() {
	d := qd.d
	bh := 8.0
	qd.room(bh)
	if qd.draw {
		d.rawFont(fontKey{sans, ""}, sizeBody)
		x := qd.x
		for _, u := range []string{d.cat.T("pdf.unit.hours"), d.cat.T("pdf.unit.minutes")} {
			d.f.Rect(x, qd.y, 16, bh, "D")
			d.f.SetXY(x+16.5, qd.y)
			uw := d.f.GetStringWidth(u) + 3
			d.f.CellFormat(uw, bh, u, "", 0, "L", false, 0, "")
			x += 16.5 + uw + 4
		}
	}
	qd.y += bh + 1
}

// answer prints a filled question's answer.
func (qd *question) answer(w float64) {
	d, q := qd.d, qd.q
	if len(qd.vals) == 0 || (len(qd.vals) == 1 && strings.TrimSpace(qd.vals[0]) == "") {
		qd.text(d.cat.T("pdf.filled.no_answer"), fontKey{sans, "I"}, sizeBody, lineBody, w, colorHint)
		return
	}
	if q.Type == designer.TypeScale && q.Scale != nil && q.Scale.Max-q.Scale.Min <= 10 && q.Scale.Max >= q.Scale.Min {
		if qd.draw {
			d.f.SetDrawColor(110, 110, 110)
			d.f.SetLineWidth(0.25)
		}
		qd.scale(w, qd.vals[0])
		qd.y += 0.5
	}
	qd.text(d.answerText(q, qd.vals), fontKey{sans, ""}, sizeBody, lineBody, w, colorText)
}

// answerText is an answer as words: the labels of the options chosen, a
// number with its unit, a duration in hours and minutes.
func (d *doc) answerText(q *designer.Question, vals []string) string {
	var out []string
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		switch q.Type {
		case designer.TypeSingle, designer.TypeMultiple:
			for _, o := range q.Options {
				if o.Value == v {
					v = o.Label
					break
				}
			}
		case designer.TypeNumber:
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				v = d.num(f)
			}
			if q.Unit != "" {
				v += " " + q.Unit
			}
		case designer.TypeScale:
			if q.Scale != nil {
				v = d.cat.T("pdf.filled.scale", v, q.Scale.Min, q.Scale.Max)
			}
		case designer.TypeDuration:
			if m, err := strconv.Atoi(v); err == nil && m >= 0 {
				v = d.cat.T("pdf.filled.duration", m/60, d.cat.T("pdf.unit.hours"), m%60, d.cat.T("pdf.unit.minutes"))
			}
		}
		out = append(out, v)
	}
	return strings.Join(out, "\n")
}
