// Package check holds every rule an assembled program must follow. Each
// problem becomes a diagnostic at the line the designer wrote, with the fix
// in plain words; errors stop a build, warnings do not.
package check

import (
	"fmt"
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
}

// Program checks p and adds what it finds to ds.
func Program(p *designer.Program, u Usage, ds *designer.Diagnostics) {
	c := checker{p: p, ds: ds, u: u, media: map[string]bool{}}
	for _, m := range p.Media {
		c.media[m.Name] = true
	}
	c.program()
	c.forms()
	c.modules()
	c.flags()
	c.batteries()
	c.plans()
	c.unused()
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

func (c *checker) errorf(pos designer.Pos, format string, args ...any) {
	c.ds.Errorf(pos, format, args...)
}
func (c *checker) warnf(pos designer.Pos, format string, args ...any) {
	c.ds.Warnf(pos, format, args...)
}

// oneOf checks that v is one of allowed, suggesting the nearest.
func (c *checker) oneOf(pos designer.Pos, what, v string, allowed []string) bool {
	if slices.Contains(allowed, v) {
		return true
	}
	msg := fmt.Sprintf("%s %q is not known", what, v)
	if near := decode.Nearest(v, allowed); near != "" {
		msg += fmt.Sprintf("; did you mean %q?", near)
	} else {
		msg += "; use one of " + strings.Join(allowed, ", ")
	}
	c.errorf(pos, "%s", msg)
	return false
}

func (c *checker) program() {
	p := c.p
	switch {
	case p.ID == "":
		c.errorf(p.Pos, "program.yaml has no id; add \"id: my-program\" (lower-case letters, digits and hyphens)")
	case !source.IDPattern.MatchString(p.ID):
		c.errorf(p.At("id"), "id %q may only hold lower-case letters, digits and hyphens, starting with a letter or digit", p.ID)
	}
	switch {
	case p.Version == "":
		c.errorf(p.Pos, "program.yaml has no version; add \"version: \\\"1.0\\\"\" (MAJOR.MINOR)")
	case !versionRE.MatchString(p.Version):
		c.errorf(p.At("version"), "version %q is not MAJOR.MINOR, like \"1.0\" or \"2.3\"; write it in quotes", p.Version)
	}
	if strings.TrimSpace(p.Title) == "" {
		c.errorf(p.Pos, "program.yaml has no title; add \"title: …\" as citizens should see it")
	}
	c.oneOf(p.At("language"), "language", p.Language, []string{"sv", "en"})
	if p.Date != "" && !validDate(p.Date) {
		c.errorf(p.At("date"), "date %q is not a date written YYYY-MM-DD", p.Date)
	}
	if p.RecommendedDays < 0 {
		c.errorf(p.At("recommended_days"), "recommended_days must be a positive number of days")
	} else if p.RecommendedDays == 0 {
		c.warnf(p.Pos, "recommended_days is not set; the citizen's progress bar needs it (e.g. recommended_days: 90)")
	}
	seen := map[string]bool{}
	for i, f := range p.Features {
		pos := p.At("features")
		if c.oneOf(pos, "feature", f, designer.Features) && seen[f] {
			c.warnf(pos, "feature %q is listed twice (item %d)", f, i+1)
		}
		seen[f] = true
	}
	if p.Readability.MaxLIX < 0 {
		c.errorf(p.Readability.At("max_lix"), "max_lix must be a positive number, e.g. 45")
	}
	if len(p.ModuleOrder) == 0 {
		c.errorf(p.Pos, "program.yaml lists no modules; add \"modules:\" with a line \"- id: …\" for each module folder, in order")
	}
	if p.Has(designer.FeatureQuickGuide) && strings.TrimSpace(p.QuickGuide) == "" {
		c.warnf(p.At("features"), "the quick_guide feature is on but program.yaml has no quick_guide text")
	}
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
			c.errorf(m.Pos, "module %q has no title; add \"title: …\" to %s", m.ID, source.ModuleFile)
		}
		if m.DurationDays < 0 {
			c.errorf(m.At("duration_days"), "duration_days must be 0 (no end) or a positive number of days")
		}
		if len(m.Sections) == 0 {
			c.warnf(m.Pos, "module %q has no sections; add a folder like 01-intro with steps in it", m.ID)
		}
		for _, s := range m.Sections {
			if strings.TrimSpace(s.Title) == "" && s.Pos.Line > 0 {
				c.errorf(s.Pos, "section %q has no title; add \"title: …\" to %s", s.ID, source.SectionFile)
			}
			if len(s.Steps) == 0 {
				c.warnf(designer.Pos{File: s.Pos.File}, "section %q of module %q is empty; add a step like 01-intro.md or remove the folder", s.ID, m.ID)
			}
			for _, st := range s.Steps {
				c.step(m, st, maxLIX)
			}
		}
	}
}

func (c *checker) step(m *designer.Module, st *designer.Step, maxLIX float64) {
	if strings.TrimSpace(st.Title) == "" {
		c.errorf(st.Pos, "step has no title; add \"title: …\" to its front matter")
	}
	kinds := []string{designer.KindText, designer.KindMedia, designer.KindForm}
	if st.Kind != "" && !c.oneOf(st.At("kind"), "kind", st.Kind, kinds) {
		return
	}
	switch st.Kind {
	case designer.KindForm:
		if st.Form == "" {
			c.errorf(st.At("kind"), "a form step needs \"form: <id>\", the name of a file under forms/ without .yaml")
		}
	case designer.KindMedia:
		if st.Media == nil || (st.Media.Video == "" && st.Media.Audio == "") {
			c.errorf(st.At("kind"), "a media step needs \"media:\" with \"video:\" or \"audio:\" (a file under media/ or an https URL)")
		}
	}
	if st.Form != "" {
		c.formRef(st.At("form"), st.Form)
	}
	if st.Media != nil {
		c.mediaStep(st)
	}
	if st.Comments && !c.p.Has(designer.FeaturePageComments) {
		c.warnf(st.At("comments"), "comments are on for this step, but program.yaml does not list page_comments under features, so citizens will not see them")
	}
	if st.Printable && !c.p.Has(designer.FeaturePDF) {
		c.warnf(st.At("printable"), "the step is printable, but program.yaml does not list pdf under features, so citizens will not see the PDF button")
	}
	if st.Kind == designer.KindText && st.LIX > maxLIX {
		c.warnf(designer.Pos{File: st.Pos.File, Line: st.BodyLine}, "the text is hard to read: LIX %.0f is above %.0f; use shorter sentences and more common, shorter words", st.LIX, maxLIX)
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
		c.errorf(md.At("audio"), "a media step shows one video or one audio; make a second step for the other")
	}
	if md.Video != "" && md.Captions == "" && strings.TrimSpace(md.Transcript) == "" {
		c.warnf(md.At("video"), "the video has neither captions nor a text alternative; add \"captions: media/….vtt\" or \"transcript: …\" so everyone can follow it")
	}
	if md.Audio != "" && strings.TrimSpace(md.Transcript) == "" {
		c.warnf(md.At("audio"), "the audio has no text alternative; add \"transcript: …\" so everyone can follow it")
	}
	if md.Captions != "" && !strings.HasSuffix(md.Captions, ".vtt") {
		c.errorf(md.At("captions"), "captions must be a WebVTT file (.vtt)")
	}
}

func (c *checker) mediaRef(pos designer.Pos, what, ref string) {
	if strings.Contains(ref, "://") {
		if !strings.HasPrefix(ref, "https://") {
			c.errorf(pos, "%s %q must be an https:// address or a file under media/", what, ref)
		}
		return
	}
	name := strings.TrimPrefix(ref, "./")
	if !strings.HasPrefix(name, source.MediaDir+"/") {
		c.errorf(pos, "%s %q must be a file under media/, written media/<name>, or an https:// address", what, ref)
		return
	}
	if !c.media[name] {
		c.errorf(pos, "%s %s does not exist; add the file under media/ or correct the name", what, name)
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
		msg := fmt.Sprintf("form %q does not exist: there is no forms/%s.yaml", id, id)
		if near := decode.Nearest(id, ids); near != "" {
			msg += fmt.Sprintf("; did you mean %q?", near)
		}
		c.errorf(pos, "%s", msg)
	}
	return f, ok
}

func (c *checker) unused() {
	for _, f := range c.p.Forms {
		if !c.usedForms[f.ID] {
			c.warnf(f.Pos, "form %q is not used by any step, battery or activity plan", f.ID)
		}
	}
	for ref := range c.u.MediaRefs {
		c.useMedia(ref)
	}
	for _, m := range c.p.Media {
		if !c.usedMedia[m.Name] {
			c.warnf(designer.Pos{File: sourcePath(c.p, m.Name)}, "%s is not used by any step; remove it or refer to it", m.Name)
		}
	}
}

// sourcePath returns the display path of a file of the program, from the
// path program.yaml was read at.
func sourcePath(p *designer.Program, rel string) string {
	dir := strings.TrimSuffix(p.Pos.File, source.ProgramFile)
	return dir + rel
}
