package pdf

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Colours of text, as grey levels or RGB.
var (
	colorText  = [3]int{0, 0, 0}
	colorQuote = [3]int{70, 70, 70}
	colorLink  = [3]int{0, 70, 160}
	colorHint  = [3]int{95, 95, 95}
)

// md is the state of one Markdown text being printed.
type md struct {
	src   []byte
	level int // outline level of the text's top headings
	tight bool
}

// markdown prints Markdown src; its headings become bookmarks from level
// down.
func (d *doc) markdown(src []byte, level int) {
	if looksHTML(src) {
		src = htmlToMarkdown(src)
	}
	root := d.r.md.Parser().Parse(text.NewReader(src))
	m := &md{src: src, level: level}
	d.blocks(root, m)
}

func (d *doc) blocks(n ast.Node, m *md) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d.block(c, m)
	}
}

func (d *doc) block(n ast.Node, m *md) {
	switch n := n.(type) {
	case *ast.Heading:
		sizes := [...]float64{16, 14, 12.5, 11.5, 11, 11}
		d.heading(plainText(n, m.src), m.level+n.Level-1, sizes[n.Level-1])
	case *ast.Paragraph:
		if img, ok := onlyImage(n); ok {
			d.flushGap()
			d.image(string(img.Destination), plainText(img, m.src))
			d.spaceAfter(3)
			return
		}
		d.flushGap()
		d.inlines(n, m)
		d.endLine()
		if m.tight {
			d.spaceAfter(0.8)
		} else {
			d.spaceAfter(2.8)
		}
	case *ast.TextBlock:
		d.flushGap()
		d.inlines(n, m)
		d.endLine()
		d.spaceAfter(0.8)
	case *ast.List:
		d.list(n, m)
	case *ast.Blockquote:
		d.quote(n, m)
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		d.codeBlock(n, m)
	case *ast.ThematicBreak:
		d.flushGap()
		y := d.f.GetY() + 2
		d.f.SetDrawColor(150, 150, 150)
		d.f.SetLineWidth(0.3)
		d.f.Line(d.indent(), y, pageW-marginRight, y)
		d.f.SetY(y)
		d.spaceAfter(4)
	case *east.Table:
		d.mdTable(n, m)
	case *ast.HTMLBlock:
		// Raw HTML has no place on paper.
	default:
		d.blocks(n, m)
	}
}

// onlyImage reports whether a paragraph holds one image and nothing else.
func onlyImage(p *ast.Paragraph) (*ast.Image, bool) {
	img, ok := p.FirstChild().(*ast.Image)
	return img, ok && p.FirstChild() == p.LastChild()
}

// inlines prints the inline children of n, flowing from the current position.
func (d *doc) inlines(n ast.Node, m *md) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		d.inline(c, m)
	}
}

func (d *doc) inline(n ast.Node, m *md) {
	switch n := n.(type) {
	case *ast.Text:
		d.write(unescape(n.Value(m.src)), "")
		switch {
		case n.HardLineBreak():
			d.f.Ln(d.lineH())
		case n.SoftLineBreak():
			d.write(" ", "")
		}
	case *ast.String:
		d.write(string(n.Value), "")
	case *ast.CodeSpan:
		saved := d.st
		d.st.code = true
		d.apply()
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				d.write(string(t.Value(m.src)), "")
			} else if s, ok := c.(*ast.String); ok {
				d.write(string(s.Value), "")
			}
		}
		d.st = saved
		d.apply()
	case *ast.Emphasis:
		saved := d.st
		if n.Level >= 2 {
			d.st.bold = true
		} else {
			d.st.italic = true
		}
		d.apply()
		d.inlines(n, m)
		d.st = saved
		d.apply()
	case *east.Strikethrough:
		saved := d.st
		d.st.strike = true
		d.apply()
		d.inlines(n, m)
		d.st = saved
		d.apply()
	case *ast.Link:
		dest := string(n.Destination)
		label := plainText(n, m.src)
		saved := d.link
		if external(dest) {
			d.link = dest
		}
		d.inlines(n, m)
		d.link = saved
		if external(dest) && label != showURL(dest) {
			d.write(" ("+showURL(dest)+")", "")
		}
	case *ast.AutoLink:
		url := string(n.URL(m.src))
		if n.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
			url = "mailto:" + url
		}
		d.write(string(n.Label(m.src)), url)
	case *ast.Image:
		if d.f.GetX() > d.indent()+0.01 {
			d.f.Ln(d.lineH())
		}
		d.image(string(n.Destination), plainText(n, m.src))
	case *ast.RawHTML:
		// Inline HTML prints nothing.
	default:
		d.inlines(n, m)
	}
}

// external reports whether a link leaves the program, so its address is
// worth printing. Links between steps make no sense on paper.
func external(dest string) bool {
	for _, p := range []string{"https://", "http://", "mailto:", "tel:"} {
		if strings.HasPrefix(dest, p) {
			return true
		}
	}
	return false
}

// showURL is an address as a reader would type it.
func showURL(dest string) string {
	for _, p := range []string{"mailto:", "tel:"} {
		if s, ok := strings.CutPrefix(dest, p); ok {
			return s
		}
	}
	return dest
}

// write prints s in the current style from the current position, wrapping
// at spaces, as a link to url if url (or the enclosing link) is set.
//
// fpdf's own Write converts its whole text to runes once per character,
// which made long paragraphs quadratic; this keeps to one pass and puts
// each line's run of text out as one cell.
func (d *doc) write(s, url string) {
	if s == "" {
		return
	}
	if url == "" {
		url = d.link
	}
	if url != "" {
		d.f.SetTextColor(colorLink[0], colorLink[1], colorLink[2])
		defer d.setColor(d.color)
	}
	f := d.f
	h := d.lineH()
	right := pageW - marginRight
	var run strings.Builder
	runW := 0.0
	flush := func() {
		if run.Len() > 0 {
			f.CellFormat(runW, h, run.String(), "", 0, "L", false, 0, url)
		}
		run.Reset()
		runW = 0
	}
	newline := func() {
		flush()
		f.Ln(h)
	}
	space := f.GetStringWidth(" ")
	i := 0
	for line := range strings.SplitSeq(s, "\n") {
		if i > 0 {
			newline()
		}
		i++
		j := 0
		for word := range strings.SplitSeq(line, " ") {
			j++
			if j > 1 {
				// A space, dropped where a line begins.
				if run.Len() > 0 || f.GetX() > d.indent()+0.01 {
					if f.GetX()+runW+space > right {
						newline()
					} else {
						run.WriteByte(' ')
						runW += space
					}
				}
			}
			if word == "" {
				continue
			}
			ww := f.GetStringWidth(word)
			if f.GetX()+runW+ww > right && (run.Len() > 0 || f.GetX() > d.indent()+0.01) {
				// Trailing spaces would stretch a link or a strike-through.
				trimmed := strings.TrimRight(run.String(), " ")
				runW -= float64(run.Len()-len(trimmed)) * space
				run.Reset()
				run.WriteString(trimmed)
				newline()
			}
			for ww > right-d.indent() {
				// A word wider than the line, such as a long address, is cut.
				rs := []rune(word)
				n := len(rs) - 1
				for n > 1 && f.GetStringWidth(string(rs[:n])) > right-f.GetX() {
					n--
				}
				run.WriteString(string(rs[:n]))
				runW += f.GetStringWidth(string(rs[:n]))
				newline()
				word = string(rs[n:])
				ww = f.GetStringWidth(word)
			}
			run.WriteString(word)
			runW += ww
		}
	}
	flush()
}

// lineH is the line height of the current type size.
func (d *doc) lineH() float64 {
	return lineBody * d.st.size / sizeBody
}

// endLine ends a line that has text on it.
func (d *doc) endLine() {
	if d.f.GetX() > d.indent()+0.01 {
		d.f.Ln(d.lineH())
	}
}

func (d *doc) setColor(c [3]int) {
	d.color = c
	d.f.SetTextColor(c[0], c[1], c[2])
}

// indent is the current left edge of text.
func (d *doc) indent() float64 {
	l, _, _, _ := d.f.GetMargins()
	return l
}

// setIndent moves the left edge of text; Write wraps back to it.
func (d *doc) setIndent(x float64) {
	d.f.SetLeftMargin(x)
}

// spaceAfter asks for at least mm of space before the next block.
func (d *doc) spaceAfter(mm float64) {
	d.pending = max(d.pending, mm)
}

// flushGap puts in the space asked for, unless the page has just begun.
func (d *doc) flushGap() {
	if d.pending > 0 && d.f.GetY() > marginTop+0.5 {
		d.f.SetY(d.f.GetY() + d.pending)
		d.f.SetX(d.indent())
	}
	d.pending = 0
}

// ensure starts a new page unless h mm fit on this one.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > pageH-marginBottom {
		d.f.AddPage()
		d.pending = 0
	}
}

// title prints a document's title and makes it the outline's root.
func (d *doc) title(s string, level int) {
	d.flushGap()
	d.bookmark(s, level)
	saved := d.st
	d.st = style{size: 20, bold: true}
	d.apply()
	d.f.MultiCell(0, 8.5, s, "", "L", false)
	d.st = saved
	d.apply()
	d.spaceAfter(4)
}

// heading prints a heading of the given size, kept with what follows it.
func (d *doc) heading(s string, level int, size float64) {
	d.flushGap()
	if d.f.GetY() > marginTop+0.5 {
		d.f.SetY(d.f.GetY() + size*0.25)
	}
	d.ensure(size*0.5 + 3*lineBody)
	d.bookmark(s, level)
	saved := d.st
	d.st = style{size: size, bold: true}
	d.apply()
	d.f.SetX(d.indent())
	d.f.MultiCell(0, size*0.5, s, "", "L", false)
	d.st = saved
	d.apply()
	d.spaceAfter(size * 0.15)
}

// paragraph prints plain text as a paragraph.
func (d *doc) paragraph(s string) {
	d.flushGap()
	d.f.SetX(d.indent())
	d.f.MultiCell(0, d.lineH(), s, "", "L", false)
	d.spaceAfter(2.8)
}

// gap asks for mm of space.
func (d *doc) gap(mm float64) { d.spaceAfter(mm) }

func (d *doc) list(l *ast.List, m *md) {
	d.flushGap()
	x := d.indent()
	depth := d.listDepth
	d.listDepth++
	n := l.Start
	if n == 0 {
		n = 1
	}
	inner := *m
	inner.tight = l.IsTight
	markW := 6.0
	if l.IsOrdered() {
		markW = max(7.0, d.f.GetStringWidth(fmt.Sprintf("%d.", n+l.ChildCount()))+2.5)
	}
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		d.flushGap()
		d.ensure(d.lineH())
		var mark string
		switch {
		case l.IsOrdered():
			mark = fmt.Sprintf("%d%c", n, l.Marker)
			n++
		case depth%2 == 0:
			mark = "•"
		default:
			mark = "–"
		}
		d.f.SetX(x)
		d.f.CellFormat(markW-1.5, d.lineH(), mark, "", 0, "R", false, 0, "")
		d.setIndent(x + markW)
		d.f.SetX(x + markW)
		d.blocks(item, &inner)
		d.endLine()
		d.setIndent(x)
		d.f.SetX(x)
	}
	d.listDepth--
	if !m.tight || depth == 0 {
		d.spaceAfter(2.8)
	}
}

func (d *doc) quote(n *ast.Blockquote, m *md) {
	d.flushGap()
	x := d.indent()
	y0, p0 := d.f.GetY(), d.f.PageNo()
	savedColor := d.color
	d.setColor(colorQuote)
	d.setIndent(x + 6)
	d.f.SetX(x + 6)
	d.blocks(n, m)
	d.setIndent(x)
	d.setColor(savedColor)
	y1, p1 := d.f.GetY(), d.f.PageNo()
	d.f.SetDrawColor(170, 170, 170)
	d.f.SetLineWidth(0.8)
	for pg := p0; pg <= p1; pg++ {
		top, bottom := marginTop, pageH-marginBottom
		if pg == p0 {
			top = y0
		}
		if pg == p1 {
			bottom = y1
		}
		d.f.SetPage(pg)
		d.f.Line(x+1.5, top+0.5, x+1.5, bottom-0.5)
	}
	d.f.SetPage(p1)
	d.f.SetXY(x, y1)
	d.spaceAfter(2.8)
}

func (d *doc) codeBlock(n ast.Node, m *md) {
	d.flushGap()
	saved := d.st
	d.st = style{size: 9.5, code: true}
	d.apply()
	d.f.SetFillColor(242, 242, 242)
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		s := strings.TrimRight(string(seg.Value(m.src)), "\r\n")
		s = strings.ReplaceAll(s, "\t", "    ")
		if s == "" {
			s = " "
		}
		d.f.SetX(d.indent())
		d.f.MultiCell(0, d.lineH(), s, "", "L", true)
	}
	d.st = saved
	d.apply()
	d.spaceAfter(2.8)
}

func (d *doc) mdTable(n *east.Table, m *md) {
	d.flushGap()
	var header []string
	var rows [][]string
	for r := n.FirstChild(); r != nil; r = r.NextSibling() {
		var cells []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, cellText(c, m.src))
		}
		if _, ok := r.(*east.TableHeader); ok {
			header = cells
		} else {
			rows = append(rows, cells)
		}
	}
	cols := make([]column, len(header))
	for i := range cols {
		cols[i].title = header[i]
		if i < len(n.Alignments) {
			switch n.Alignments[i] {
			case east.AlignRight:
				cols[i].align = "R"
			case east.AlignCenter:
				cols[i].align = "C"
			}
		}
	}
	d.fitColumns(cols, rows)
	d.table(cols, rows, 0)
	d.spaceAfter(3)
}

// cellText is a table cell as plain text, with link addresses after their text.
func cellText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.WriteString(unescape(c.Value(src)))
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(src))
			case *ast.Link:
				walk(c)
				if dest := string(c.Destination); external(dest) && plainText(c, src) != showURL(dest) {
					b.WriteString(" (" + showURL(dest) + ")")
				}
			case *ast.RawHTML:
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// plainText is the text of n's inline children without styling.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				b.WriteString(unescape(c.Value(src)))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(src))
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// unescape resolves backslash escapes and character references, as the
// HTML renderer does.
func unescape(b []byte) string {
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

var (
	htmlBlockTag = regexp.MustCompile(`(?i)</?(p|div|h[1-6]|ul|ol|blockquote|table|tr|pre)\b[^>]*>`)
	htmlItem     = regexp.MustCompile(`(?i)<li\b[^>]*>`)
	htmlBreak    = regexp.MustCompile(`(?i)<br\s*/?>`)
	htmlTag      = regexp.MustCompile(`<[^>]*>`)
	markdownChar = regexp.MustCompile("([\\\\`*_\\[\\]#<>|~])")
)

// looksHTML reports whether src is already rendered HTML, as intros and
// transcripts are once a bundle is built.
func looksHTML(src []byte) bool {
	s := bytes.TrimSpace(src)
	return len(s) > 0 && s[0] == '<' && bytes.Contains(s, []byte("</"))
}

// htmlToMarkdown keeps the text and paragraphs of simple HTML, so that a
// bundle's HTML prints as plain paragraphs and lists.
func htmlToMarkdown(src []byte) []byte {
	s := string(src)
	s = htmlItem.ReplaceAllString(s, "\n\u0000")
	s = htmlBreak.ReplaceAllString(s, "\u0001")
	s = htmlBlockTag.ReplaceAllString(s, "\n\n")
	s = htmlTag.ReplaceAllString(s, "")
	s = html.UnescapeString(s)
	s = markdownChar.ReplaceAllString(s, `\$1`)
	s = strings.ReplaceAll(s, "\u0000", "- ")
	s = strings.ReplaceAll(s, "\u0001", "\\\n")
	return []byte(s)
}
