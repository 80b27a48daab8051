package check

import (
	"fmt"
	"strconv"
	"unicode"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/pdf"
)

// glyphs warns about every character of a text that goes into a PDF which
// the PDF's fonts cannot print: it would print as a replacement mark. Step
// bodies are checked where each character stands; a text written in YAML
// is checked at its value, as a YAML block does not keep the text's own
// columns. Each character is named once per text.
func (c *checker) glyphs() {
	p := c.p
	c.yamlGlyphs(p.At("title"), p.Title)
	c.yamlGlyphs(p.At("author"), p.Author)
	for _, m := range p.Modules {
		c.yamlGlyphs(m.At("title"), m.Title)
		c.yamlGlyphs(m.At("description"), m.Description)
		for _, s := range m.Sections {
			c.yamlGlyphs(s.At("title"), s.Title)
			for _, st := range s.Steps {
				c.yamlGlyphs(st.At("title"), st.Title)
				c.bodyGlyphs(st)
				if st.Media != nil {
					c.yamlGlyphs(st.Media.At("transcript"), st.Media.Transcript)
				}
			}
		}
	}
	for _, f := range p.Forms {
		c.yamlGlyphs(f.At("title"), f.Title)
		c.yamlGlyphs(f.At("intro"), f.Intro)
		c.yamlGlyphs(f.At("source"), f.Source)
		for _, q := range f.Questions {
			for _, kv := range [][2]string{{"text", q.Text}, {"help", q.Help}, {"unit", q.Unit}} {
				c.yamlGlyphs(q.At(kv[0]), kv[1])
			}
			for _, o := range q.Options {
				c.yamlGlyphs(o.At("label"), o.Label)
			}
			if q.Scale != nil {
				c.yamlGlyphs(q.Scale.At("min_label"), q.Scale.MinLabel)
				c.yamlGlyphs(q.Scale.At("max_label"), q.Scale.MaxLabel)
			}
		}
		for _, s := range f.Scores {
			c.yamlGlyphs(s.At("title"), s.Title)
			for _, b := range s.Bands {
				c.yamlGlyphs(b.At("label"), b.Label)
				c.yamlGlyphs(b.At("description"), b.Description)
			}
		}
	}
	for _, a := range p.ActivityPlans {
		c.yamlGlyphs(a.At("title"), a.Title)
		c.yamlGlyphs(a.At("description"), a.Description)
	}
}

// bodyGlyphs checks a step's Markdown at the line and column of each
// character.
func (c *checker) bodyGlyphs(st *designer.Step) {
	seen := map[rune]bool{}
	line, col := 0, 0
	for _, r := range string(st.Body) {
		col++
		if r == '\n' {
			line, col = line+1, 0
			continue
		}
		if !printable(r) && !seen[r] {
			seen[r] = true
			c.unprintable(designer.Pos{File: st.Pos.File, Line: st.BodyLine + line, Col: col}, r)
		}
	}
}

// yamlGlyphs checks a text written in YAML, at pos.
func (c *checker) yamlGlyphs(pos designer.Pos, s string) {
	seen := map[rune]bool{}
	for _, r := range s {
		if !printable(r) && !seen[r] {
			seen[r] = true
			c.unprintable(pos, r)
		}
	}
}

func (c *checker) unprintable(pos designer.Pos, r rune) {
	shown := string(r)
	if !unicode.IsGraphic(r) {
		shown = strconv.QuoteRune(r)
	}
	c.warnf(pos, "designer.pdf.unprintable", shown, fmt.Sprintf("%U", r))
}

// printable reports whether the PDFs print r as itself; the controls
// (tabs, line breaks) the PDF renderer handles itself.
func printable(r rune) bool {
	return r < 0x20 || pdf.Printable(r)
}
