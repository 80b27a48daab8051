package check

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/scoring"
	"github.com/stegvis/stegvis/designer/source"
)

func (c *checker) forms() {
	for _, f := range c.p.Forms {
		c.form(f)
	}
}

func (c *checker) form(f *designer.Form) {
	if strings.TrimSpace(f.Title) == "" {
		c.errorf(f.Pos, "designer.form.no_title", f.ID)
	}
	if len(f.Questions) == 0 {
		c.errorf(f.Pos, "designer.form.no_questions", f.ID)
	}
	ids := map[string]bool{}
	for _, q := range f.Questions {
		switch {
		case q.ID == "":
			c.errorf(q.Pos, "designer.question.no_id")
		case !source.IDPattern.MatchString(q.ID):
			c.badID(q.At("id"), q.ID)
		case ids[q.ID]:
			c.errorf(q.At("id"), "designer.question.id_twice", q.ID, f.ID)
		}
		ids[q.ID] = true
		c.question(f, q)
	}
	c.conditionCycles(f)
	scoreIDs := map[string]bool{}
	for _, s := range f.Scores {
		c.uniqueID(scoreIDs, s.Origin, s.ID, "designer.score.no_id", "designer.score.id_twice", f.ID)
		c.score(f, s)
	}
	for _, fl := range f.Flags {
		if fl.On != "" && fl.On != designer.TriggerFormAnswer {
			c.errorf(fl.At("on"), "designer.form.flag_on", fl.On)
		}
		if fl.Form != "" && fl.Form != f.ID {
			c.errorf(fl.At("form"), "designer.form.flag_form", f.ID, fl.Form)
		}
	}
	c.tests(f)
}

func (c *checker) question(f *designer.Form, q *designer.Question) {
	if q.Type == "" {
		c.errorf(q.Pos, "designer.question.no_type", q.ID, strings.Join(designer.QuestionTypes, ", "))
		return
	}
	if !c.oneOf(q.At("type"), "question_type", q.Type, designer.QuestionTypes) {
		return
	}
	if strings.TrimSpace(q.Text) == "" {
		c.errorf(q.Pos, "designer.question.no_text", q.ID)
	}
	choice := q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple
	switch {
	case choice && len(q.Options) == 0:
		c.errorf(q.At("type"), "designer.question.no_options", q.ID, q.Type)
	case choice && q.Type == designer.TypeSingle && len(q.Options) == 1:
		c.errorf(q.At("options"), "designer.question.one_option", q.ID)
	case !choice && len(q.Options) > 0:
		c.errorf(q.At("options"), "designer.question.options_not_choice", q.ID, q.Type)
	}
	values := map[string]bool{}
	for _, o := range q.Options {
		switch {
		case o.Value == "":
			c.errorf(o.Pos, "designer.option.no_value", q.ID)
		case values[o.Value]:
			c.errorf(o.At("value"), "designer.option.value_twice", o.Value, q.ID)
		}
		values[o.Value] = true
		if strings.TrimSpace(o.Label) == "" {
			c.errorf(o.Pos, "designer.option.no_label", o.Value, q.ID)
		}
	}
	switch q.Type {
	case designer.TypeScale:
		switch {
		case q.Scale == nil:
			c.errorf(q.At("type"), "designer.question.no_scale", q.ID)
		case q.Scale.Min >= q.Scale.Max:
			c.errorf(q.Scale.Pos, "designer.question.scale_order", q.ID)
		case q.Scale.Max-q.Scale.Min > 20:
			c.errorf(q.Scale.Pos, "designer.question.scale_long", q.ID, q.Scale.Max-q.Scale.Min+1)
		}
	case designer.TypeNumber:
		if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
			c.errorf(q.At("min"), "designer.question.min_above_max", q.ID)
		}
	}
	if q.Scale != nil && q.Type != designer.TypeScale {
		c.errorf(q.At("scale"), "designer.question.scale_not_scale", q.ID, q.Type)
	}
	c.layout(q)
	if q.Multiline && q.Type != designer.TypeText {
		c.errorf(q.At("multiline"), "designer.question.multiline_not_text")
	}
	if (q.Min != nil || q.Max != nil || q.Unit != "") && q.Type != designer.TypeNumber {
		c.errorf(q.Pos, "designer.question.min_not_number", q.ID, q.Type)
	}
	if q.ShowIf != nil {
		if q.ShowIf.Score != "" {
			c.errorf(q.ShowIf.At("score"), "designer.condition.show_if_score")
		} else if q.ShowIf.Question == q.ID {
			c.errorf(q.ShowIf.At("question"), "designer.condition.own_answer", q.ID)
		} else {
			c.condition(f, q.ShowIf, "show_if")
		}
	}
}

// layout checks a question's option layout: one of the known, on a
// question with options, and a row only as long as fits on one.
func (c *checker) layout(q *designer.Question) {
	if q.Layout == "" {
		return
	}
	pos := q.At("layout")
	if !c.oneOf(pos, "layout", q.Layout, designer.Layouts) {
		return
	}
	switch q.Type {
	case designer.TypeSingle, designer.TypeMultiple:
		if q.Layout == designer.LayoutRow && len(q.Options) > designer.MaxRowOptions {
			c.warnf(pos, "designer.question.row_long", q.ID, len(q.Options), designer.MaxRowOptions)
		}
	case designer.TypeScale:
	default:
		c.errorf(pos, "designer.question.layout_no_options", q.ID, q.Type)
	}
}

// condition checks that c names an existing question or score of f and that
// its comparisons fit what it names.
func (c *checker) condition(f *designer.Form, cond *designer.Condition, what string) {
	switch {
	case cond.Question == "" && cond.Score == "":
		c.errorf(cond.Pos, "designer.condition.empty", what)
		return
	case cond.Question != "" && cond.Score != "":
		c.errorf(cond.At("score"), "designer.condition.both", what)
		return
	}
	numeric := cond.Above != nil || cond.AtLeast != nil || cond.Below != nil || cond.AtMost != nil
	if cond.Score != "" {
		if _, ok := f.Score(cond.Score); !ok {
			c.errorf(cond.At("score"), "designer.condition.unknown_score", what, f.ID, cond.Score)
		}
		return
	}
	q, ok := f.Question(cond.Question)
	if !ok {
		c.errorf(cond.At("question"), "designer.condition.unknown_question", what, f.ID, cond.Question)
		return
	}
	if numeric && !q.Scorable() {
		c.errorf(cond.Pos, "designer.condition.not_numeric", what, q.ID, q.Type)
	}
	if q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple {
		for _, v := range append([]string{cond.Equals}, cond.AnyOf...) {
			if v != "" && !slices.ContainsFunc(q.Options, func(o *designer.Option) bool { return o.Value == v }) {
				c.errorf(cond.Pos, "designer.condition.unknown_option", what, q.ID, v)
			}
		}
	}
}

// conditionCycles finds questions whose show_if conditions depend on each
// other in a circle, so none of them could ever be shown.
func (c *checker) conditionCycles(f *designer.Form) {
	const (
		unseen = iota
		visiting
		done
	)
	state := map[string]int{}
	var visit func(q *designer.Question, path []string)
	visit = func(q *designer.Question, path []string) {
		state[q.ID] = visiting
		path = append(path, q.ID)
		if q.ShowIf != nil && q.ShowIf.Question != "" && q.ShowIf.Question != q.ID {
			if next, ok := f.Question(q.ShowIf.Question); ok {
				switch state[next.ID] {
				case visiting:
					i := slices.Index(path, next.ID)
					cycle := append(slices.Clone(path[i:]), next.ID)
					c.errorf(q.ShowIf.At("question"), "designer.condition.cycle", strings.Join(cycle, " → "))
				case unseen:
					visit(next, path)
				}
			}
		}
		state[q.ID] = done
	}
	for _, q := range f.Questions {
		if state[q.ID] == unseen {
			visit(q, nil)
		}
	}
}

func (c *checker) score(f *designer.Form, s *designer.Score) {
	if s.Method != "" {
		c.oneOf(s.At("method"), "method", s.Method, []string{"sum", "mean"})
	}
	items := s.Items
	for i, id := range items {
		pos := s.At("items[" + strconv.Itoa(i) + "]")
		q, ok := f.Question(id)
		if !ok {
			c.errorf(pos, "designer.score.unknown_item", s.ID, id, f.ID)
			continue
		}
		if !q.Scorable() {
			c.errorf(pos, "designer.score.item_not_numeric", s.ID, id, q.Type)
		}
	}
	if len(items) == 0 && len(scoring.Items(f, s)) == 0 {
		c.errorf(s.Pos, "designer.score.no_items", s.ID, f.ID)
	}
	for i, id := range s.Reversed {
		pos := s.At("reversed[" + strconv.Itoa(i) + "]")
		q, ok := f.Question(id)
		if !ok || (len(items) > 0 && !slices.Contains(items, id)) {
			c.errorf(pos, "designer.score.reversed_not_item", s.ID, id)
			continue
		}
		if _, _, ok := scoring.Range(q); !ok {
			c.errorf(pos, "designer.score.reversed_no_range", s.ID, id)
		}
	}
	c.bands(f, s)
}

func (c *checker) bands(f *designer.Form, s *designer.Score) {
	bands := slices.Clone(s.Bands)
	slices.SortStableFunc(bands, func(a, b *designer.Band) int {
		switch {
		case a.Min < b.Min:
			return -1
		case a.Min > b.Min:
			return 1
		}
		return 0
	})
	labels := map[string]bool{}
	for i, b := range bands {
		if strings.TrimSpace(b.Label) == "" {
			c.errorf(b.Pos, "designer.band.no_label", s.ID)
		} else if labels[b.Label] {
			c.errorf(b.At("label"), "designer.band.label_twice", b.Label, s.ID)
		}
		labels[b.Label] = true
		if b.Min > b.Max {
			c.errorf(b.Pos, "designer.band.min_above_max", b.Label, s.ID, b.Min, b.Max)
		}
		if i > 0 {
			prev := bands[i-1]
			if b.Min <= prev.Max {
				c.errorf(b.At("min"), "designer.band.overlap", prev.Label, b.Label, s.ID, b.Min)
			} else if s.Method != "mean" && b.Min > prev.Max+1 {
				// A sum in the gap would have no band at all.
				c.errorf(b.At("min"), "designer.band.gap", prev.Max+1, b.Min-1, prev.Label, b.Label, s.ID)
			}
		}
	}
	if len(bands) == 0 || s.Method == "mean" {
		return
	}
	lo, hi, ok := scoreRange(f, s)
	if !ok {
		return
	}
	if bands[0].Min > lo {
		c.warnf(bands[0].At("min"), "designer.band.below_lowest", s.ID, lo, bands[0].Label)
	}
	if last := bands[len(bands)-1]; last.Max < hi {
		c.warnf(last.At("max"), "designer.band.above_highest", s.ID, hi, last.Label)
	}
	// Bands past what the questions can give (a question removed, a range
	// narrowed) are never reached, or only in part.
	for _, b := range bands {
		switch {
		case b.Min > hi:
			c.warnf(b.At("min"), "designer.band.unreachable", b.Label, s.ID, hi)
		case b.Max > hi:
			c.warnf(b.At("max"), "designer.band.past_highest", b.Label, s.ID, b.Max, hi)
		}
	}
}

// scoreRange is the lowest and highest sum a score can take.
func scoreRange(f *designer.Form, s *designer.Score) (lo, hi float64, ok bool) {
	for _, q := range scoring.Items(f, s) {
		l, h, ok := scoring.Range(q)
		if !ok {
			return 0, 0, false
		}
		lo += l
		hi += h
	}
	return lo, hi, true
}

func (c *checker) tests(f *designer.Form) {
	names := map[string]bool{}
	for _, t := range f.Tests {
		if t.Name == "" {
			c.errorf(t.Pos, "designer.test.no_name")
		} else if names[t.Name] {
			c.errorf(t.At("name"), "designer.test.name_twice", t.Name, f.ID)
		}
		names[t.Name] = true
		for qid, vals := range t.Answers {
			q, ok := f.Question(qid)
			if !ok {
				c.errorf(t.At("answers."+qid), "designer.test.unknown_question", t.Name, qid, f.ID)
				continue
			}
			if q.Type == designer.TypeSingle && len(vals) > 1 {
				c.errorf(t.At("answers."+qid), "designer.test.many_answers", t.Name, len(vals), qid)
			}
			for _, v := range vals {
				if (q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple) && !slices.ContainsFunc(q.Options, func(o *designer.Option) bool { return o.Value == v }) {
					c.errorf(t.At("answers."+qid), "designer.test.unknown_option", t.Name, v, qid)
				}
			}
		}

		for sid, e := range t.Expect {
			if _, ok := f.Score(sid); !ok {
				c.errorf(t.At("expect."+sid), "designer.test.unknown_score", t.Name, sid, f.ID)

			}
			if e.Score == nil && e.Band == "" {
				c.errorf(t.At("expect."+sid), "designer.test.expects_nothing", t.Name, sid)
			}
		}
		if len(t.Expect) == 0 {
			c.errorf(t.Pos, "designer.test.no_expect", t.Name)
		}
	}
	for _, fail := range scoring.RunTests(f) {
		c.errorf(fail.Test.At("expect."+fail.ScoreID), fail.Key, fail.Args...)
	}
}
