// Package markdown renders the Markdown of steps and texts to HTML with
// goldmark (GitHub tables, strikethrough, headings with ids), points media
// references at their content-hashed names in the bundle, and reports what
// a designer should know: images without alt text, media that does not
// exist, raw HTML that was left out, and how readable the text is. Links
// with a scheme other than http, https, mailto and tel are removed; raw
// HTML, where a program allows it, goes through an allow-list sanitizer,
// and each removal is reported where it was written.
package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/stegvis/stegvis/designer/lix"
)

// Renderer renders Markdown. It is safe for concurrent use.
type Renderer struct {
	safe, unsafe goldmark.Markdown
	san          *sanitizer
}

// Goldmark returns goldmark speaking the Markdown of stegvis: GitHub
// tables, strikethrough and headings with ids. The HTML of a step and its
// PDF (designer/pdf) both parse with it, so that a text means the same on
// the page and on paper; opts add to it, e.g. HTML renderer options.
func Goldmark(opts ...goldmark.Option) goldmark.Markdown {
	return goldmark.New(append([]goldmark.Option{
		goldmark.WithExtensions(extension.Table, extension.Strikethrough),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}, opts...)...)
}

// New returns a Renderer.
func New() *Renderer {
	opts := func(raw bool) goldmark.Option {
		ro := []renderer.Option{html.WithXHTML()}
		if raw {
			ro = append(ro, html.WithUnsafe())
		}
		return goldmark.WithRendererOptions(ro...)
	}
	return &Renderer{safe: Goldmark(opts(false)), unsafe: Goldmark(opts(true)), san: newSanitizer()}
}

// Options changes how one text is rendered.
type Options struct {
	// AllowRawHTML keeps HTML written in the Markdown, less what the
	// sanitizer removes; otherwise it is left out.
	AllowRawHTML bool
	// Media maps a reference to a file under media/ (as written, e.g.
	// "media/bild.png") to its URL in the bundle. It reports false for a
	// file that does not exist.
	Media func(name string) (url string, ok bool)
}

// Result is a rendered text and what was found in it.
type Result struct {
	HTML     []byte
	Words    int
	LIX      float64
	Headings []Heading
	// Media lists the files under media/ the text refers to, as written.
	Media []string
	// Notes are problems found, for the designer.
	Notes []Note
	// Hardest is the paragraph with the highest LIX, for the designer to
	// start with when the text as a whole is hard to read.
	Hardest Paragraph
}

// Paragraph is a paragraph of a text: its first line (1-based, relative to
// the start of the text) and its LIX.
type Paragraph struct {
	Line int
	LIX  float64
}

// minHardWords is the fewest words a paragraph needs to be named the
// hardest: a short line's LIX says little.
const minHardWords = 8

// Heading is a heading of the text.
type Heading struct {
	Level int
	Text  string
	ID    string
}

// Note is a problem found while rendering, at a line and column of the
// text (1-based, relative to the start of the text). Key and Args are the
// catalogue text that says what is wrong.
type Note struct {
	Line, Col int
	Warning   bool
	Key       string
	Args      []any
}

// Render renders src.
func (r *Renderer) Render(src []byte, opts Options) Result {
	md := r.safe
	if opts.AllowRawHTML {
		md = r.unsafe
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	doc := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))

	var res Result
	var counts lix.Counts
	var unwrap []ast.Node // links whose address is removed, kept as their text
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			t := plain(n, src)
			id, _ := n.AttributeString("id")
			idStr := ""
			if b, ok := id.([]byte); ok {
				idStr = string(b)
			}
			res.Headings = append(res.Headings, Heading{Level: n.Level, Text: t, ID: idStr})
			counts.Add(t)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph, *ast.TextBlock:
			t := plain(n, src)
			counts.Add(t)
			var one lix.Counts
			one.Add(t)
			if one.Words >= minHardWords && one.Index() > res.Hardest.LIX && n.Lines().Len() > 0 {
				res.Hardest.LIX = one.Index()
				res.Hardest.Line, _ = lineCol(src, n.Lines().At(0).Start)
			}
		case *ast.Image:
			line, col := position(n, src)
			if s := scheme(destination(n.Destination)); s != "" && !safeSchemes[s] {
				res.Notes = append(res.Notes, Note{line, col, true, "designer.markdown.removed_link", []any{s}})
				unwrap = append(unwrap, n)
				return ast.WalkContinue, nil
			}
			alt := plain(n, src)
			if strings.TrimSpace(alt) == "" {
				res.Notes = append(res.Notes, Note{line, col, true, "designer.markdown.no_alt", []any{string(n.Destination), string(n.Destination)}})
			}
			r.media(&res, n.Destination, func(u string) { n.Destination = []byte(u) }, opts, line, col)
		case *ast.Link:
			line, col := position(n, src)
			if s := scheme(destination(n.Destination)); s != "" && !safeSchemes[s] {
				res.Notes = append(res.Notes, Note{line, col, true, "designer.markdown.removed_link", []any{s}})
				unwrap = append(unwrap, n)
				return ast.WalkContinue, nil
			}
			r.media(&res, n.Destination, func(u string) { n.Destination = []byte(u) }, opts, line, col)
		case *ast.AutoLink:
			if s := scheme(string(n.URL(src))); s != "" && !safeSchemes[s] {
				line, col := autoLinkPosition(n, src)
				res.Notes = append(res.Notes, Note{line, col, true, "designer.markdown.removed_link", []any{s}})
				unwrap = append(unwrap, n)
			}
		case *ast.HTMLBlock, *ast.RawHTML:
			if !opts.AllowRawHTML {
				line, col := position(n, src)
				res.Notes = append(res.Notes, Note{line, col, true, "designer.markdown.raw_html", nil})
				break
			}
			for _, rm := range r.san.scan(src, rawSpans(n)) {
				line, col := lineCol(src, rm.off)
				res.Notes = append(res.Notes, Note{line, col, true, rm.key, rm.args})
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		unwrapNode(n, src)
	}
	var buf bytes.Buffer
	buf.Grow(len(src) * 3 / 2)
	if err := md.Renderer().Render(&buf, src, doc); err != nil {
		// goldmark's HTML renderer only fails when the writer fails; a
		// bytes.Buffer does not.
		panic(fmt.Sprintf("markdown: render: %v", err))
	}
	res.HTML = buf.Bytes()
	if opts.AllowRawHTML {
		res.HTML = r.san.clean(res.HTML)
	}
	res.Words = counts.Words
	res.LIX = counts.Index()
	return res
}

// media rewrites a local reference to a media file and records it.
func (r *Renderer) media(res *Result, dest []byte, set func(string), opts Options, line, col int) {
	d := string(dest)
	u, err := url.Parse(d)
	if err != nil || u.Scheme != "" || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "#") || d == "" {
		return
	}
	name := strings.TrimPrefix(u.Path, "./")
	if !strings.HasPrefix(name, "media/") {
		res.Notes = append(res.Notes, Note{line, col, false, "designer.markdown.link_outside", []any{d}})
		return
	}
	res.Media = append(res.Media, name)
	if opts.Media == nil {
		return
	}
	target, ok := opts.Media(name)
	if !ok {
		res.Notes = append(res.Notes, Note{line, col, false, "designer.markdown.missing_media", []any{name}})
		return
	}
	if u.Fragment != "" {
		target += "#" + u.Fragment
	}
	set(target)
}

// plain returns the text of n without markup.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for k := c.FirstChild(); k != nil; k = k.NextSibling() {
				if t, ok := k.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// position returns the 1-based line and column where n starts, from its
// own text or the nearest block around it.
func position(n ast.Node, src []byte) (line, col int) {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if off < 0 {
		for p := n; p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 1, 1
	}
	switch n.(type) {
	case *ast.Image, *ast.Link:
		// Point at the "![" or "[" that opens it, not at its text.
		if i := bytes.LastIndexByte(src[:off], '['); i >= 0 {
			off = i
			if i > 0 && src[i-1] == '!' {
				off--
			}
		}
	}
	return lineCol(src, off)
}

// lineCol returns the 1-based line and column of offset off of src,
// counting characters, not bytes, as the rest of the designer does: "å"
// is one column.
func lineCol(src []byte, off int) (line, col int) {
	line = 1 + bytes.Count(src[:off], []byte("\n"))
	col = 1 + utf8.RuneCount(src[bytes.LastIndexByte(src[:off], '\n')+1:off])
	return line, col
}

// destination returns a link's address as the renderer writes it, with
// backslash escapes and character references resolved, so that
// "&#106;avascript:" is seen for what it is.
func destination(d []byte) string {
	return string(util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(d))))
}

// autoLinkPosition returns where an autolink <scheme:…> is written: it
// keeps no text node of its own, so it is looked for in its paragraph.
func autoLinkPosition(n *ast.AutoLink, src []byte) (line, col int) {
	from := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			from = p.Lines().At(0).Start
			break
		}
	}
	if i := bytes.Index(src[from:], append([]byte("<"), n.Label(src)...)); i >= 0 {
		return lineCol(src, from+i)
	}
	return lineCol(src, from)
}

// unwrapNode puts what a removed link or image says in its place: the
// text of a link, the alt text of an image, the address of an autolink as
// plain text.
func unwrapNode(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	if a, ok := n.(*ast.AutoLink); ok {
		parent.ReplaceChild(parent, n, ast.NewString(bytes.Clone(a.Label(src))))
		return
	}
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}

// ids makes heading ids that read well for Swedish headings: "Vad är
// stress?" becomes "vad-ar-stress".
type ids struct{ used map[string]int }

func newIDs() *ids { return &ids{used: make(map[string]int)} }

var fold = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "Å", "a", "Ä", "a", "Ö", "o", "é", "e", "É", "e", "ü", "u", "Ü", "u")

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range fold.Replace(string(value)) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	id := b.String()
	if id == "" {
		id = "rubrik"
	}
	if n := s.used[id]; n > 0 {
		s.used[id] = n + 1
		id = fmt.Sprintf("%s-%d", id, n)
	} else {
		s.used[id] = 1
	}
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)]++ }
