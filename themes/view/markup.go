package view

import (
	"bytes"
	"html/template"
	"strings"
)

// markup writes HTML by hand into a buffer, for the parts of a page that
// every request renders: the frame (frame.go), the tabs and the citizen's
// modules (module.go) and the rest of the citizen's overview (overview.go).
// html/template calls its escapers by reflection once for every value it
// writes, and on the citizen's overview those calls were most of the
// page's CPU. markup escapes each value for where it goes exactly as
// html/template does, so that the pages are byte for byte what the
// templates wrote (TestFrameGolden, TestOverviewGolden, TestMarkupEscapes).
type markup struct{ *bytes.Buffer }

// raw writes s as it is: constant markup, or HTML a compiled bundle holds.
func (m markup) raw(s string) { m.WriteString(s) }

// text writes s as text or as a quoted attribute's value, escaped as
// html/template escapes a string there.
func (m markup) text(s string) {
	if !strings.ContainsAny(s, "\x00\"&'+<>") {
		m.WriteString(s) // the common case: nothing to escape
		return
	}
	last := 0
	for i := 0; i < len(s); i++ {
		var r string
		switch s[i] {
		case 0:
			r = "\uFFFD"
		case '"':
			r = "&#34;"
		case '&':
			r = "&amp;"
		case '\'':
			r = "&#39;"
		case '+':
			r = "&#43;"
		case '<':
			r = "&lt;"
		case '>':
			r = "&gt;"
		default:
			continue
		}
		m.WriteString(s[last:i])
		m.WriteString(r)
		last = i + 1
	}
	m.WriteString(s[last:])
}

// url writes s as the value of a quoted URL attribute (href, action, src)
// as html/template does: a URL whose scheme is not http, https or mailto
// becomes "#ZgotmplZ", bytes a URL may not hold are percent-encoded, and
// the result is escaped as an attribute's value.
func (m markup) url(s string) {
	if !safeURL(s) {
		m.WriteString("#ZgotmplZ")
		return
	}
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$*,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue // an escape already
		case c == '&':
			m.WriteString(s[last:i])
			m.WriteString("&amp;")
		case c == '+':
			m.WriteString(s[last:i])
			m.WriteString("&#43;")
		default:
			m.WriteString(s[last:i])
			m.Write([]byte{'%', hex[c>>4], hex[c&15]})
		}
		last = i + 1
	}
	m.WriteString(s[last:])
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// safeURL reports whether s is a URL html/template lets through: no
// scheme, or http, https or mailto.
func safeURL(s string) bool {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return true
	}
	return strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto")
}

// htmlOf is what write writes, for a template to include as it is: the
// parts written in Go (tabs, inbox, videoNow) as template functions.
func htmlOf(write func(m markup)) template.HTML {
	var b bytes.Buffer
	write(markup{&b})
	return template.HTML(b.String())
}
