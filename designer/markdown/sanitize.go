package markdown

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// Raw HTML is run through bluemonday, a maintained allow-list sanitizer,
// rather than through rules of our own: what it keeps is what content
// needs, and nothing that runs script. The designer is told what went, at
// the place it was written, by asking the same policy about each tag.

// safeSchemes are the URL schemes a link or a media address may have; a
// relative address has none. Everything else (javascript:, vbscript:,
// data:, file:, …) is removed.
var safeSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// urlAttrs are the attributes whose value a browser loads or follows.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "poster": true, "cite": true, "action": true, "formaction": true,
	"srcset": true, "background": true, "longdesc": true, "data": true, "xlink:href": true, "ping": true,
}

// safeURL matches an address with a safe scheme or none, for attributes
// bluemonday does not check as URLs itself (source.src, video.poster).
var safeURL = regexp.MustCompile(`^(?i:https?://|mailto:|tel:|[^\s:/?#]*(?:[/?#]|$))[^\s]*$`)

// policy returns the allow-list for raw HTML: bluemonday's policy for
// user content (text, links, images, lists, tables, details/summary,
// figure/figcaption; headings keep their ids) plus audio and video with
// their sources and captions, code's language class that fenced code
// blocks get, and tel: links. Links keep no rel="nofollow": the content
// is the program's own.
func policy() *bluemonday.Policy {
	p := bluemonday.UGCPolicy()
	p.RequireNoFollowOnLinks(false)
	p.AllowURLSchemes("mailto", "http", "https", "tel")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^language-[\w+#.-]+$`)).OnElements("code")
	p.AllowAttrs("src").OnElements("audio", "video", "track") // checked as URLs by bluemonday
	p.AllowAttrs("src").Matching(safeURL).OnElements("source")
	p.AllowAttrs("poster").Matching(safeURL).OnElements("video")
	p.AllowAttrs("controls", "loop", "muted", "playsinline").Matching(regexp.MustCompile(`^$|^(?i:controls|loop|muted|playsinline|true)$`)).OnElements("audio", "video")
	p.AllowAttrs("preload").Matching(regexp.MustCompile(`^(?i:none|metadata|auto)?$`)).OnElements("audio", "video")
	p.AllowAttrs("width", "height").Matching(bluemonday.NumberOrPercent).OnElements("video")
	p.AllowAttrs("type").Matching(regexp.MustCompile(`^[\w.+-]+/[\w.+-]+(\s*;[^<>"]*)?$`)).OnElements("source")
	p.AllowAttrs("media").Matching(bluemonday.Paragraph).OnElements("source")
	p.AllowAttrs("kind").Matching(regexp.MustCompile(`^(?i:subtitles|captions|descriptions|chapters|metadata)$`)).OnElements("track")
	p.AllowAttrs("srclang").Matching(regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)).OnElements("track")
	p.AllowAttrs("label").Matching(bluemonday.Paragraph).OnElements("track")
	p.AllowAttrs("default").Matching(regexp.MustCompile(`^(?i:default)?$`)).OnElements("track")
	return p
}

// sanitizer removes from raw HTML what could run script or load from
// elsewhere, and says what it removed.
type sanitizer struct{ p *bluemonday.Policy }

func newSanitizer() *sanitizer { return &sanitizer{p: policy()} }

// clean sanitizes a rendered page.
func (s *sanitizer) clean(page []byte) []byte { return s.p.SanitizeBytes(page) }

// removal is something the policy removes from raw HTML, at an offset of
// the Markdown source.
type removal struct {
	off  int
	key  string
	args []any
}

// scan reports what the policy removes from the raw HTML in segs of src:
// elements it does not allow, attributes it drops and links with a scheme
// other than the safe ones. It asks the policy about each tag alone, so
// that the report and the page agree.
func (s *sanitizer) scan(src []byte, segs []span) []removal {
	var raw []byte
	starts := make([]int, len(segs)) // offset in raw where each segment begins
	for i, sg := range segs {
		starts[i] = len(raw)
		raw = append(raw, src[sg.start:sg.stop]...)
	}
	at := func(rawOff int) int {
		i := len(starts) - 1
		for i > 0 && starts[i] > rawOff {
			i--
		}
		return segs[i].start + rawOff - starts[i]
	}
	var out []removal
	z := html.NewTokenizer(bytes.NewReader(raw))
	off := 0
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		tagRaw := z.Raw()
		tagOff := off
		off += len(tagRaw)
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tagRaw = bytes.Clone(tagRaw)
		tok := z.Token()
		if !s.allows(tok.Data) {
			out = append(out, removal{at(tagOff), "designer.markdown.removed_element", []any{tok.Data}})
			continue
		}
		kept := s.keptAttrs(tok)
		seen := map[string]bool{}
		for _, a := range tok.Attr {
			if kept[a.Key] || seen[a.Key] {
				continue
			}
			seen[a.Key] = true
			pos := at(tagOff + attrOffset(tagRaw, a.Key))
			if sch := scheme(a.Val); urlAttrs[a.Key] && sch != "" && !safeSchemes[sch] {
				out = append(out, removal{pos, "designer.markdown.removed_link", []any{sch}})
			} else {
				out = append(out, removal{pos, "designer.markdown.removed_attribute", []any{a.Key}})
			}
		}
	}
}

// allows reports whether the policy keeps an element named name at all:
// title is allowed on every element the policy knows, so an element that
// does not survive with it is one the policy removes.
func (s *sanitizer) allows(name string) bool {
	out := s.p.Sanitize("<" + name + ` title="t">`)
	return strings.HasPrefix(out, "<"+name)
}

// keptAttrs returns the attributes of tok that the policy keeps.
func (s *sanitizer) keptAttrs(tok html.Token) map[string]bool {
	kept := map[string]bool{}
	z := html.NewTokenizer(strings.NewReader(s.p.Sanitize(tok.String())))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return kept
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			if t.Data != tok.Data {
				continue
			}
			for _, a := range t.Attr {
				kept[a.Key] = true
			}
			return kept
		}
	}
}

// attrOffset returns where the attribute key starts in a raw tag, or 0.
func attrOffset(tag []byte, key string) int {
	low := bytes.ToLower(tag)
	for from := 1; from < len(low); {
		i := bytes.Index(low[from:], []byte(key))
		if i < 0 {
			return 0
		}
		i += from
		end := i + len(key)
		before := low[i-1]
		if (before == ' ' || before == '\t' || before == '\n' || before == '\r' || before == '\f' || before == '/' || before == '"' || before == '\'') &&
			(end == len(low) || strings.IndexByte(" \t\n\r\f=/>", low[end]) >= 0) {
			return i
		}
		from = end
	}
	return 0
}

// scheme returns the lower-case scheme of a URL as a browser reads it,
// ignoring the white space and control characters it skips, or "" for a
// relative URL.
func scheme(u string) string {
	var b strings.Builder
	for _, r := range u {
		if r <= ' ' || r == 0x7f {
			continue
		}
		if r == ':' {
			s := strings.ToLower(b.String())
			if s == "" || !isScheme(s) {
				return ""
			}
			return s
		}
		if r == '/' || r == '?' || r == '#' {
			return ""
		}
		b.WriteRune(r)
	}
	return ""
}

func isScheme(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
		case i > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.'):
		default:
			return false
		}
	}
	return true
}

// span is a range of the Markdown source.
type span struct{ start, stop int }

// rawSpans returns where the raw HTML of n is in the source.
func rawSpans(n ast.Node) []span {
	var out []span
	switch n := n.(type) {
	case *ast.HTMLBlock:
		for i := 0; i < n.Lines().Len(); i++ {
			l := n.Lines().At(i)
			out = append(out, span{l.Start, l.Stop})
		}
		if n.HasClosure() {
			out = append(out, span{n.ClosureLine.Start, n.ClosureLine.Stop})
		}
	case *ast.RawHTML:
		for i := 0; i < n.Segments.Len(); i++ {
			sg := n.Segments.At(i)
			out = append(out, span{sg.Start, sg.Stop})
		}
	}
	return out
}
