package publish_test

import (
	"path/filepath"
	"testing"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/runtime/demo"
	"github.com/stegvis/stegvis/runtime/publish"
)

// TestCheckBuiltPrograms makes sure Check refuses nothing the compiler
// builds: the sample programs and the demo.
func TestCheckBuiltPrograms(t *testing.T) {
	dirs, err := filepath.Glob("../../content/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no sample programs: %v", err)
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			res, err := compiler.BuildDir(dir, compiler.Options{})
			if err != nil || res.Bundle == nil {
				t.Fatalf("build: %v %v", err, res.Diagnostics)
			}
			if err := publish.Check(res.Bundle); err != nil {
				t.Error(err)
			}
		})
	}
	t.Run("demo", func(t *testing.T) {
		p, files, err := demo.Program()
		if err != nil {
			t.Fatal(err)
		}
		pj, err := bundle.ProgramBytes(p)
		if err != nil {
			t.Fatal(err)
		}
		files[designer.ProgramFile] = pj
		if err := publish.Check(bundle.New(p, files)); err != nil {
			t.Error(err)
		}
	})
}
