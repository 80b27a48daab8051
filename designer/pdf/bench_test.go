package pdf

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/stegvis/stegvis/designer"
)

// BenchmarkModule20Pages renders a module of about twenty A4 pages.
func BenchmarkModule20Pages(b *testing.B) {
	r := New()
	p, m := longModule()
	out, err := r.Module(p, m, sampleMedia)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Module(p, m, sampleMedia); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pageCount(out)), "pages")
}

// BenchmarkChromiumPrintToPDF prints the same module as simple HTML with
// headless Chromium, the usual other way of making PDFs on a server, to
// compare with BenchmarkModule20Pages.
func BenchmarkChromiumPrintToPDF(b *testing.B) {
	bin, dir, page := chromiumModule(b)
	out := filepath.Join(dir, "module.pdf")
	for b.Loop() {
		profile, err := os.MkdirTemp(dir, "profile")
		if err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--user-data-dir="+profile, "--print-to-pdf="+out, "file://"+page)
		if msg, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("chromium: %v\n%s", err, msg)
		}
	}
	if pdf, err := os.ReadFile(out); err == nil {
		b.ReportMetric(float64(pageCount(pdf)), "pages")
	}
}

// moduleHTML is a module as one plain HTML page, rendered with goldmark.
func moduleHTML(p *designer.Program, m *designer.Module) []byte {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "<!doctype html><html lang=%q><meta charset=utf-8><title>%s</title>"+
		"<style>@page{size:A4;margin:24mm 20mm 20mm}body{font:11pt/1.45 sans-serif;margin:0}img{width:100%%}table{border-collapse:collapse}td,th{border:1px solid #888;padding:2px 4px}</style>"+
		"<h1>%s</h1><p>%s</p>", p.Language, html.EscapeString(m.Title), html.EscapeString(m.Title), html.EscapeString(m.Description))
	for _, s := range m.Sections {
		fmt.Fprintf(&buf, "<h2>%s</h2>", html.EscapeString(s.Title))
		for _, st := range s.Steps {
			fmt.Fprintf(&buf, "<h3>%s</h3>", html.EscapeString(st.Title))
			if err := md.Convert(st.Body, &buf); err != nil {
				panic(err)
			}
		}
	}
	return buf.Bytes()
}

// chromiumModule finds Chromium (skipping the benchmark without it) and
// writes the module of BenchmarkModule20Pages as HTML, with its picture,
// into a fresh folder: the binary, the folder and the page's path.
func chromiumModule(b *testing.B) (bin, dir, page string) {
	b.Helper()
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		b.Skip("\n*** chromium not found: no comparison. Install it with: apt-get install -y chromium\n")
	}
	p, m := longModule()
	dir = b.TempDir()
	page = filepath.Join(dir, "module.html")
	if err := os.WriteFile(page, moduleHTML(p, m), 0o644); err != nil {
		b.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "media"), 0o755); err != nil {
		b.Fatal(err)
	}
	data, _ := sampleMedia("media/sjo.png")
	if err := os.WriteFile(filepath.Join(dir, "media/sjo.png"), data, 0o644); err != nil {
		b.Fatal(err)
	}
	return bin, dir, page
}
