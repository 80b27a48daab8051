package compiler

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stegvis/stegvis/designer/synth"
)

// writeSynth writes a synthetic program of n steps into a temp folder.
func writeSynth(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "synth")
	for name, data := range synth.Program("synth", n) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

func TestSynthBuilds(t *testing.T) {
	dir := writeSynth(t, 120)
	res, err := New(os.DirFS(dir), "synth", Options{}).Build()
	if err != nil {
		t.Fatal(err)
	}
	if res.Bundle == nil || res.Program.StepCount() != 120 {
		t.Fatalf("synthetic program does not build:\n%v", res.Diagnostics)
	}
}

// BenchmarkBuild10000Steps is a full, cold build of a 10,000-step program
// from disk (no PDFs): read, parse, render, check and bundle in memory.
// Target: at least 5,000 steps/s.
func BenchmarkBuild10000Steps(b *testing.B) {
	const steps = 10000
	dir := writeSynth(b, steps)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		res, err := New(os.DirFS(dir), "synth", Options{}).Build()
		if err != nil || res.Bundle == nil {
			b.Fatalf("%v %v", err, res.Diagnostics)
		}
	}
	b.ReportMetric(float64(steps*b.N)/b.Elapsed().Seconds(), "steps/s")
}

// BenchmarkRebuildOneStep1000 is the time from saving one changed step of a
// 1,000-step program to a rebuilt bundle in memory: the preview's loop,
// where the watcher names the saved file. Target: under 50 ms.
func BenchmarkRebuildOneStep1000(b *testing.B) {
	benchSave(b, func(c *Compiler, rel string) (*Result, error) { return c.Rebuild([]string{rel}) })
}

// BenchmarkRebuildWalk1000 is the same save without the watcher's help: the
// whole folder is walked and only files whose size or time changed are read.
func BenchmarkRebuildWalk1000(b *testing.B) {
	benchSave(b, func(c *Compiler, _ string) (*Result, error) { return c.Build() })
}

// benchSave saves one step of a 1,000-step program again and again and
// rebuilds with rebuild after each save.
func benchSave(b *testing.B, rebuild func(c *Compiler, rel string) (*Result, error)) {
	dir := writeSynth(b, 1000)
	c := New(os.DirFS(dir), "synth", Options{})
	if res, err := c.Build(); err != nil || res.Bundle == nil {
		b.Fatalf("%v %v", err, res.Diagnostics)
	}
	const rel = "modules/03-modul-3/02-avsnitt-2/05-steg-115.md"
	step := filepath.Join(dir, filepath.FromSlash(rel))
	orig, err := os.ReadFile(step)
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := append(append([]byte{}, orig...), fmt.Sprintf("\nÄndring %d.\n", i)...)
		if err := os.WriteFile(step, data, 0o644); err != nil {
			b.Fatal(err)
		}
		res, err := rebuild(c, rel)
		if err != nil || res.Bundle == nil || len(res.Changed) != 1 {
			b.Fatalf("%v changed=%v", err, res.Changed)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/rebuild")
}
