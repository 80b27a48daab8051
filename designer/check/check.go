// Package check holds every rule an assembled program must follow. Each
// problem becomes a diagnostic at the line the designer wrote, with the fix
// in plain words; errors stop a build, warnings do not.
package check

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/decode"
	"github.com/stegvis/stegvis/designer/source"
)

// Usage is what the compiler learned while rendering that the rules need.
type Usage struct {
	// MediaRefs are the media files the Markdown of steps and texts refers
	// to, as written (media/…).
	MediaRefs map[string]bool
	// Partial is set when a file could not be parsed: what it refers to
	// is unknown, so nothing is reported as unused.
	Partial bool
	// MediaSizes are the sizes of the files under media/ by name, for
	// the rules that bound them; a file missing here is not checked.
	MediaSizes map[string]int64
}

// Program checks p and adds what it finds to ds.
func Program(p *designer.Program, u Usage, ds *designer.Diagnostics) {
	c := checker{p: p, ds: ds, u: u, media: map[string]bool{}}
	for _, m := range p.Media {
		c.media[m.Name] = true
	}
	c.program()
	c.mediaTypes()
	c.forms()
	c.modules()
	c.flags()
	c.batteries()
	c.plans()
	if !u.Partial {
		c.unused()
	}
	c.glyphs()
}

type checker struct {
	p     *designer.Program
	ds    *designer.Diagnostics
	u     Usage
	media map[string]bool
	// used records forms and media that something refers to.
	usedForms map[string]bool
	usedMedia map[string]bool
}

var (
	versionRE = regexp.MustCompile(`^[0-9]+\.[0-9]+$`)
	dateRE    = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	timeRE    = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)
)

func (c *checker) errorf(pos designer.Pos, key string, args ...any) {
	c.ds.Errorf(pos, key, args...)
}
func (c *checker) warnf(pos designer.Pos, key string, args ...any) {
	c.ds.Warnf(pos, key, args...)
}

// oneOf checks that v is one of allowed, suggesting the nearest. what
// names the kind of value: the key designer.what.<what> of the catalogue.
func (c *checker) oneOf(pos designer.Pos, what, v string, allowed []string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	name := designer.Phrase{Key: "designer.what." + what}
	if near := decode.Nearest(v, allowed); near != "" {
		c.errorf(pos, "designer.value.unknown_near", name, v, near)
	} else {
		c.errorf(pos, "designer.value.unknown", name, v, strings.Join(allowed, ", "))
	}
	return false
}

func (c *checker) program() {
	p := c.p
	switch {
	case p.ID == "":
		c.errorf(p.Pos, "designer.program.no_id")
	case !source.IDPattern.MatchString(p.ID):
		c.badID(p.At("id"), p.ID)
	}
	switch {
	case p.Version == "":
		c.errorf(p.Pos, "designer.program.no_version")
	case !versionRE.MatchString(p.Version):
		c.errorf(p.At("version"), "designer.program.bad_version", p.Version)
	case p.Plain["version"]:
		// Unquoted, 1.10 is the number 1.1 to any other YAML reader.
		c.errorf(p.At("version"), "designer.program.version_unquoted", p.Version, p.Version)
	}
	if strings.TrimSpace(p.Title) == "" {
		c.errorf(p.Pos, "designer.program.no_title")
	}
	c.oneOf(p.At("language"), "language", p.Language, []string{"sv", "en"})
	if p.Date != "" && !validDate(p.Date) {
		c.errorf(p.At("date"), "designer.program.bad_date", p.Date)
	}
	if p.RecommendedDays < 0 {
		c.errorf(p.At("recommended_days"), "designer.program.negative_days")
	} else if p.RecommendedDays == 0 {
		c.warnf(p.Pos, "designer.program.no_days")
	}
	if pos := p.At("urgent_acknowledge_hours"); p.Origin.Has("urgent_acknowledge_hours") && !c.saidAt(pos) {
		h := p.UrgentAcknowledgeHours
		switch {
		case h <= 0 || h > designer.MaxUrgentAcknowledgeHours:
			c.errorf(pos, "designer.program.urgent_hours", h, designer.MaxUrgentAcknowledgeHours)
		case !p.HasUrgentFlag():
			c.warnf(pos, "designer.program.urgent_hours_unused")
		}
	}
	seen := map[string]bool{}
	for i, f := range p.Features {
		pos := p.At("features[" + strconv.Itoa(i) + "]")
		if c.oneOf(pos, "feature", f, designer.Features) && seen[f] {
			c.warnf(pos, "designer.program.feature_twice", f, i+1)
		}
		seen[f] = true
	}
	if p.Readability.MaxLIX < 0 {
		c.errorf(p.Readability.At("max_lix"), "designer.program.negative_lix")
	}
	if len(p.ModuleOrder) == 0 {
		c.errorf(p.Pos, "designer.program.no_modules")
	}
	if p.Has(designer.FeatureQuickGuide) && strings.TrimSpace(p.QuickGuide) == "" {
		c.warnf(p.At("features"), "designer.program.no_quick_guide")
	}
}

// saidAt reports whether an error has been said at pos already, as when
// a value could not be decoded.
func (c *checker) saidAt(pos designer.Pos) bool {
	return slices.ContainsFunc(*c.ds, func(d designer.Diagnostic) bool { return d.Severity == designer.Error && d.Pos == pos })
}

func validDate(s string) bool {
	if !dateRE.MatchString(s) {
		return false
	}
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	return m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func (c *checker) modules() {
	maxLIX := c.p.Readability.MaxLIX
	if maxLIX == 0 {
		maxLIX = designer.DefaultMaxLIX
	}
	for _, m := range c.p.Modules {
		if strings.TrimSpace(m.Title) == "" {
			c.errorf(m.Pos, "designer.module.no_title", m.ID, source.ModuleFile)
		}
		if m.DurationDays < 0 {
			c.errorf(m.At("duration_days"), "designer.module.negative_duration")
		}
		if len(m.Sections) == 0 {
			c.warnf(m.Pos, "designer.module.no_sections", m.ID)
		}
		for _, s := range m.Sections {
			if strings.TrimSpace(s.Title) == "" && s.Pos.Line > 0 {
				c.errorf(s.Pos, "designer.section.no_title", s.ID, source.SectionFile)
			}
			if len(s.Steps) == 0 {
				c.warnf(designer.Pos{File: s.Pos.File}, "designer.section.empty", s.ID, m.ID)
			}
			for _, st := range s.Steps {
				c.step(m, st, maxLIX)
			}
		}
	}
}

func (c *checker) step(m *designer.Module, st *designer.Step, maxLIX float64) {
	if strings.TrimSpace(st.Title) == "" {
		c.errorf(st.Pos, "designer.step.no_title")
	}
	kinds := []string{designer.KindText, designer.KindMedia, designer.KindForm}
	if st.Kind != "" && !c.oneOf(st.At("kind"), "kind", st.Kind, kinds) {
		return
	}
	switch st.Kind {
	case designer.KindForm:
		if st.Form == "" {
			c.errorf(st.At("kind"), "designer.step.form_no_form")
		}
	case designer.KindMedia:
		if st.Media == nil || (st.Media.Video == "" && st.Media.Audio == "") {
			c.errorf(st.At("kind"), "designer.step.media_no_media")
		}
	}
	if st.Form != "" {
		c.formRef(st.At("form"), st.Form)
	}
	if st.Media != nil {
		c.mediaStep(st)
	}
	if st.Audio != "" {
		c.pageAudio(st)
	}
	if st.Comments && !c.p.Has(designer.FeaturePageComments) {
		c.warnf(st.At("comments"), "designer.step.comments_off")
	}
	if st.Printable && !c.p.Has(designer.FeaturePDF) {
		c.warnf(st.At("printable"), "designer.step.pdf_off")
	}
	if st.Kind == designer.KindText && st.LIX > maxLIX {
		if st.HardLine > 0 {
			c.warnf(designer.Pos{File: st.Pos.File, Line: st.HardLine, Col: 1}, "designer.step.hard_paragraph", st.LIX, maxLIX, st.HardLIX)
		} else {
			c.warnf(designer.Pos{File: st.Pos.File, Line: st.BodyLine}, "designer.step.hard_to_read", st.LIX, maxLIX)
		}
	}
}

func (c *checker) mediaStep(st *designer.Step) {
	md := st.Media
	for _, f := range []struct{ key, val string }{{"video", md.Video}, {"audio", md.Audio}, {"poster", md.Poster}, {"captions", md.Captions}} {
		if f.val != "" {
			c.mediaRef(md.At(f.key), f.key, f.val)
		}
	}
	if md.Video != "" && md.Audio != "" {
		c.errorf(md.At("audio"), "designer.media.video_and_audio")
	}
	if md.Video != "" && md.Captions == "" && strings.TrimSpace(md.Transcript) == "" {
		c.warnf(md.At("video"), "designer.media.video_no_text")
	}
	if md.Audio != "" && strings.TrimSpace(md.Transcript) == "" {
		c.warnf(md.At("audio"), "designer.media.audio_no_text")
	}
	if md.Captions != "" && !strings.HasSuffix(md.Captions, ".vtt") {
		c.errorf(md.At("captions"), "designer.media.captions_not_vtt")
	}
}

func (c *checker) mediaRef(pos designer.Pos, what, ref string) {
	if strings.Contains(ref, "://") {
		if !strings.HasPrefix(ref, "https://") {
			c.errorf(pos, "designer.media.not_https", what, ref)
		}
		return
	}
	name := strings.TrimPrefix(ref, "./")
	if !strings.HasPrefix(name, source.MediaDir+"/") {
		c.errorf(pos, "designer.media.not_under_media", what, ref)
		return
	}
	if !c.media[name] {
		c.errorf(pos, "designer.media.missing", what, name)
		return
	}
	c.useMedia(name)
}

func (c *checker) useMedia(name string) {
	if c.usedMedia == nil {
		c.usedMedia = map[string]bool{}
	}
	c.usedMedia[name] = true
}

func (c *checker) formRef(pos designer.Pos, id string) (*designer.Form, bool) {
	if c.usedForms == nil {
		c.usedForms = map[string]bool{}
	}
	c.usedForms[id] = true
	f, ok := c.p.Form(id)
	if !ok {
		ids := make([]string, len(c.p.Forms))
		for i, f := range c.p.Forms {
			ids[i] = f.ID
		}
		if near := decode.Nearest(id, ids); near != "" {
			c.errorf(pos, "designer.form.missing_near", id, id, near)
		} else {
			c.errorf(pos, "designer.form.missing", id, id)
		}
	}
	return f, ok
}

func (c *checker) unused() {
	for _, f := range c.p.Forms {
		if !c.usedForms[f.ID] {
			c.warnf(f.Pos, "designer.form.unused", f.ID)
		}
	}
	for ref := range c.u.MediaRefs {
		c.useMedia(ref)
	}
	for _, m := range c.p.Media {
		if !c.usedMedia[m.Name] {
			c.warnf(designer.Pos{File: sourcePath(c.p, m.Name)}, "designer.media.unused", m.Name)
		}
	}
}

// sourcePath returns the display path of a file of the program, from the
// path program.yaml was read at.
func sourcePath(p *designer.Program, rel string) string {
	dir := strings.TrimSuffix(p.Pos.File, source.ProgramFile)
	return dir + rel
}

// badID reports an id that an id may not be: naming the character that is
// wrong and the id to write instead, when folding it gives one.
func (c *checker) badID(pos designer.Pos, id string) {
	if r, bad := source.BadChar(id); bad {
		if folded, ok := source.FoldID(id); ok {
			c.errorf(pos, "designer.id.bad_char", id, string(r), folded)
			return
		}
	}
	c.errorf(pos, "designer.id.bad", id)
}
