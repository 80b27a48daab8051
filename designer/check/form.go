package check

import (
	"slices"
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
		c.errorf(f.Pos, "form %q has no title; add \"title: …\"", f.ID)
	}
	if len(f.Questions) == 0 {
		c.errorf(f.Pos, "form %q has no questions; add \"questions:\" with at least one", f.ID)
	}
	ids := map[string]bool{}
	for _, q := range f.Questions {
		switch {
		case q.ID == "":
			c.errorf(q.Pos, "a question has no id; add \"id: …\" (it names the answer in results and must never change)")
		case !source.IDPattern.MatchString(q.ID):
			c.errorf(q.At("id"), "question id %q may only hold lower-case letters, digits and hyphens", q.ID)
		case ids[q.ID]:
			c.errorf(q.At("id"), "question id %q is used twice in form %q", q.ID, f.ID)
		}
		ids[q.ID] = true
		c.question(f, q)
	}
	c.conditionCycles(f)
	scoreIDs := map[string]bool{}
	for _, s := range f.Scores {
		if s.ID == "" {
			c.errorf(s.Pos, "a score has no id; add \"id: …\", e.g. total")
		} else if scoreIDs[s.ID] {
			c.errorf(s.At("id"), "score id %q is used twice in form %q", s.ID, f.ID)
		}
		scoreIDs[s.ID] = true
		c.score(f, s)
	}
	for _, fl := range f.Flags {
		if fl.On != "" && fl.On != designer.TriggerFormAnswer {
			c.errorf(fl.At("on"), "a flag in a form is raised on its answers; remove \"on: %s\" or move the flag to program.yaml", fl.On)
		}
		if fl.Form != "" && fl.Form != f.ID {
			c.errorf(fl.At("form"), "a flag in form %q is about that form; remove \"form: %s\"", f.ID, fl.Form)
		}
	}
	c.tests(f)
}

func (c *checker) question(f *designer.Form, q *designer.Question) {
	if q.Type == "" {
		c.errorf(q.Pos, "question %q has no type; add \"type: …\", one of %s", q.ID, strings.Join(designer.QuestionTypes, ", "))
		return
	}
	if !c.oneOf(q.At("type"), "question type", q.Type, designer.QuestionTypes) {
		return
	}
	if strings.TrimSpace(q.Text) == "" {
		c.errorf(q.Pos, "question %q has no text; add \"text: …\"", q.ID)
	}
	choice := q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple
	switch {
	case choice && len(q.Options) == 0:
		c.errorf(q.At("type"), "question %q is %s choice but has no options; add \"options:\" with value and label", q.ID, q.Type)
	case choice && q.Type == designer.TypeSingle && len(q.Options) == 1:
		c.errorf(q.At("options"), "question %q offers only one option; a single choice needs at least two", q.ID)
	case !choice && len(q.Options) > 0:
		c.errorf(q.At("options"), "question %q is of type %s, which has no options; use type single or multiple", q.ID, q.Type)
	}
	values := map[string]bool{}
	for _, o := range q.Options {
		switch {
		case o.Value == "":
			c.errorf(o.Pos, "an option of question %q has no value; add \"value: …\" (what is stored; never change it)", q.ID)
		case values[o.Value]:
			c.errorf(o.At("value"), "option value %q is used twice in question %q", o.Value, q.ID)
		}
		values[o.Value] = true
		if strings.TrimSpace(o.Label) == "" {
			c.errorf(o.Pos, "option %q of question %q has no label; add \"label: …\"", o.Value, q.ID)
		}
	}
	switch q.Type {
	case designer.TypeScale:
		switch {
		case q.Scale == nil:
			c.errorf(q.At("type"), "scale question %q needs \"scale:\" with min and max", q.ID)
		case q.Scale.Min >= q.Scale.Max:
			c.errorf(q.Scale.Pos, "the scale of question %q must have min below max", q.ID)
		case q.Scale.Max-q.Scale.Min > 20:
			c.errorf(q.Scale.Pos, "the scale of question %q has %d steps; at most 21 fit a phone screen", q.ID, q.Scale.Max-q.Scale.Min+1)
		}
	case designer.TypeNumber:
		if q.Min != nil && q.Max != nil && *q.Min > *q.Max {
			c.errorf(q.At("min"), "question %q has min above max", q.ID)
		}
	}
	if q.Scale != nil && q.Type != designer.TypeScale {
		c.errorf(q.At("scale"), "question %q has \"scale:\" but is of type %s; use type scale", q.ID, q.Type)
	}
	if q.Multiline && q.Type != designer.TypeText {
		c.errorf(q.At("multiline"), "multiline is only for text questions")
	}
	if (q.Min != nil || q.Max != nil || q.Unit != "") && q.Type != designer.TypeNumber {
		c.errorf(q.Pos, "min, max and unit are only for number questions; question %q is %s", q.ID, q.Type)
	}
	if q.ShowIf != nil {
		if q.ShowIf.Score != "" {
			c.errorf(q.ShowIf.At("score"), "show_if can test an earlier answer, not a score; use \"question: …\"")
		} else if q.ShowIf.Question == q.ID {
			c.errorf(q.ShowIf.At("question"), "question %q cannot depend on its own answer", q.ID)
		} else {
			c.condition(f, q.ShowIf, "show_if")
		}
	}
}

// condition checks that c names an existing question or score of f and that
// its comparisons fit what it names.
func (c *checker) condition(f *designer.Form, cond *designer.Condition, what string) {
	switch {
	case cond.Question == "" && cond.Score == "":
		c.errorf(cond.Pos, "%s needs \"question: <id>\" or \"score: <id>\"", what)
		return
	case cond.Question != "" && cond.Score != "":
		c.errorf(cond.At("score"), "%s tests one thing: give question or score, not both", what)
		return
	}
	numeric := cond.Above != nil || cond.AtLeast != nil || cond.Below != nil || cond.AtMost != nil
	if cond.Score != "" {
		if _, ok := f.Score(cond.Score); !ok {
			c.errorf(cond.At("score"), "%s: form %q has no score %q", what, f.ID, cond.Score)
		}
		return
	}
	q, ok := f.Question(cond.Question)
	if !ok {
		c.errorf(cond.At("question"), "%s: form %q has no question %q", what, f.ID, cond.Question)
		return
	}
	if numeric && !q.Scorable() {
		c.errorf(cond.Pos, "%s compares question %q as a number, but its answers are not numbers (type %s)", what, q.ID, q.Type)
	}
	if q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple {
		for _, v := range append([]string{cond.Equals}, cond.AnyOf...) {
			if v != "" && !slices.ContainsFunc(q.Options, func(o *designer.Option) bool { return o.Value == v }) {
				c.errorf(cond.Pos, "%s: question %q has no option with value %q", what, q.ID, v)
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
					c.errorf(q.ShowIf.At("question"), "show_if conditions go round in a circle (%s), so these questions can never be shown; break the circle", strings.Join(cycle, " → "))
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
	for _, id := range items {
		q, ok := f.Question(id)
		if !ok {
			c.errorf(s.At("items"), "score %q counts question %q, which form %q does not have", s.ID, id, f.ID)
			continue
		}
		if !q.Scorable() {
			c.errorf(s.At("items"), "score %q counts question %q, whose answers are not numbers (type %s); scores can count single and multiple choice with numeric values or scores, scale, number and duration", s.ID, id, q.Type)
		}
	}
	if len(items) == 0 && len(scoring.Items(f, s)) == 0 {
		c.errorf(s.Pos, "score %q has no items and form %q has no question with numeric answers", s.ID, f.ID)
	}
	for _, id := range s.Reversed {
		q, ok := f.Question(id)
		if !ok || (len(items) > 0 && !slices.Contains(items, id)) {
			c.errorf(s.At("reversed"), "score %q reverses %q, which is not one of its items", s.ID, id)
			continue
		}
		if _, _, ok := scoring.Range(q); !ok {
			c.errorf(s.At("reversed"), "score %q reverses %q, which has no fixed range; give the number question min and max", s.ID, id)
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
			c.errorf(b.Pos, "a band of score %q has no label", s.ID)
		} else if labels[b.Label] {
			c.errorf(b.At("label"), "band label %q is used twice in score %q", b.Label, s.ID)
		}
		labels[b.Label] = true
		if b.Min > b.Max {
			c.errorf(b.Pos, "band %q of score %q has min %g above max %g", b.Label, s.ID, b.Min, b.Max)
		}
		if i > 0 {
			prev := bands[i-1]
			if b.Min <= prev.Max {
				c.errorf(b.At("min"), "bands %q and %q of score %q overlap: a score of %g would be in both", prev.Label, b.Label, s.ID, b.Min)
			} else if s.Method != "mean" && b.Min > prev.Max+1 {
				c.warnf(b.At("min"), "scores from %g to %g fall between bands %q and %q of score %q", prev.Max+1, b.Min-1, prev.Label, b.Label, s.ID)
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
		c.warnf(bands[0].At("min"), "score %q can be as low as %g, below its lowest band %q", s.ID, lo, bands[0].Label)
	}
	if last := bands[len(bands)-1]; last.Max < hi {
		c.warnf(last.At("max"), "score %q can be as high as %g, above its highest band %q", s.ID, hi, last.Label)
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
			c.errorf(t.Pos, "a test has no name; add \"name: …\" saying what it covers")
		} else if names[t.Name] {
			c.errorf(t.At("name"), "test name %q is used twice in form %q", t.Name, f.ID)
		}
		names[t.Name] = true
		for qid, vals := range t.Answers {
			q, ok := f.Question(qid)
			if !ok {
				c.errorf(t.At("answers."+qid), "test %q answers question %q, which form %q does not have", t.Name, qid, f.ID)
				continue
			}
			if q.Type == designer.TypeSingle && len(vals) > 1 {
				c.errorf(t.At("answers."+qid), "test %q gives %d answers to single choice question %q", t.Name, len(vals), qid)
			}
			for _, v := range vals {
				if (q.Type == designer.TypeSingle || q.Type == designer.TypeMultiple) && !slices.ContainsFunc(q.Options, func(o *designer.Option) bool { return o.Value == v }) {
					c.errorf(t.At("answers."+qid), "test %q answers %q to question %q, which has no such option", t.Name, v, qid)
				}
			}
		}

		for sid, e := range t.Expect {
			if _, ok := f.Score(sid); !ok {
				c.errorf(t.At("expect."+sid), "test %q expects score %q, which form %q does not have", t.Name, sid, f.ID)

			}
			if e.Score == nil && e.Band == "" {
				c.errorf(t.At("expect."+sid), "test %q expects nothing of score %q; give score, band or both", t.Name, sid)
			}
		}
		if len(t.Expect) == 0 {
			c.errorf(t.Pos, "test %q has no \"expect:\"; say which score and band the answers must give", t.Name)
		}
	}
	for _, fail := range scoring.RunTests(f) {
		c.errorf(fail.Test.At("expect."+fail.ScoreID), "%s", fail.Message)
	}
}
