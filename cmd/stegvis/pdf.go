package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/pdf"
)

func init() {
	register(command{
		name:    "pdf",
		usage:   "DIR (--module ID | --step MODULE/STEP | --form ID | --plan ID) -o FILE",
		summary: "print one module, step, blank form or activity plan of a program as PDF",
		run:     runPDF,
	})
}

func runPDF(args []string, stdout, stderr io.Writer) error {
	c := command{name: "pdf", usage: "DIR (--module ID | --step MODULE/STEP | --form ID | --plan ID) -o FILE", summary: "Prints one part of the program in DIR as the PDF the bundle would hold: a whole module,\na single step, a blank form to fill on paper, or an activity plan's weekly sheet."}
	fs := newFlags(c, stderr)
	module := fs.String("module", "", "the id of the module to print")
	step := fs.String("step", "", "the step to print, as MODULE/STEP")
	form := fs.String("form", "", "the id of the form to print blank")
	plan := fs.String("plan", "", "the id of the activity plan to print")
	out := fs.String("o", "", "the PDF file to write (required; - for standard output)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	chosen := 0
	for _, v := range []string{*module, *step, *form, *plan} {
		if v != "" {
			chosen++
		}
	}
	if len(pos) != 1 || *out == "" || chosen != 1 {
		fs.Usage()
		return errUsage
	}
	res, err := compiler.BuildDir(pos[0], compiler.Options{})
	if err != nil {
		return err
	}
	if report(stderr, pos[0], res.Diagnostics, true) {
		return exitError(1)
	}
	p := res.Program
	media := func(name string) ([]byte, error) {
		for _, m := range p.Media {
			if m.Name == name {
				return res.Bundle.Files[m.Path], nil
			}
		}
		return nil, fmt.Errorf("%s: no such media file", name)
	}
	r := pdf.New()
	var data []byte
	switch {
	case *module != "":
		m, ok := p.Module(*module)
		if !ok {
			return fmt.Errorf("program %q has no module %q; its modules are %s", p.ID, *module, ids(p.Modules, func(m *designer.Module) string { return m.ID }))
		}
		data, err = r.Module(p, m, media)
	case *step != "":
		mid, sid, _ := strings.Cut(*step, "/")
		m, _, st, ok := p.Step(mid, sid)
		if !ok {
			return fmt.Errorf("program %q has no step %q; give it as MODULE/STEP, e.g. %s/%s", p.ID, *step, p.Modules[0].ID, firstStep(p.Modules[0]))
		}
		data, err = r.Step(p, m, st, media)
	case *form != "":
		f, ok := p.Form(*form)
		if !ok {
			return fmt.Errorf("program %q has no form %q; its forms are %s", p.ID, *form, ids(p.Forms, func(f *designer.Form) string { return f.ID }))
		}
		data, err = r.Form(p, f)
	default:
		a, ok := p.Plan(*plan)
		if !ok {
			return fmt.Errorf("program %q has no activity plan %q", p.ID, *plan)
		}
		data, err = r.PlanSheet(p, a)
	}
	if err != nil {
		return err
	}
	if *out == "-" {
		_, err = stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	fmt.Fprintf(stdout, "%s  %d bytes\n", *out, len(data))
	return nil
}

func ids[T any](items []T, id func(T) string) string {
	var s []string
	for _, it := range items {
		s = append(s, id(it))
	}
	return strings.Join(s, ", ")
}

func firstStep(m *designer.Module) string {
	for _, s := range m.Sections {
		for _, st := range s.Steps {
			return st.ID
		}
	}
	return "STEP"
}
