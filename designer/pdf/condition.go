package pdf

import (
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// condition says a show_if condition in words: "svaret på fråga 3 är ”Ja”".
func (d *doc) condition(f *designer.Form, c *designer.Condition) string {
	t := d.cat.T
	var subject string
	var q *designer.Question
	switch {
	case c.Question != "":
		n := 0
		for i, qq := range f.Questions {
			if qq.ID == c.Question {
				n, q = i+1, qq
				break
			}
		}
		if n == 0 {
			subject = t("pdf.cond.question_id", c.Question)
		} else {
			subject = t("pdf.cond.question", n)
		}
	default:
		title := c.Score
		if s, ok := f.Score(c.Score); ok && s.Title != "" {
			title = s.Title
		}
		subject = t("pdf.cond.score", title)
	}
	label := func(v string) string {
		if q != nil {
			for _, o := range q.Options {
				if o.Value == v {
					v = o.Label
					break
				}
			}
		}
		return t("pdf.quote", v)
	}
	var parts []string
	if c.Equals != "" {
		parts = append(parts, t("pdf.cond.equals", subject, label(c.Equals)))
	}
	if len(c.AnyOf) > 0 {
		labels := make([]string, len(c.AnyOf))
		for i, v := range c.AnyOf {
			labels[i] = label(v)
		}
		parts = append(parts, t("pdf.cond.any_of", subject, strings.Join(labels, " "+t("pdf.cond.or")+" ")))
	}
	for _, b := range []struct {
		key string
		v   *float64
	}{{"pdf.cond.above", c.Above}, {"pdf.cond.at_least", c.AtLeast}, {"pdf.cond.below", c.Below}, {"pdf.cond.at_most", c.AtMost}} {
		if b.v != nil {
			parts = append(parts, t(b.key, subject, d.num(*b.v)))
		}
	}
	return strings.Join(parts, " "+t("pdf.cond.and")+" ")
}
