package view

import (
	"strconv"

	"github.com/stegvis/stegvis/themes"
)

// The frame is what every page has around its "main" template: the head,
// the header with the banners, the signed-in user and the menu, the flash
// notice, and the footer. It is written in Go (see markup) because every
// request renders it; the page's own part is a template, or Go for the
// pages in goPages (overview.go).

// head writes the frame up to and including the flash notice, where the
// page's "main" begins.
func (t *Templates) head(m markup, p *Page, cat *themes.Catalog) {
	m.raw("<!doctype html>\n<html lang=\"")
	m.text(p.Lang)
	m.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
	if p.Title != "" {
		m.text(p.Title)
		m.raw(" – ")
	}
	m.text(cat.T("web.app"))
	m.raw("</title>\n<link rel=\"stylesheet\" href=\"")
	m.url(t.assets.URL("app.css"))
	m.raw("\">\n<script src=\"")
	m.url(t.assets.URL("app.js"))
	m.raw("\" defer></script>\n</head>\n<body>\n")
	m.raw(iconSprite)
	m.raw("\n<a class=\"skip\" href=\"#main\">")
	m.text(cat.T("web.skip"))
	m.raw("</a>\n<header class=\"top\">\n ")
	if p.Dev {
		m.raw(`<div class="devbanner" role="note">`)
		m.text(cat.T("web.dev.banner"))
		m.raw("</div>")
	}
	m.raw("\n ")
	if p.Preview {
		m.raw(`<div class="devbanner" role="note">`)
		m.text(cat.T("web.preview.banner"))
		m.raw("</div>")
	}
	m.raw("\n ")
	if a := p.Acting; a != nil {
		m.raw(`<div class="acting" role="note"><strong>`)
		m.text(cat.T("people.acting", a.Child))
		m.raw(`</strong> `)
		postForm(m, a.Stop, p.CSRF, cat.T("people.acting.stop"))
		m.raw("</div>")
	}
	m.raw("\n <div class=\"bar\">\n  <a class=\"brand\" href=\"/\">")
	m.text(cat.T("web.app"))
	m.raw("</a>\n  ")
	if u := p.Unit; u != nil {
		m.raw(`<a class="unit" href="`)
		m.url(u.Href)
		m.raw(`">`)
		m.text(u.Label)
		m.raw("</a>")
	}
	m.raw("\n  <div class=\"who\">\n  ")
	if u := p.User; u != nil {
		m.raw(`<span class="name">`)
		m.text(u.Name)
		m.raw("</span>")
		if u.Role != "" {
			m.raw(` <span class="role">`)
			m.text(u.Role)
			m.raw("</span>")
		}
	}
	m.raw("\n  ")
	if p.SignOut != "" {
		postForm(m, p.SignOut, p.CSRF, cat.T("web.signout"))
	}
	m.raw("\n  </div>\n </div>\n ")
	if len(p.Nav) > 0 {
		m.raw(`<nav class="mainnav" aria-label="`)
		m.text(cat.T("web.nav.main"))
		m.raw(`">`)
		linkList(m, p.Nav, true)
		m.raw("</nav>")
	}
	m.raw("\n</header>\n<main id=\"main\" tabindex=\"-1\">\n")
	if p.Flash != "" {
		if p.FlashError {
			m.raw(`<div class="flash error" role="alert">`)
		} else {
			m.raw(`<div class="flash" role="status">`)
		}
		m.text(p.Flash)
		m.raw("</div>")
	}
	m.raw("\n")
}

// foot writes the frame after the page's "main".
func (t *Templates) foot(m markup, p *Page, cat *themes.Catalog) {
	m.raw("\n</main>\n<footer class=\"foot\"><p>")
	m.text(cat.T("web.footer"))
	m.raw("</p>\n")
	if p.SignOutEverywhere != "" {
		postForm(m, p.SignOutEverywhere, p.CSRF, cat.T("signin.signout_everywhere"))
	}
	m.raw("</footer>\n</body>\n</html>\n")
}

// linkList writes links as a list, the current page's marked, each with
// its count beside the label when withCount is set and it is not zero.
func linkList(m markup, links []Link, withCount bool) {
	m.raw("<ul>")
	for _, l := range links {
		m.raw(`<li><a href="`)
		m.url(l.Href)
		m.raw(`"`)
		if l.Current {
			m.raw(` aria-current="page"`)
		}
		m.raw(">")
		m.text(l.Label)
		if withCount && l.Count != 0 {
			m.raw(` <span class="count">`)
			m.raw(strconv.Itoa(l.Count))
			m.raw("</span>")
		}
		m.raw("</a></li>")
	}
	m.raw("</ul>")
}

// postForm writes a form of one button that posts to action with the
// CSRF token and a fresh idempotency key, as the "post_fields" partial
// does.
func postForm(m markup, action, csrf, button string) {
	m.raw(`<form method="post" action="`)
	m.url(action)
	m.raw(`" class="inline">`)
	postFields(m, csrf)
	m.raw(`<button type="submit" class="link">`)
	m.text(button)
	m.raw("</button></form>")
}

// postFields writes the hidden fields of a form that posts, as the
// "post_fields" partial does: the CSRF token and a fresh idempotency key.
func postFields(m markup, csrf string) {
	m.raw(`<input type="hidden" name="` + CSRFField + `" value="`)
	m.text(csrf)
	m.raw(`"><input type="hidden" name="` + KeyField + `" value="`)
	m.raw(NewKey()) // letters and digits: nothing to escape
	m.raw(`">`)
}
