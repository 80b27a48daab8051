package pdf

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/markdown"
	"github.com/stegvis/stegvis/themes"
)

// Renderer makes PDFs. Build one with New and share it: it holds the font
// bytes and the Markdown parser, never any state of one document, so it is
// safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	fonts    map[fontKey][]byte
	coverage map[fontKey]*coverage
	// parsed holds the fonts parsed once (fontcache.go); nil if fpdf
	// cannot take them so, and then each document parses its own.
	parsed *parsedFonts
}

// Media returns the bytes of a file a step refers to, by the name written in
// the Markdown, e.g. "media/bild.png" (relative to the program folder). A nil
// Media, or one that fails, makes images print as their alt text.
type Media = func(name string) ([]byte, error)

// New returns a Renderer.
func New() *Renderer {
	r := &Renderer{
		md: markdown.Goldmark(),
		fonts: map[fontKey][]byte{
			{sans, ""}:   goregular.TTF,
			{sans, "B"}:  gobold.TTF,
			{sans, "I"}:  goitalic.TTF,
			{sans, "BI"}: gobolditalic.TTF,
			{mono, ""}:   gomono.TTF,
		},
		coverage: make(map[fontKey]*coverage),
	}
	for k, ttf := range r.fonts {
		r.coverage[k] = fontCoverage(ttf)
	}
	r.parsed = newParsedFonts(r.fonts)
	return r
}

// Page geometry in millimetres: A4 with room for the header and footer.
const (
	pageW        = 210.0
	pageH        = 297.0
	marginLeft   = 20.0
	marginRight  = 20.0
	marginTop    = 24.0
	marginBottom = 20.0
	contentW     = pageW - marginLeft - marginRight
)

// Type sizes in points, and the matching line heights in millimetres.
const (
	sizeBody  = 11.0
	sizeSmall = 9.0
	lineBody  = 5.6
	lineSmall = 4.4
)

// nbAlias stands for the page count until the document is closed.
const nbAlias = "{nb}"

// doc is one document being written.
type doc struct {
	r         *Renderer
	f         *printer
	cat       *themes.Catalog
	media     Media
	header    [2]string // left and right header text
	loaded    map[fontKey]bool
	st        style
	color     [3]int
	link      string  // address of the link being printed
	pending   float64 // space asked for before the next block
	listDepth int
	bmLevel   int // level of the last bookmark, -1 before the first
	images    map[string]*fpdf.ImageInfoType
}

// newDoc starts a document with the program's metadata, the title of the
// document and the two header texts.
func (r *Renderer) newDoc(p *designer.Program, title, headerRight string, media Media) (*doc, error) {
	date, err := programDate(p)
	if err != nil {
		return nil, err
	}
	lang := p.Language
	if lang == "" {
		lang = "sv"
	}
	f := &printer{Fpdf: fpdf.New("P", "mm", "A4", ""), r: r}
	// The alias has to be set before any font is added: fpdf sizes the
	// font subset for it.
	f.AliasNbPages(nbAlias)
	f.SetCatalogSort(true)
	f.SetCreationDate(date)
	f.SetModificationDate(date)
	f.SetTitle(title, true)
	if p.Author != "" {
		f.SetAuthor(p.Author, true)
	}
	f.SetSubject(p.Title, true)
	f.SetCreator("stegvis", true)
	f.SetProducer("stegvis", true)
	f.SetLang(lang)
	f.SetMargins(marginLeft, marginTop, marginRight)
	f.SetAutoPageBreak(true, marginBottom)
	f.SetCellMargin(0) // tables pad their own cells
	f.SetCompression(false)
	f.SetDisplayMode("fullwidth", "continuous")
	d := &doc{
		r:       r,
		f:       f,
		cat:     themes.Lookup(lang),
		media:   media,
		header:  [2]string{p.Title, headerRight},
		loaded:  make(map[fontKey]bool),
		images:  make(map[string]*fpdf.ImageInfoType),
		bmLevel: -1,
	}
	if d.header[0] == d.header[1] {
		d.header[1] = ""
	}
	d.st = style{size: sizeBody}
	f.SetHeaderFuncMode(d.drawHeader, true)
	f.SetFooterFunc(d.drawFooter)
	d.apply()
	f.AddPage()
	return d, nil
}

// programDate is the program's date, or 2000-01-01, at midnight UTC.
func programDate(p *designer.Program) (time.Time, error) {
	if p.Date == "" {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), nil
	}
	t, err := time.Parse(time.DateOnly, p.Date)
	if err != nil {
		return time.Time{}, fmt.Errorf("program date %q: want YYYY-MM-DD", p.Date)
	}
	return t, nil
}

func (d *doc) drawHeader() {
	f := d.f
	d.rawFont(fontKey{sans, ""}, sizeSmall)
	f.SetTextColor(90, 90, 90)
	y := 11.0
	f.SetXY(marginLeft, y)
	left, right := d.header[0], d.header[1]
	rw := 0.0
	if right != "" {
		rw = min(f.GetStringWidth(right)+2, contentW/2)
		right = d.fit(right, rw-2)
	}
	left = d.fit(left, contentW-rw-4)
	f.CellFormat(contentW-rw, 5, left, "", 0, "L", false, 0, "")
	if right != "" {
		f.CellFormat(rw, 5, right, "", 0, "R", false, 0, "")
	}
	f.SetDrawColor(180, 180, 180)
	f.SetLineWidth(0.2)
	f.Line(marginLeft, y+6.5, pageW-marginRight, y+6.5)
	f.SetTextColor(0, 0, 0)
}

func (d *doc) drawFooter() {
	f := d.f
	d.rawFont(fontKey{sans, ""}, sizeSmall)
	f.SetTextColor(90, 90, 90)
	f.SetXY(marginLeft, pageH-13)
	f.CellFormat(contentW, 5, d.cat.T("pdf.page", f.PageNo(), nbAlias), "", 0, "C", false, 0, "")
	f.SetTextColor(0, 0, 0)
}

// fit shortens s with an ellipsis until it is at most w wide in the current font.
func (d *doc) fit(s string, w float64) string {
	if d.f.GetStringWidth(s) <= w {
		return s
	}
	rs := []rune(s)
	for len(rs) > 1 {
		rs = rs[:len(rs)-1]
		if t := string(rs) + "…"; d.f.GetStringWidth(t) <= w {
			return t
		}
	}
	return "…"
}

// bytes closes the document and returns it.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("write pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// bookmark adds an outline entry at the current position. Levels may only
// go one deeper than the previous entry, or readers lose the tree.
func (d *doc) bookmark(text string, level int) {
	level = max(0, min(level, d.bmLevel+1))
	d.rawFont(fontKey{sans, ""}, d.st.size) // Bookmark encodes by the current font
	d.f.Bookmark(text, level, -1)
	d.apply()
	d.bmLevel = level
}

// Module renders a whole module: its title and description, then every
// section and step in order, with forms blank and media steps as their
// transcripts.
func (r *Renderer) Module(p *designer.Program, m *designer.Module, media Media) ([]byte, error) {
	d, err := r.newDoc(p, m.Title, m.Title, media)
	if err != nil {
		return nil, err
	}
	d.title(m.Title, 0)
	if m.Description != "" {
		d.paragraph(m.Description)
	}
	for _, s := range m.Sections {
		if s.Title != "" {
			d.heading(s.Title, 1, 16)
		}
		for _, st := range s.Steps {
			if err := d.step(p, st, 2); err != nil {
				return nil, err
			}
		}
	}
	return d.bytes()
}

// Step renders one step of module m, as a citizen prints a page. The
// module only names the page in its header and may be nil.
func (r *Renderer) Step(p *designer.Program, m *designer.Module, s *designer.Step, media Media) ([]byte, error) {
	header := ""
	if m != nil {
		header = m.Title
	}
	d, err := r.newDoc(p, s.Title, header, media)
	if err != nil {
		return nil, err
	}
	if err := d.step(p, s, 0); err != nil {
		return nil, err
	}
	return d.bytes()
}

// step prints a step's title at outline level, its body, and its form or
// media.
func (d *doc) step(p *designer.Program, s *designer.Step, level int) error {
	if level == 0 {
		d.title(s.Title, 0)
	} else {
		d.heading(s.Title, level, 14)
	}
	d.markdown(s.Body, level+1)
	if s.Media != nil {
		d.mediaInfo(s.Media, level+1)
	}
	if s.Form != "" {
		f, ok := p.Form(s.Form)
		if !ok {
			return fmt.Errorf("step %q: form %q not found", s.ID, s.Form)
		}
		d.gap(3)
		d.heading(f.Title, level+1, 13)
		d.form(f, nil)
	}
	return nil
}

// mediaInfo prints where a step's audio or video is, and its transcript.
func (d *doc) mediaInfo(m *designer.Media, level int) {
	d.gap(2)
	for _, kv := range [][2]string{{"pdf.media.video", m.Video}, {"pdf.media.audio", m.Audio}} {
		if kv[1] == "" {
			continue
		}
		d.st = style{size: sizeBody, bold: true}
		d.apply()
		d.write(d.cat.T(kv[0])+": ", "")
		d.st = style{size: sizeBody}
		d.apply()
		d.write(kv[1], "")
		d.f.Ln(lineBody)
	}
	if m.Transcript != "" {
		d.gap(2)
		d.heading(d.cat.T("pdf.media.transcript"), level, 13)
		d.markdown([]byte(m.Transcript), level+1)
	}
}
