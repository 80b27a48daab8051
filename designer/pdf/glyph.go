package pdf

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// Text reaches fpdf only through printer, which makes it printable first.
// fpdf v0.12.0 panics on characters beyond the Basic Multilingual Plane
// (its width tables end at U+FFFF) and on invalid UTF-8 in metadata and
// bookmarks, and prints nothing visible for a character the font lacks. So
// every character the current font has no glyph for becomes replacement,
// or '?' in a font without it, and the reader sees that something was
// there. Text the fonts can print passes unchanged, byte for byte.

// replacement is what an unprintable character prints as.
const replacement = '\uFFFD'

// coverage holds one bit per character of the Basic Multilingual Plane:
// whether a font has a glyph for it.
type coverage [0x10000 / 64]uint64

func (c *coverage) has(r rune) bool {
	return c != nil && r >= 0 && r < 0x10000 && c[r/64]&(1<<(r%64)) != 0
}

// Printable reports whether every embedded font can print r, so that
// designer's checks can warn about a character that would print as a
// replacement.
func Printable(r rune) bool {
	return printableEverywhere().has(r)
}

// printableEverywhere is the coverage all fonts share.
var printableEverywhere = sync.OnceValue(func() *coverage {
	var all *coverage
	for _, c := range New().coverage {
		if all == nil {
			all = new(coverage)
			*all = *c
			continue
		}
		for i := range all {
			all[i] &= c[i]
		}
	}
	return all
})

// fontCoverage reads the characters a TrueType font has glyphs for from
// its cmap table. It panics on a font it cannot read: the fonts are
// compiled in, and a test reads each of them.
func fontCoverage(ttf []byte) *coverage {
	c, err := readCmap(ttf)
	if err != nil {
		panic("pdf: read the cmap of an embedded font: " + err.Error())
	}
	return c
}

var errCmap = errors.New("no Unicode BMP cmap (format 4)")

// readCmap reads the format 4 subtable of a TrueType cmap, the one that
// maps the Basic Multilingual Plane, which is all fpdf can print.
func readCmap(ttf []byte) (*coverage, error) {
	u16 := func(off int) (int, bool) {
		if off < 0 || off+2 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), true
	}
	u32 := func(off int) (int, bool) {
		if off < 0 || off+4 > len(ttf) {
			return 0, false
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), true
	}
	numTables, ok := u16(4)
	if !ok {
		return nil, errCmap
	}
	cmap := -1
	for i := range numTables {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errCmap
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, errCmap
	}
	n, ok := u16(cmap + 2)
	if !ok {
		return nil, errCmap
	}
	sub := -1
	for i := range n {
		rec := cmap + 4 + 8*i
		platform, ok1 := u16(rec)
		encoding, ok2 := u16(rec + 2)
		off, ok3 := u32(rec + 4)
		if !ok1 || !ok2 || !ok3 {
			return nil, errCmap
		}
		if format, _ := u16(cmap + off); format == 4 && (platform == 0 || platform == 3 && encoding == 1) {
			sub = cmap + off
			break
		}
	}
	if sub < 0 {
		return nil, errCmap
	}
	segX2, ok := u16(sub + 6)
	if !ok {
		return nil, errCmap
	}
	ends, starts := sub+14, sub+16+segX2
	deltas, ranges := starts+segX2, starts+2*segX2
	c := new(coverage)
	for i := 0; i < segX2; i += 2 {
		end, ok1 := u16(ends + i)
		start, ok2 := u16(starts + i)
		delta, ok3 := u16(deltas + i)
		rangeOff, ok4 := u16(ranges + i)
		if !ok1 || !ok2 || !ok3 || !ok4 {
			return nil, errCmap
		}
		for r := start; r <= end && r < 0xFFFF; r++ {
			g := r
			if rangeOff != 0 {
				if g, ok = u16(ranges + i + rangeOff + 2*(r-start)); !ok {
					return nil, errCmap
				}
				if g == 0 {
					continue
				}
			}
			if (g+delta)&0xFFFF != 0 {
				c[r/64] |= 1 << (r % 64)
			}
		}
	}
	return c, nil
}

// printer is an fpdf document whose text methods print only what the
// current font can. It shadows every text method the renderer calls;
// a new one must be added here before it is used.
type printer struct {
	*fpdf.Fpdf
	r    *Renderer
	font fontKey
}

// printable returns s with every character the current font cannot print
// replaced. Controls pass unchanged, as fpdf treats them itself.
func (p *printer) printable(s string) string {
	cov := p.r.coverage[p.font]
	ok := func(r rune, size int) bool {
		return r < 0x20 || !(r == utf8.RuneError && size == 1) && cov.has(r)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !ok(r, size) {
			return p.replace(s, i, cov)
		}
		i += size
	}
	return s
}

func (p *printer) replace(s string, from int, cov *coverage) string {
	sub := replacement
	if !cov.has(sub) {
		sub = '?'
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:from])
	for i := from; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r >= 0x20 && (r == utf8.RuneError && size == 1 || !cov.has(r)) {
			r = sub
		}
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// encodable returns s as fpdf can write it into metadata and bookmarks,
// which no font prints: valid UTF-8 within the Basic Multilingual Plane.
func encodable(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF {
			return replacement
		}
		return r
	}, strings.ToValidUTF8(s, string(replacement)))
}

// fontStyle is an fpdf style without its strike-out and underline, which
// are drawn, not fonts of their own: "BIS" is the face "BI".
func fontStyle(style string) string {
	if !strings.ContainsAny(style, "SU") {
		return style
	}
	return strings.Map(func(r rune) rune {
		if r == 'S' || r == 'U' {
			return -1
		}
		return r
	}, style)
}

// SetFont sets the font and notes it, as it decides what is printable.
func (p *printer) SetFont(family, style string, size float64) {
	p.font = fontKey{family, fontStyle(style)}
	p.Fpdf.SetFont(family, style, size)
}

// CellFormat prints txt in a cell, made printable.
func (p *printer) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	p.Fpdf.CellFormat(w, h, p.printable(txt), border, ln, align, fill, link, linkStr)
}

// MultiCell prints txt in a flowing cell, made printable.
func (p *printer) MultiCell(w, h float64, txt, border, align string, fill bool) {
	p.Fpdf.MultiCell(w, h, p.printable(txt), border, align, fill)
}

// Text prints txt at x, y, made printable.
func (p *printer) Text(x, y float64, txt string) {
	p.Fpdf.Text(x, y, p.printable(txt))
}

// GetStringWidth measures s as it will print.
func (p *printer) GetStringWidth(s string) float64 {
	return p.Fpdf.GetStringWidth(p.printable(s))
}

// SplitText splits txt, made printable, into lines at most w wide.
func (p *printer) SplitText(txt string, w float64) []string {
	return p.Fpdf.SplitText(p.printable(txt), w)
}

// Bookmark adds an outline entry, its text made encodable.
func (p *printer) Bookmark(txt string, level int, y float64) {
	p.Fpdf.Bookmark(encodable(txt), level, y)
}

// SetTitle sets the document's title, made encodable.
func (p *printer) SetTitle(s string, isUTF8 bool) { p.Fpdf.SetTitle(encodable(s), isUTF8) }

// SetAuthor sets the document's author, made encodable.
func (p *printer) SetAuthor(s string, isUTF8 bool) { p.Fpdf.SetAuthor(encodable(s), isUTF8) }

// SetSubject sets the document's subject, made encodable.
func (p *printer) SetSubject(s string, isUTF8 bool) { p.Fpdf.SetSubject(encodable(s), isUTF8) }
