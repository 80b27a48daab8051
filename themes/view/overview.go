package view

import (
	"fmt"
	"strconv"
)

// The citizen's overview is the page every citizen request comes to, and
// its own part was about half the handler's CPU as a template: html/template
// calls each escaper and each t by reflection. It is written in Go like the
// frame (see markup), byte for byte what citizen_overview.html wrote
// (TestOverviewGolden, whose golden files that template wrote).

// overviewMain writes the "main" of page citizen_overview, whose Data is
// an *OverviewData: the tabs, the notices, the video meetings open now,
// the notifications, the quick guide on the first visit, the welcome
// text, the progress, and the current and completed modules.
func overviewMain(m markup, p *Page, t Translate) error {
	var d *OverviewData
	switch v := p.Data.(type) {
	case nil:
	case *OverviewData:
		d = v
	default:
		return fmt.Errorf("overview: data is %T, not *OverviewData", p.Data)
	}
	if d == nil {
		return nil // as the template's {{with .Data}}
	}
	m.raw("\n<h1>")
	m.text(d.Title)
	m.raw("</h1>\n")
	tabs(m, d.Tabs, t)
	m.raw("\n")
	if d.Notice != "" {
		m.raw(`<p class="notice" role="status">`)
		m.text(d.Notice)
		m.raw("</p>")
	}
	m.raw("\n")
	if b := d.Battery; b != nil {
		m.raw("<section class=\"notice battery\" role=\"status\" aria-labelledby=\"battery-h\">\n <h2 id=\"battery-h\">")
		m.text(b.Title)
		m.raw("</h2>\n <p>")
		m.text(b.Text)
		m.raw("</p>\n <p><a class=\"button primary\" href=\"")
		m.url(b.Href)
		m.raw(`">`)
		m.text(b.Label)
		m.raw("</a></p>\n</section>")
	}
	m.raw("\n")
	videoNow(m, d.Video, t)
	m.raw("\n")
	if d.Inbox != nil && len(d.Inbox.Items) > 0 {
		inbox(m, d.Inbox, t)
	}
	m.raw("\n")
	if d.ShowGuide {
		m.raw("<section class=\"guide\" aria-labelledby=\"guide-h\">\n <h2 id=\"guide-h\">")
		m.text(t("web.overview.guide"))
		m.raw("</h2>\n ")
		m.raw(string(d.QuickGuide))
		m.raw("\n <p class=\"muted\">")
		m.text(t("web.overview.guide.later"))
		m.raw("</p>\n</section>")
	}
	m.raw("\n")
	if d.Welcome != "" {
		m.raw(`<section class="welcome" aria-label="`)
		m.text(t("web.overview.welcome"))
		m.raw(`">`)
		m.raw(string(d.Welcome))
		m.raw("</section>")
	}
	m.raw("\n")
	if d.Recommended != 0 {
		progress(m, d, t)
	}
	m.raw("\n<section aria-labelledby=\"current-h\">\n<h2 id=\"current-h\">")
	m.text(t("web.overview.current"))
	m.raw("</h2>\n")
	if len(d.Current) == 0 {
		m.raw("<p>")
		m.text(t("web.overview.current.none"))
		m.raw("</p>")
	}
	for _, mv := range d.Current {
		keptModule(m, mv, p.Lang, t)
	}
	m.raw("\n</section>\n")
	if len(d.Completed) > 0 {
		m.raw("<section aria-labelledby=\"completed-h\" class=\"completed\">\n<h2 id=\"completed-h\">")
		m.text(t("web.overview.completed"))
		m.raw("</h2>\n")
		for _, mv := range d.Completed {
			keptModule(m, mv, p.Lang, t)
		}
		m.raw("\n</section>")
	}
	m.raw("\n")
	return nil
}

// progress writes the citizen's day of the program's recommended days,
// the bar full once they are past them.
func progress(m markup, d *OverviewData, t Translate) {
	m.raw("<section class=\"progress\" aria-labelledby=\"progress-h\">\n <h2 id=\"progress-h\" class=\"visually-hidden\">")
	m.text(t("web.overview.progress"))
	m.raw("</h2>\n <label for=\"progress-bar\">")
	m.text(t("web.overview.day", d.Days, d.Recommended))
	m.raw("</label>\n <progress id=\"progress-bar\" max=\"")
	m.raw(strconv.Itoa(d.Recommended))
	m.raw(`" value="`)
	m.raw(strconv.Itoa(min(d.Days, d.Recommended)))
	m.raw(`">`)
	m.raw(strconv.Itoa(d.Percent))
	m.raw(" %</progress>\n</section>")
}
