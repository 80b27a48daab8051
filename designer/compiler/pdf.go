package compiler

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"hash"
	"path"
	"slices"

	"github.com/stegvis/stegvis/designer"
)

// pdfJob is one PDF to make: where it goes in the bundle, what it is made
// of (the key), and how.
type pdfJob struct {
	path string
	key  [32]byte
	make func() ([]byte, error)
}

// buildPDFs makes the PDFs of p into files: one per module, per printable
// step, per form and per activity plan. A PDF whose inputs are unchanged
// since the last build is taken from the cache.
func (c *Compiler) buildPDFs(p *designer.Program, media map[string][]byte, mediaHash map[string][32]byte, files map[string][]byte) error {
	mediaFn := func(name string) ([]byte, error) {
		if d, ok := media[name]; ok {
			return d, nil
		}
		return nil, fmt.Errorf("%s: no such media file", name)
	}
	// Every PDF depends on the program's header texts and the media.
	base := sha256.New()
	writeJSON(base, []string{p.ID, p.Version, p.Title, p.Author, p.Language, p.Date})
	names := make([]string, 0, len(mediaHash))
	for n := range mediaHash {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		h := mediaHash[n]
		fmt.Fprintf(base, "%s=%x\x00", n, h)
	}
	baseSum := base.Sum(nil)
	key := func(parts ...any) [32]byte {
		h := sha256.New()
		h.Write(baseSum)
		for _, part := range parts {
			writeJSON(h, part)
		}
		var k [32]byte
		h.Sum(k[:0])
		return k
	}
	formsOf := func(sts ...*designer.Step) []*designer.Form {
		var fs []*designer.Form
		for _, st := range sts {
			if f, ok := p.Form(st.Form); ok {
				fs = append(fs, f)
			}
		}
		return fs
	}

	var jobs []pdfJob
	for _, m := range p.Modules {
		var sts []*designer.Step
		var bodies []string
		for _, s := range m.Sections {
			for _, st := range s.Steps {
				sts = append(sts, st)
				bodies = append(bodies, string(st.Body))
			}
		}
		m.PDF = path.Join("pdf", "modules", m.ID+".pdf")
		jobs = append(jobs, pdfJob{m.PDF, key("module", m, bodies, formsOf(sts...)), func() ([]byte, error) {
			return c.opts.PDF.Module(p, m, mediaFn)
		}})
		for _, st := range sts {
			if !st.Printable {
				continue
			}
			st.PDF = path.Join("pdf", "steps", m.ID, st.ID+".pdf")
			jobs = append(jobs, pdfJob{st.PDF, key("step", m.Title, st, string(st.Body), formsOf(st)), func() ([]byte, error) {
				return c.opts.PDF.Step(p, m, st, mediaFn)
			}})
		}
	}
	for _, f := range p.Forms {
		f.PDF = path.Join("pdf", "forms", f.ID+".pdf")
		jobs = append(jobs, pdfJob{f.PDF, key("form", f), func() ([]byte, error) { return c.opts.PDF.Form(p, f) }})
	}
	for _, a := range p.ActivityPlans {
		a.PDF = path.Join("pdf", "plans", a.ID+".pdf")
		f, _ := p.Form(a.Form)
		jobs = append(jobs, pdfJob{a.PDF, key("plan", a, f), func() ([]byte, error) { return c.opts.PDF.PlanSheet(p, a) }})
	}

	var todo []int
	for i, j := range jobs {
		if e, ok := c.pdfs[j.path]; ok && e.key == j.key {
			files[j.path] = e.data
			continue
		}
		todo = append(todo, i)
	}
	out := make([][]byte, len(jobs))
	errs := make([]error, len(jobs))
	parallel(len(todo), c.opts.Workers, func(k int) {
		i := todo[k]
		out[i], errs[i] = jobs[i].make()
	})
	for _, i := range todo {
		if errs[i] != nil {
			return fmt.Errorf("pdf %s: %w", jobs[i].path, errs[i])
		}
		c.pdfs[jobs[i].path] = &pdfEntry{key: jobs[i].key, data: out[i]}
		files[jobs[i].path] = out[i]
	}
	return nil
}

func writeJSON(h hash.Hash, v any) {
	if err := json.NewEncoder(h).Encode(v); err != nil {
		panic(fmt.Sprintf("compiler: hash %T: %v", v, err)) // content model values always marshal
	}
}
