package view

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/stegvis/stegvis/themes"
)

// Templates are the page templates, parsed once for every language.
type Templates struct {
	assets *Assets
	// pages maps a language and a page name to the page joined with the
	// layout and the partials.
	pages map[string]map[string]*template.Template
}

// Load parses templates/ of the embedded themes for every catalogue
// language, with the static files of themes/static served under
// "/static/". It fails on any template error, so a broken template stops
// the server at start-up rather than a page at run time.
func Load() (*Templates, error) {
	assets, err := NewAssets(themes.FS, "static", "/static/")
	if err != nil {
		return nil, err
	}
	return Parse(themes.FS, assets)
}

// Parse parses the templates in fsys: templates/partials/*.html and one
// page per templates/*.html, each defining "main", the page inside the
// frame (frame.go).
func Parse(fsys fs.FS, assets *Assets) (*Templates, error) {
	return parse(fsys, assets, true)
}

// parse is Parse; with inline, each {{t "key"}} without arguments is
// parsed as the text of key in the template's language, a constant: the
// page then writes it as it would have written what t returned, without
// a call by reflection for every such text on every render.
func parse(fsys fs.FS, assets *Assets, inline bool) (*Templates, error) {
	t := &Templates{assets: assets, pages: map[string]map[string]*template.Template{}}
	pages, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(fsys, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range themes.Languages {
		cat := themes.Lookup(lang)
		base := template.New("partials").Funcs(funcs(cat.T, assets))
		for _, f := range partials {
			if err := parseFile(base, fsys, f, cat, inline); err != nil {
				return nil, fmt.Errorf("parse partials: %w", err)
			}
		}
		t.pages[lang] = map[string]*template.Template{}
		for _, p := range pages {
			name := strings.TrimSuffix(path.Base(p), ".html")
			c, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if err := parseFile(c, fsys, p, cat, inline); err != nil {
				return nil, fmt.Errorf("parse %s: %w", p, err)
			}
			t.pages[lang][name] = c
		}
	}
	return t, nil
}

// literalT is a call of t with a literal key and nothing else.
var literalT = regexp.MustCompile(`\{\{t "([a-z0-9_.]+)"\}\}`)

// parseFile parses one file into set as ParseFS does (a template named
// after the file's base name), with its literal texts inlined when
// inline is set (see parse).
func parseFile(set *template.Template, fsys fs.FS, file string, cat *themes.Catalog, inline bool) error {
	b, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	text := string(b)
	if inline {
		text = literalT.ReplaceAllStringFunc(text, func(call string) string {
			return "{{" + strconv.Quote(cat.T(literalT.FindStringSubmatch(call)[1])) + "}}"
		})
	}
	tpl := set
	if name := path.Base(file); name != set.Name() {
		tpl = set.New(name)
	}
	_, err = tpl.Parse(text)
	return err
}

// Assets returns the static files the templates link to.
func (t *Templates) Assets() *Assets { return t.assets }

// goPages are the pages whose "main" is written in Go rather than by a
// template, each with its writer: the citizen's overview (overview.go),
// which every citizen request renders. They have no file in templates/.
var goPages = map[string]func(m markup, p *Page, t Translate) error{
	"citizen_overview": overviewMain,
}

// Has reports whether there is a page of that name.
func (t *Templates) Has(page string) bool {
	if _, ok := goPages[page]; ok {
		return true
	}
	_, ok := t.pages[themes.Languages[0]][page]
	return ok
}

// Render executes a page into w: the frame (frame.go) around the page's
// "main", a template or written in Go (goPages). It renders into a
// buffer first, so that an error never sends half a page.
func (t *Templates) Render(w io.Writer, page string, p *Page) error {
	cat := themes.Lookup(p.Lang)
	main, inGo := goPages[page]
	tpl, ok := t.pages[cat.Lang][page]
	if !ok && !inGo {
		return fmt.Errorf("render: no page %q", page)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer putBuffer(buf)
	m := markup{buf}
	t.head(m, p, cat)
	var err error
	if inGo {
		err = main(m, p, cat.T)
	} else {
		err = tpl.ExecuteTemplate(buf, "main", p)
	}
	if err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	t.foot(m, p, cat)
	// One write of the whole page: a caller can set the status when the
	// first write comes, knowing the page rendered.
	_, err = w.Write(buf.Bytes())
	return err
}

// buffers holds page buffers between renders, so that a page is not grown
// from nothing on every request.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

func putBuffer(b *bytes.Buffer) {
	if b.Cap() > 1<<20 {
		return // let an unusually large page go
	}
	b.Reset()
	buffers.Put(b)
}

// RenderPartial executes one partial, e.g. "form", with its data, for a
// page part fetched by a script or shown in the preview.
func (t *Templates) RenderPartial(w io.Writer, lang, name string, data any) error {
	lang = themes.Lookup(lang).Lang
	for _, tpl := range t.pages[lang] {
		var buf bytes.Buffer
		if err := tpl.ExecuteTemplate(&buf, name, data); err != nil {
			return fmt.Errorf("render %s: %w", name, err)
		}
		_, err := buf.WriteTo(w)
		return err
	}
	return fmt.Errorf("render: no templates for %s", lang)
}

func funcs(t Translate, assets *Assets) template.FuncMap {
	return template.FuncMap{
		"t":         func(key string, args ...any) string { return t(key, args...) },
		"asset":     assets.URL,
		"csrfField": func() string { return CSRFField },
		"keyField":  func() string { return KeyField },
		"newKey":    NewKey,
		"add":       func(a, b int) int { return a + b },
		"tabs":      func(ts []Link) template.HTML { return htmlOf(func(m markup) { tabs(m, ts, t) }) },
		"inbox":     func(v *InboxView) template.HTML { return htmlOf(func(m markup) { inbox(m, v, t) }) },
		"videoNow":  func(ls []Link) template.HTML { return htmlOf(func(m markup) { videoNow(m, ls, t) }) },
		// dict builds a map for passing several values to a partial.
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict: odd number of arguments")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
	}
}
