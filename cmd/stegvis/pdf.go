package main

import (
	"errors"
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
	c := command{name: "pdf", usage: "DIR (--module ID | --step MODULE/STEP | --form ID | --plan ID) -o FILE"}
	fs, cat, lang := designerFlags(c, args, stderr)
	module := fs.String("module", "", cat.T("cli.pdf.flag.module"))
	step := fs.String("step", "", cat.T("cli.pdf.flag.step"))
	form := fs.String("form", "", cat.T("cli.pdf.flag.form"))
	plan := fs.String("plan", "", cat.T("cli.pdf.flag.plan"))
	out := fs.String("o", "", cat.T("cli.pdf.flag.o"))
	pos, err := parseLang(fs, args, cat, lang, stderr)
	if err != nil {
		return err
	}
	chosen := 0
	for _, v := range []string{*module, *step, *form, *plan} {
		if v != "" {
			chosen++
		}
	}
	if err := oneDir(fs, cat, pos); err != nil {
		return err
	}
	if chosen != 1 {
		return usageError(fs, cat, "cli.pdf.choose")
	}
	if *out == "" {
		return usageError(fs, cat, "cli.pdf.no_out")
	}
	res, err := compiler.BuildDir(pos[0], compiler.Options{})
	if err != nil {
		return err
	}
	if report(stderr, cat, pos[0], res.Diagnostics, true) {
		return exitError(1)
	}
	p := res.Program
	media := func(name string) ([]byte, error) {
		for _, m := range p.Media {
			if m.Name == name {
				return res.Bundle.Files[m.Path], nil
			}
		}
		return nil, errors.New(cat.T("cli.pdf.no_media", name))
	}
	r := pdf.New()
	var data []byte
	switch {
	case *module != "":
		m, ok := p.Module(*module)
		if !ok {
			return errors.New(cat.T("cli.pdf.no_module", p.ID, *module, ids(p.Modules, func(m *designer.Module) string { return m.ID })))
		}
		data, err = r.Module(p, m, media)
	case *step != "":
		mid, sid, _ := strings.Cut(*step, "/")
		m, _, st, ok := p.Step(mid, sid)
		if !ok {
			return errors.New(cat.T("cli.pdf.no_step", p.ID, *step, p.Modules[0].ID, firstStep(p.Modules[0])))
		}
		data, err = r.Step(p, m, st, media)
	case *form != "":
		f, ok := p.Form(*form)
		if !ok {
			return errors.New(cat.T("cli.pdf.no_form", p.ID, *form, ids(p.Forms, func(f *designer.Form) string { return f.ID })))
		}
		data, err = r.Form(p, f)
	default:
		a, ok := p.Plan(*plan)
		if !ok {
			return errors.New(cat.T("cli.pdf.no_plan", p.ID, *plan))
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
		return fmt.Errorf("%s: %w", cat.T("cli.pdf.write", *out), err)
	}
	fmt.Fprintln(stdout, cat.T("cli.pdf.done", *out, len(data)))
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
