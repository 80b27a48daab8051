// Package preview serves a program on localhost as a citizen would see it,
// while the designer writes it. It watches the content folder, rebuilds
// only what changed on every save, and tells open pages to reload through
// server-sent events. A content error shows as an overlay on the page with
// file, line and message; the page keeps showing the last version that
// built. Answers to forms are kept in memory, and the scores and flags they
// would give are shown, so the designer can try the scoring.
//
// With a Live (Options.Live; stegvis preview gives one), the preview is
// also the whole program over time: every other address is a real
// stegvis over the last good builds, on the day the day bar chooses, seen
// as the preview citizen or the preview clinician (live.go).
package preview

import (
	"bytes"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/compiler"
	"github.com/stegvis/stegvis/designer/formdata"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// Server is the preview of one or more program folders, each served below
// /<folder name>/.
type Server struct {
	lang     string
	log      *slog.Logger
	tpl      *view.Templates
	mux      *http.ServeMux
	programs []*program
	live     Live // the whole program over time; nil for the steps only

	mu       sync.Mutex
	watchers map[chan struct{}]bool
	ready    bool // every program has built once

	// watching is closed once Watch watches every folder.
	watching     chan struct{}
	watchingOnce sync.Once
}

// program is one previewed program folder.
type program struct {
	dir  string
	slug string // the folder's name, the first part of its URLs

	mu      sync.Mutex
	comp    *compiler.Compiler
	diags   designer.Diagnostics
	good    *bundle.Bundle              // the last bundle that built
	answers map[string]formdata.Answers // by form id
}

// Options configure a Server.
type Options struct {
	// Lang is the language of the preview's own texts: sv (default) or en.
	Lang   string
	Logger *slog.Logger
	// Live, if set, is the whole program over time (see Live): every
	// address the preview does not serve itself goes to it, and every
	// build is loaded into it.
	Live Live
}

// New returns a preview of the program folders dirs and builds each once.
func New(dirs []string, opts Options) (*Server, error) {
	tpl, err := view.Load()
	if err != nil {
		return nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Lang == "" {
		opts.Lang = "sv"
	}
	s := &Server{lang: opts.Lang, log: opts.Logger, tpl: tpl, watchers: map[chan struct{}]bool{}, watching: make(chan struct{}), live: opts.Live}
	for _, dir := range dirs {
		pr := &program{
			dir: dir, slug: filepath.Base(filepath.Clean(dir)),
			comp:    compiler.New(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)), compiler.Options{}),
			answers: map[string]formdata.Answers{},
		}
		s.programs = append(s.programs, pr)
		if _, err := s.Rebuild(pr); err != nil {
			return nil, err
		}
	}
	s.ready = true
	s.loadLive()
	s.routes()
	return s, nil
}

// Watching returns a channel that is closed once Watch watches every
// folder of every program: a save after that is seen.
func (s *Server) Watching() <-chan struct{} { return s.watching }

// Rebuild builds a program again, keeping what did not change, and tells
// open pages to reload. changed are the files (slash paths relative to the
// program folder) written since the last build; nil walks the whole folder.
func (s *Server) Rebuild(pr *program, changed ...string) (*compiler.Result, error) {
	start := time.Now()
	pr.mu.Lock()
	var res *compiler.Result
	var err error
	if changed == nil {
		res, err = pr.comp.Build()
	} else {
		res, err = pr.comp.Rebuild(changed)
	}
	if err != nil {
		pr.mu.Unlock()
		return nil, err
	}
	pr.diags = res.Diagnostics
	if res.Bundle != nil {
		pr.good = res.Bundle
	}
	pr.mu.Unlock()
	if res.Bundle != nil && s.ready {
		// The running program gets the new build before pages reload.
		s.loadLive()
	}
	s.mu.Lock()
	for ch := range s.watchers {
		select {
		case ch <- struct{}{}:
		default: // a reload is already pending for that page
		}
	}
	s.mu.Unlock()
	errs, warns := res.Diagnostics.Count()
	s.log.Info("built", "dir", pr.dir, "changed", len(res.Changed), "errors", errs, "warnings", warns, "took", time.Since(start).Round(time.Microsecond))
	return res, nil
}

// RebuildAll builds every program again.
func (s *Server) RebuildAll() error {
	for _, pr := range s.programs {
		if _, err := s.Rebuild(pr); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) routes() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.showIndex)
	mux.HandleFunc("GET /p/{program}/{$}", s.withProgram(s.showOverview))
	mux.HandleFunc("GET /p/{program}/steg/{module}/{step}", s.withProgram(s.showStep))
	mux.HandleFunc("POST /p/{program}/steg/{module}/{step}", s.withProgram(s.submitForm))
	mux.HandleFunc("GET /media/", s.serveMedia)
	mux.HandleFunc("GET /_preview/events", s.events)
	mux.Handle("GET /static/", s.tpl.Assets())
	mux.HandleFunc("GET /_preview/day", s.setDay)
	mux.HandleFunc("GET /_preview/as", s.setAs)
	mux.HandleFunc("GET /_preview/bar.css", serveBarFile)
	mux.HandleFunc("GET /_preview/reload.js", serveBarFile)
	mux.HandleFunc("/", s.serveLive)
	s.mux = mux
}

// ServeHTTP serves the preview.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// state returns the last good bundle and the diagnostics of the last build.
func (pr *program) state() (*bundle.Bundle, designer.Diagnostics) {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.good, pr.diags
}

// withProgram finds the program named in the URL or answers 404.
func (s *Server) withProgram(h func(http.ResponseWriter, *http.Request, *program)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for _, pr := range s.programs {
			if pr.slug == r.PathValue("program") {
				h(w, r, pr)
				return
			}
		}
		http.NotFound(w, r)
	}
}

func (s *Server) t(key string, args ...any) string { return themes.Lookup(s.lang).T(key, args...) }

// render writes a page with the error overlay and the reload script added.
func (s *Server) render(w http.ResponseWriter, r *http.Request, pr *program, status int, page string, p *view.Page) {
	var diags designer.Diagnostics
	if pr != nil {
		_, diags = pr.state()
	}
	p.Lang, p.Preview = s.lang, true
	var buf bytes.Buffer
	if err := s.tpl.Render(&buf, page, p); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error: "+err.Error(), http.StatusInternalServerError)
		return
	}
	out := buf.String()
	if s.live != nil {
		if i := strings.Index(out, "<body"); i >= 0 {
			if j := strings.IndexByte(out[i:], '>'); j >= 0 {
				k := i + j + 1
				out = out[:k] + s.dayBar(r.URL, "") + out[k:]
			}
		}
		out = withBarStyle(out)
	}
	extra := s.overlay(diags, false) + reloadScript
	if i := strings.LastIndex(out, "</body>"); i >= 0 {
		out = out[:i] + extra + out[i:]
	} else {
		out += extra
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprint(w, out)
}

// noBundle answers when nothing has built yet: only the overlay.
func (s *Server) noBundle(w http.ResponseWriter, pr *program) {
	_, diags := pr.state()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintf(w, "<!doctype html><html lang=%q><head><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>%s</title></head><body>%s%s</body></html>",
		s.lang, html.EscapeString(s.t("preview.title", pr.dir)), s.overlay(diags, true), reloadScript)
}

// overlay shows the errors of the last build, with file, line and excerpt.
func (s *Server) overlay(diags designer.Diagnostics, first bool) string {
	errs, _ := diags.Count()
	if errs == 0 {
		return ""
	}
	var b strings.Builder
	cat := themes.Lookup(s.lang)
	title := cat.N("preview.overlay.title", errs)
	if first {
		title = cat.N("preview.overlay.first", errs)
	}
	fmt.Fprintf(&b, `<div id="stegvis-overlay" role="alert" style="position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:1000;background:#2b0b0b;color:#fff;font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;padding:1rem 1.25rem;border-top:4px solid #e5484d">`)
	fmt.Fprintf(&b, `<h2 style="font:600 16px system-ui,sans-serif;margin:0 0 .5rem">%s</h2><p style="font:14px system-ui,sans-serif;margin:0 0 .75rem">%s</p>`, html.EscapeString(title), html.EscapeString(s.t("preview.overlay.hint")))
	for _, d := range diags {
		if d.Severity != designer.Error {
			continue
		}
		fmt.Fprintf(&b, `<pre style="white-space:pre-wrap;margin:0 0 .75rem;color:#fff">%s</pre>`, html.EscapeString(d.Format(s.t)))
	}
	b.WriteString(`</div>`)
	return b.String()
}

// reloadScript reloads the page when the preview has rebuilt.
const reloadScript = `<script>(function(){var es=new EventSource("/_preview/events");es.onmessage=function(e){if(e.data==="reload"){es.close();location.reload();}};})();</script>`

// events streams a "reload" event after every build.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.watchers[ch] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.watchers, ch)
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprint(w, "retry: 1000\n\n")
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-ch:
			fmt.Fprint(w, "data: reload\n\n")
			fl.Flush()
		}
	}
}

// serveMedia serves a media file by its content-hashed name from whichever
// program has it, found as the runtime finds it (designer.Program.MediaFile).
func (s *Server) serveMedia(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/")
	for _, pr := range s.programs {
		b, _ := pr.state()
		if b == nil {
			continue
		}
		if m, ok := b.Program.MediaFile(name); ok {
			w.Header().Set("Content-Type", m.Type)
			w.Header().Set("X-Content-Type-Options", "nosniff")
			http.ServeContent(w, r, "", zeroTime, bytes.NewReader(b.Files[m.Path]))
			return
		}
	}
	http.NotFound(w, r)
}
