package pdf

import (
	"fmt"

	"github.com/stegvis/stegvis/designer"
)

// Registration is one registered occasion of an activity plan.
type Registration struct {
	// Date (YYYY-MM-DD) and Time (HH:MM) say when the activity was done.
	Date, Time string
	// Answers are the answers to the plan's form, keyed by question id.
	Answers map[string][]string
	Comment string
}

// PlanSheet renders a week of an activity plan to fill in on paper: one
// row per occasion, a column per question of the plan's form.
func (r *Renderer) PlanSheet(p *designer.Program, plan *designer.ActivityPlan) ([]byte, error) {
	f, ok := p.Form(plan.Form)
	if !ok {
		return nil, fmt.Errorf("activity plan %q: form %q not found", plan.ID, plan.Form)
	}
	d, err := r.newDoc(p, plan.Title, plan.Title, nil)
	if err != nil {
		return nil, err
	}
	d.planIntro(plan, f)
	d.nameAndWeek()
	cols := d.planColumns(plan, f, d.cat.T("pdf.plan.day"), plan.Comments)
	var rows [][]string
	for _, o := range occasions(plan) {
		rows = append(rows, []string{d.cat.T("pdf.weekday." + o.Weekday), o.Time})
	}
	d.table(cols, rows, 13)
	d.spaceAfter(4)
	d.planLegend(f)
	return d.bytes()
}

// PlanRegistrations renders what a citizen registered on an activity plan,
// in the order given.
func (r *Renderer) PlanRegistrations(p *designer.Program, plan *designer.ActivityPlan, regs []Registration) ([]byte, error) {
	f, ok := p.Form(plan.Form)
	if !ok {
		return nil, fmt.Errorf("activity plan %q: form %q not found", plan.ID, plan.Form)
	}
	d, err := r.newDoc(p, plan.Title, plan.Title, nil)
	if err != nil {
		return nil, err
	}
	d.title(plan.Title, 0)
	d.heading(d.cat.T("pdf.plan.registrations"), 1, 13)
	if len(regs) == 0 {
		d.paragraph(d.cat.T("pdf.plan.none"))
		return d.bytes()
	}
	comments := plan.Comments
	for _, r := range regs {
		comments = comments || r.Comment != ""
	}
	cols := d.planColumns(plan, f, d.cat.T("pdf.plan.date"), comments)
	rows := make([][]string, 0, len(regs))
	for _, r := range regs {
		row := []string{r.Date, r.Time}
		for _, q := range f.Questions {
			row = append(row, d.answerText(q, r.Answers[q.ID]))
		}
		if comments {
			row = append(row, r.Comment)
		}
		rows = append(rows, row)
	}
	d.flushGap()
	d.table(cols, rows, 0)
	return d.bytes()
}

// occasions are the plan's weekly times, Monday first. Plans straight from
// the source have only Times; they are read in weekday order.
func occasions(plan *designer.ActivityPlan) []designer.Occasion {
	if len(plan.Occasions) > 0 || len(plan.Times) == 0 {
		return plan.Occasions
	}
	var out []designer.Occasion
	for _, wd := range designer.Weekdays {
		if t, ok := plan.Times[wd]; ok {
			out = append(out, designer.Occasion{Weekday: wd, Time: t})
		}
	}
	return out
}

func (d *doc) planIntro(plan *designer.ActivityPlan, f *designer.Form) {
	d.title(plan.Title, 0)
	if plan.Description != "" {
		d.markdown([]byte(plan.Description), 1)
	}
	if f.Intro != "" {
		d.markdown([]byte(f.Intro), 1)
	}
}

// nameAndWeek prints fields for the name and the week of a paper sheet.
func (d *doc) nameAndWeek() {
	d.nameAnd("pdf.plan.week")
	d.flushGap()
}

// planColumns are the columns of a plan's table: when, one per question
// (or "value" when there is only one), and a comment.
func (d *doc) planColumns(plan *designer.ActivityPlan, f *designer.Form, first string, comments bool) []column {
	total := pageW - marginRight - d.indent()
	cols := []column{{title: first, width: 26}, {title: d.cat.T("pdf.plan.time"), width: 15}}
	rest := total - 41
	shares := float64(len(f.Questions))
	if comments {
		shares += 1.5
	}
	if shares == 0 {
		return cols
	}
	each := rest / shares
	for _, q := range f.Questions {
		title := q.Text
		if len(f.Questions) == 1 {
			title = d.cat.T("pdf.plan.value")
		}
		cols = append(cols, column{title: title, width: each})
	}
	if comments {
		cols = append(cols, column{title: d.cat.T("pdf.plan.comment"), width: rest - each*float64(len(f.Questions))})
	}
	return cols
}

// planLegend lists the questions of a plan's form with how to answer them.
func (d *doc) planLegend(f *designer.Form) {
	d.heading(d.cat.T("pdf.plan.questions"), 1, 12)
	for i, q := range f.Questions {
		qd := &question{d: d, f: f, q: q}
		label := q.Text
		if len(f.Questions) == 1 {
			label = d.cat.T("pdf.plan.value") + ": " + q.Text
		}
		hint := qd.kindHint()
		switch q.Type {
		case designer.TypeSingle, designer.TypeMultiple:
			var opts []string
			for _, o := range q.Options {
				opts = append(opts, o.Label)
			}
			hint = append(hint, join(opts, " / "))
		case designer.TypeScale:
			if q.Scale != nil && (q.Scale.MinLabel != "" || q.Scale.MaxLabel != "") {
				hint = append(hint, fmt.Sprintf("%d = %s, %d = %s", q.Scale.Min, q.Scale.MinLabel, q.Scale.Max, q.Scale.MaxLabel))
			}
		case designer.TypeNumber:
			if q.Unit != "" {
				hint = append(hint, q.Unit)
			}
		case designer.TypeDate:
			hint = append(hint, d.cat.T("pdf.hint.date"))
		case designer.TypeTime:
			hint = append(hint, d.cat.T("pdf.hint.time"))
		}
		if q.Help != "" {
			hint = append(hint, q.Help)
		}
		d.flushGap()
		saved := d.st
		d.st = style{size: sizeBody, bold: true}
		d.apply()
		d.f.SetX(d.indent())
		d.f.MultiCell(0, lineBody, fmt.Sprintf("%d. %s", i+1, label), "", "L", false)
		d.st = saved
		d.apply()
		if len(hint) > 0 {
			d.smallLine(join(hint, " "))
		}
		d.spaceAfter(2)
	}
}

func join(s []string, sep string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += sep
		}
		out += v
	}
	return out
}
