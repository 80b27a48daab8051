package diff_test

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/diff"
	"github.com/stegvis/stegvis/themes"
)

func base() fstest.MapFS {
	return fstest.MapFS{
		"program.yaml": {Data: []byte(`id: p
version: "1.0"
title: P
recommended_days: 30
modules:
  - id: m
  - id: n
flags:
  - {id: svar, on: form_submitted, form: f, review: true}
`)},
		"modules/01-m/module.yaml":       {Data: []byte("title: M\n")},
		"modules/01-m/01-s/section.yaml": {Data: []byte("title: S\n")},
		"modules/01-m/01-s/01-a.md":      {Data: []byte("---\ntitle: A\n---\nEtt.\n")},
		"modules/01-m/01-s/02-b.md":      {Data: []byte("---\ntitle: B\nform: f\n---\nTvå.\n")},
		"modules/02-n/module.yaml":       {Data: []byte("title: N\n")},
		"modules/02-n/01-s/section.yaml": {Data: []byte("title: S\n")},
		"modules/02-n/01-s/01-c.md":      {Data: []byte("---\ntitle: C\n---\nTre.\n")},
		"forms/f.yaml": {Data: []byte(`title: F
questions:
  - id: q
    type: single
    text: Hur?
    options:
      - {value: "0", label: Nej}
      - {value: "1", label: Ja}
scores:
  - id: s
    bands:
      - {min: 0, max: 0, label: Låg}
      - {min: 1, max: 1, label: Hög}
`)},
	}
}

func build(t *testing.T, fsys fstest.MapFS) *bundle.Bundle {
	t.Helper()
	res, err := compiler.New(fsys, "p", compiler.Options{}).Build()
	if err != nil || res.Bundle == nil {
		t.Fatalf("build: %v %v", err, res.Diagnostics)
	}
	return res.Bundle
}

func TestBundles(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(fstest.MapFS)
		version string
		want    []string
		ok      bool // the version fits the changes
	}{
		{
			name: "text fix is compatible",
			edit: func(f fstest.MapFS) {
				f["modules/01-m/01-s/01-a.md"].Data = []byte("---\ntitle: A\n---\nEtt, rättat.\n")
			},
			version: "1.1",
			want:    []string{"~ step m/a: text"},
			ok:      true,
		},
		{
			name: "removed step needs a major version",
			edit: func(f fstest.MapFS) {
				delete(f, "modules/02-n/01-s/01-c.md")
				delete(f, "modules/02-n/01-s/section.yaml")
			},
			version: "1.1",
			want:    []string{"- section n/s", "- step n/c  [incompatible]"},
			ok:      false,
		},
		{
			name: "changed options need a major version, a label does not",
			edit: func(f fstest.MapFS) {
				f["forms/f.yaml"].Data = []byte(strings.Replace(strings.Replace(string(f["forms/f.yaml"].Data), "label: Ja", "label: Ja alltid", 1), "{value: \"0\", label: Nej}", "{value: \"0\", label: Nej, score: 2}", 1))
			},
			version: "2.0",
			want:    []string{"~ option f/q=0: score  [incompatible]", "~ option f/q=1: label"},
			ok:      true,
		},
		{
			name: "an option layout is compatible",
			edit: func(f fstest.MapFS) {
				f["forms/f.yaml"].Data = []byte(strings.Replace(string(f["forms/f.yaml"].Data), "    text: Hur?\n", "    text: Hur?\n    layout: column\n", 1))
			},
			version: "1.1",
			want:    []string{"~ question f/q: layout"},
			ok:      true,
		},
		{
			name:    "same version with changes",
			edit:    func(f fstest.MapFS) { f["modules/01-m/module.yaml"].Data = []byte("title: M2\n") },
			version: "1.0",
			want:    []string{"~ module m: title"},
			ok:      false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := build(t, base())
			f := base()
			tt.edit(f)
			f["program.yaml"].Data = []byte(strings.Replace(string(f["program.yaml"].Data), `version: "1.0"`, `version: "`+tt.version+`"`, 1))
			r := diff.Bundles(old, build(t, f))
			var got []string
			for _, c := range r.Changes {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("changes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			err := r.CheckVersion()
			if (err == nil) != tt.ok {
				t.Errorf("CheckVersion = %v, want ok=%v", err, tt.ok)
			}
			var verr *diff.VersionError
			if err != nil && !errors.As(err, &verr) {
				t.Errorf("CheckVersion = %T, want a *diff.VersionError", err)
			}
		})
	}
}

func TestFormatSwedish(t *testing.T) {
	sv := themes.Lookup("sv").T
	c := diff.Change{Kind: "step", ID: "n/c", Op: diff.Removed}
	if got, want := c.Format(sv), "- steg n/c  [inkompatibel]"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
	r := diff.Report{OldVersion: "1.0", NewVersion: "1.1", Changes: []diff.Change{c}}
	var verr *diff.VersionError
	if !errors.As(r.CheckVersion(), &verr) {
		t.Fatal("CheckVersion accepts a minor version over a removed step")
	}
	want := "versionen 1.1 är ett litet steg från 1.0, men 1 inkompatibel ändring kräver en ny huvudversion (2.0):\n  - steg n/c  [inkompatibel]"
	if got := verr.Format(sv); got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}
