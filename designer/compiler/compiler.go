// Package compiler turns a program's content folder into a bundle: it runs
// the stages (source → decode → assemble → render → check → bundle → pdf)
// and keeps what each file gave, keyed by the file's hash, so that a second
// build after one saved change only parses and renders that file.
package compiler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/check"
	"github.com/stegvis/stegvis/designer/decode"
	"github.com/stegvis/stegvis/designer/markdown"
	"github.com/stegvis/stegvis/designer/source"
)

// PDFRenderer makes the printable PDFs of a bundle. designer/pdf provides
// one; a nil PDFRenderer builds bundles without PDFs (the live preview).
type PDFRenderer interface {
	Module(p *designer.Program, m *designer.Module, media func(name string) ([]byte, error)) ([]byte, error)
	Step(p *designer.Program, m *designer.Module, s *designer.Step, media func(name string) ([]byte, error)) ([]byte, error)
	Form(p *designer.Program, f *designer.Form) ([]byte, error)
	PlanSheet(p *designer.Program, plan *designer.ActivityPlan) ([]byte, error)
}

// Options change what a Compiler makes.
type Options struct {
	// PDF renders PDFs into the bundle; nil leaves them out.
	PDF PDFRenderer
	// Workers is how many steps render at once; 0 means one per CPU.
	Workers int
}

// Compiler builds one program folder, again and again. It is not safe for
// concurrent use; a preview serialises its builds.
type Compiler struct {
	fsys fs.FS
	dir  string
	opts Options
	md   *markdown.Renderer

	files    map[string]*fileEntry   // by path relative to the program folder
	rendered map[string]*renderEntry // by step path
	pdfs     map[string]*pdfEntry    // by bundle path
}

type fileEntry struct {
	kind   source.Kind
	hash   [32]byte
	size   int64
	mod    time.Time
	data   []byte
	diags  designer.Diagnostics
	parsed any // *designer.Program, *designer.Module, *designer.Section, *designer.Step or *designer.Form
	// broken is set when the file's YAML could not be parsed at all; the
	// rules are not checked on what little it gave.
	broken bool
}

type renderEntry struct {
	key [32]byte
	res markdown.Result
}

type pdfEntry struct {
	key  [32]byte
	data []byte
}

// New returns a Compiler for the program folder at the root of fsys. dir
// is how the folder is named in diagnostics, e.g. "content/livsstil".
func New(fsys fs.FS, dir string, opts Options) *Compiler {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	return &Compiler{
		fsys: fsys, dir: dir, opts: opts, md: markdown.New(),
		files:    make(map[string]*fileEntry),
		rendered: make(map[string]*renderEntry),
		pdfs:     make(map[string]*pdfEntry),
	}
}

// Result is the outcome of a build.
type Result struct {
	// Program is the compiled program; nil when program.yaml is missing.
	Program *designer.Program
	// Diagnostics are every problem found, sorted, with excerpts.
	Diagnostics designer.Diagnostics
	// Bundle is nil when there are errors.
	Bundle *bundle.Bundle
	// Changed lists the content files that were new or changed since the
	// previous build of this Compiler.
	Changed []string
}

// Build compiles the folder. It walks the whole folder; a file whose size
// and modification time are as at the last build is not read again. The
// error is for failures to read the folder; problems in the content are in
// Result.Diagnostics.
func (c *Compiler) Build() (*Result, error) {
	res := &Result{}
	seen := make(map[string]bool, len(c.files))
	err := fs.WalkDir(c.fsys, ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		kind := source.Classify(rel)
		if kind == source.KindIgnored {
			return nil
		}
		seen[rel] = true
		info, err := d.Info()
		if err != nil {
			return err
		}
		if e, ok := c.files[rel]; ok && !info.ModTime().IsZero() && e.size == info.Size() && e.mod.Equal(info.ModTime()) {
			return nil
		}
		return c.read(rel, kind, info, res)
	})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", c.dir, err)
	}
	for rel := range c.files {
		if !seen[rel] {
			c.forget(rel)
		}
	}
	return c.compile(res)
}

// Rebuild compiles the folder again after the files at the given paths
// (slash paths relative to the folder, as a watcher reports them) were
// written, created or removed, reading only those. The first build of a
// Compiler, and one told of a new folder, walks the whole folder instead.
func (c *Compiler) Rebuild(changed []string) (*Result, error) {
	if len(c.files) == 0 {
		return c.Build()
	}
	res := &Result{}
	for _, rel := range changed {
		rel = path.Clean(rel)
		kind := source.Classify(rel)
		info, err := fs.Stat(c.fsys, rel)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			// A removed file, or a removed folder and all below it.
			for known := range c.files {
				if known == rel || strings.HasPrefix(known, rel+"/") {
					c.forget(known)
				}
			}
			continue
		case err != nil:
			return nil, fmt.Errorf("read %s: %w", c.dir, err)
		case info.IsDir():
			return c.Build()
		case kind == source.KindIgnored:
			continue
		}
		if err := c.read(rel, kind, info, res); err != nil {
			return nil, fmt.Errorf("read %s: %w", c.dir, err)
		}
	}
	return c.compile(res)
}

// read reads one file and parses it again if its content changed.
func (c *Compiler) read(rel string, kind source.Kind, info fs.FileInfo, res *Result) error {
	data, err := fs.ReadFile(c.fsys, rel)
	if err != nil {
		return err
	}
	h := sha256.Sum256(data)
	if e, ok := c.files[rel]; ok && e.hash == h {
		e.size, e.mod = info.Size(), info.ModTime()
		return nil
	}
	res.Changed = append(res.Changed, rel)
	e := c.parse(rel, kind, data)
	e.hash, e.size, e.mod = h, info.Size(), info.ModTime()
	c.files[rel] = e
	return nil
}

func (c *Compiler) forget(rel string) {
	delete(c.files, rel)
	delete(c.rendered, rel)
}

// compile runs every stage after reading on what the cache holds.
func (c *Compiler) compile(res *Result) (*Result, error) {
	slices.Sort(res.Changed)
	tree := source.NewTree(c.dir)
	var ds designer.Diagnostics
	mediaData := make(map[string][]byte)
	mediaHash := make(map[string][32]byte)
	rels := make([]string, 0, len(c.files))
	for rel := range c.files {
		rels = append(rels, rel)
	}
	slices.Sort(rels)
	for _, rel := range rels {
		e := c.files[rel]
		ds = append(ds, e.diags...)
		switch v := e.parsed.(type) {
		case *designer.Program:
			tree.Program = v
		case *designer.Module:
			tree.Modules[path.Dir(rel)] = v
		case *designer.Section:
			tree.Sections[path.Dir(rel)] = v
		case *designer.Step:
			tree.Steps[rel] = v
		case *designer.Form:
			tree.Forms[rel] = v
		}
		switch e.kind {
		case source.KindMedia:
			tree.Media = append(tree.Media, rel)
			mediaData[rel], mediaHash[rel] = e.data, e.hash
		case source.KindOther:
			tree.Other = append(tree.Other, rel)
		}
	}

	broken := map[string]bool{}
	partial := false
	for rel, e := range c.files {
		if e.broken {
			broken[tree.Display(rel)] = true
			// These are the files that refer to forms and media.
			partial = partial || e.kind == source.KindProgram || e.kind == source.KindStep || e.kind == source.KindForm
		}
	}
	// Without program.yaml the rest is checked as if it listed every
	// module folder; its settings (features, readability, …) are unknown,
	// so only errors are kept, not warnings.
	noProgram := broken[tree.Display(source.ProgramFile)]
	if noProgram {
		tree.Program = source.EveryModule(tree)
	}
	nParse := len(ds)
	p := source.Assemble(tree, &ds)
	if p == nil {
		res.Diagnostics = c.finish(ds)
		return res, nil
	}
	if !noProgram {
		res.Program = p
	}
	c.inferKinds(p)
	media := c.mediaFiles(p, mediaHash)
	usage := c.render(p, media, &ds)
	usage.Partial = partial
	usage.MediaSizes = make(map[string]int64, len(mediaData))
	for name, data := range mediaData {
		usage.MediaSizes[name] = int64(len(data))
	}
	check.Program(p, usage, &ds)
	if len(broken) > 0 {
		// Keep what parsing said about a broken file, not what the rules
		// say about the little it gave.
		kept := ds[:nParse]
		for _, d := range ds[nParse:] {
			if !broken[d.Pos.File] && !(noProgram && d.Severity == designer.Warning) {
				kept = append(kept, d)
			}
		}
		ds = kept
	}
	res.Diagnostics = c.finish(ds)
	if res.Diagnostics.HasErrors() {
		return res, nil
	}

	files := make(map[string][]byte)
	for _, m := range p.Media {
		files[m.Path] = mediaData[m.Name]
	}
	c.finalize(p)
	for _, st := range steps(p) {
		files[st.HTML] = c.rendered[st.Path].res.HTML
	}
	if c.opts.PDF != nil {
		if err := c.buildPDFs(p, mediaData, mediaHash, files); err != nil {
			return nil, err
		}
	}
	pj, err := bundle.ProgramBytes(p)
	if err != nil {
		return nil, err
	}
	files[designer.ProgramFile] = pj
	res.Bundle = bundle.New(p, files)
	return res, nil
}

// parse parses a file of the given kind.
func (c *Compiler) parse(rel string, kind source.Kind, data []byte) *fileEntry {
	e := &fileEntry{data: data, kind: kind}
	file := c.display(rel)
	switch kind {
	case source.KindProgram:
		e.parsed = source.ParseProgram(file, data, &e.diags)
	case source.KindModule:
		e.parsed = source.ParseModule(file, data, &e.diags)
	case source.KindSection:
		e.parsed = source.ParseSection(file, data, &e.diags)
	case source.KindStep:
		e.parsed = source.ParseStep(file, data, &e.diags)
	case source.KindForm:
		e.parsed = source.ParseForm(file, data, &e.diags)
	}
	for _, d := range e.diags {
		if decode.Unreadable(d) || d.Key == source.NoFrontMatter || d.Key == source.FrontMatterOpen {
			e.broken = true
		}
	}
	return e
}

// display returns how rel is named in diagnostics.
func (c *Compiler) display(rel string) string { return source.NewTree(c.dir).Display(rel) }

// inferKinds fills in the kind of steps that do not say it.
func (c *Compiler) inferKinds(p *designer.Program) {
	for _, st := range steps(p) {
		if st.Kind != "" {
			continue
		}
		switch {
		case st.Form != "":
			st.Kind = designer.KindForm
		case st.Media != nil:
			st.Kind = designer.KindMedia
		default:
			st.Kind = designer.KindText
		}
	}
}

// mediaFiles gives every media file its content-hashed bundle path and
// returns a lookup from the name as written to the URL steps use.
func (c *Compiler) mediaFiles(p *designer.Program, hashes map[string][32]byte) map[string]string {
	urls := make(map[string]string, len(p.Media))
	for _, m := range p.Media {
		h := hashes[m.Name]
		ext := path.Ext(m.Name)
		stem := strings.TrimSuffix(m.Name, ext)
		m.Path = fmt.Sprintf("%s-%s%s", stem, hex.EncodeToString(h[:4]), strings.ToLower(ext))
		// A type outside the allow-list is an error of check's; the
		// bundle is not built then.
		m.Type, _ = designer.MediaType(m.Name)
		urls[m.Name] = "/" + m.Path
	}
	return urls
}

// finish sorts diagnostics and attaches the source line of each.
func (c *Compiler) finish(ds designer.Diagnostics) designer.Diagnostics {
	ds.Sort()
	lines := map[string][]string{}
	for i, d := range ds {
		if d.Pos.Line == 0 || d.Excerpt != "" {
			continue
		}
		ls, ok := lines[d.Pos.File]
		if !ok {
			rel := strings.TrimPrefix(strings.TrimPrefix(d.Pos.File, c.dir), "/")
			if c.dir == "" || c.dir == "." {
				rel = d.Pos.File
			}
			if e, ok := c.files[rel]; ok && e.data != nil {
				ls = strings.Split(string(e.data), "\n")
			}
			lines[d.Pos.File] = ls
		}
		if d.Pos.Line <= len(ls) {
			ds[i].Excerpt = strings.TrimRight(ls[d.Pos.Line-1], "\r")
		}
	}
	return ds
}

// steps returns every step of p in order.
func steps(p *designer.Program) []*designer.Step {
	out := make([]*designer.Step, 0, 64)
	for _, m := range p.Modules {
		for _, s := range m.Sections {
			out = append(out, s.Steps...)
		}
	}
	return out
}

// render renders every step (in parallel, from the cache where the step and
// what it depends on are unchanged) and the program's other texts, turns
// the renderer's notes into diagnostics and returns what check needs.
func (c *Compiler) render(p *designer.Program, media map[string]string, ds *designer.Diagnostics) check.Usage {
	opts := markdown.Options{AllowRawHTML: p.AllowRawHTML, Media: func(name string) (string, bool) {
		u, ok := media[name]
		return u, ok
	}}
	// A step's HTML depends on its body, the raw HTML setting and the
	// media names; all three go into its key.
	env := sha256.New()
	fmt.Fprintf(env, "%v\x00", p.AllowRawHTML)
	for _, m := range p.Media {
		fmt.Fprintf(env, "%s=%s\x00", m.Name, m.Path)
	}
	envSum := env.Sum(nil)

	all := steps(p)
	type job struct {
		st  *designer.Step
		key [32]byte
	}
	var todo []job
	for _, st := range all {
		h := sha256.New()
		h.Write(envSum)
		h.Write(st.Body)
		var key [32]byte
		h.Sum(key[:0])
		if e, ok := c.rendered[st.Path]; ok && e.key == key {
			continue
		}
		todo = append(todo, job{st, key})
	}
	results := make([]markdown.Result, len(todo))
	parallel(len(todo), c.opts.Workers, func(i int) { results[i] = c.md.Render(todo[i].st.Body, opts) })
	for i, j := range todo {
		c.rendered[j.st.Path] = &renderEntry{key: j.key, res: results[i]}
	}

	u := check.Usage{MediaRefs: map[string]bool{}}
	for _, m := range p.Modules {
		for _, s := range m.Sections {
			for _, st := range s.Steps {
				r := c.rendered[st.Path].res
				st.HTML = path.Join("steps", m.ID, s.ID, st.ID+".html")
				st.Words, st.LIX = r.Words, round1(r.LIX)
				st.HardLine, st.HardLIX = 0, r.Hardest.LIX
				if r.Hardest.Line > 0 {
					st.HardLine = st.BodyLine + r.Hardest.Line - 1
				}
				for _, n := range r.Notes {
					notePos(ds, designer.Pos{File: st.Pos.File, Line: st.BodyLine + n.Line - 1, Col: n.Col}, n)
				}
				for _, ref := range r.Media {
					u.MediaRefs[ref] = true
				}
				if st.Media != nil {
					md := *st.Media
					md.Transcript = c.text(md.Transcript, opts, md.At("transcript"), ds, u)
					st.Media = &md
				}
			}
		}
	}
	p.Welcome = c.text(p.Welcome, opts, p.At("welcome"), ds, u)
	p.Presentation = c.text(p.Presentation, opts, p.At("presentation"), ds, u)
	p.QuickGuide = c.text(p.QuickGuide, opts, p.At("quick_guide"), ds, u)
	for _, f := range p.Forms {
		f.Intro = c.text(f.Intro, opts, f.At("intro"), ds, u)
	}
	return u
}

// text renders a Markdown text written in YAML. Its notes point at the key
// that holds it, as a YAML block does not keep the text's own columns.
func (c *Compiler) text(src string, opts markdown.Options, pos designer.Pos, ds *designer.Diagnostics, u check.Usage) string {
	if strings.TrimSpace(src) == "" {
		return ""
	}
	r := c.md.Render([]byte(src), opts)
	for _, n := range r.Notes {
		notePos(ds, designer.Pos{File: pos.File, Line: pos.Line + n.Line - 1}, n)
	}
	for _, ref := range r.Media {
		u.MediaRefs[ref] = true
	}
	return string(r.HTML)
}

func notePos(ds *designer.Diagnostics, pos designer.Pos, n markdown.Note) {
	if n.Warning {
		ds.Warnf(pos, n.Key, n.Args...)
	} else {
		ds.Errorf(pos, n.Key, n.Args...)
	}
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// finalize fills in what the runtime reads from the bundle and the source
// does not say directly: form versions, form flags among the program's
// flags, activity plan occasions and defaults. It copies every value it
// changes, so the cache stays as parsed.
func (c *Compiler) finalize(p *designer.Program) {
	flags := slices.Clone(p.Flags)
	for i, f := range p.Forms {
		fc := *f
		fc.Version = formVersion(&fc)
		for _, fl := range f.Flags {
			cp := *fl
			cp.On, cp.Form = designer.TriggerFormAnswer, f.ID
			flags = append(flags, &cp)
		}
		p.Forms[i] = &fc
	}
	for i, fl := range flags {
		if fl.Delivery == "" {
			cp := *fl
			cp.Delivery = designer.DeliveryImmediate
			flags[i] = &cp
		}
	}
	p.Flags = flags
	plans := make([]*designer.ActivityPlan, len(p.ActivityPlans))
	for i, a := range p.ActivityPlans {
		cp := *a
		cp.Occasions = nil
		for _, day := range designer.Weekdays {
			if t, ok := a.Times[day]; ok {
				cp.Occasions = append(cp.Occasions, designer.Occasion{Weekday: day, Time: t})
			}
		}
		if cp.EveryWeeks == 0 {
			cp.EveryWeeks = 1
		}
		plans[i] = &cp
	}
	p.ActivityPlans = plans
}

// formVersion identifies a form's questions and scoring: answers given on
// one version are read with that version's options.
func formVersion(f *designer.Form) string {
	b, err := json.Marshal(struct {
		Q []*designer.Question
		S []*designer.Score
	}{f.Questions, f.Scores})
	if err != nil {
		panic(fmt.Sprintf("compiler: marshal form %s: %v", f.ID, err)) // plain structs always marshal
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// parallel calls do(0) … do(n-1) on up to workers goroutines and waits
// for all of them.
func parallel(n, workers int, do func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
