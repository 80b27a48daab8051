package view

// The citizen's overview lists every module open to them with every step,
// and the tabs head every page of an enrolment. Both are written in Go
// (see markup): as templates they were most of the overview's CPU, a call
// by reflection for each value of each step. The overview (overview.go)
// writes them itself; the other pages call the tabs as the template
// function "tabs" (funcs).

// module writes a module of the citizen's overview: its heading, its
// description, the link to its PDF, and each section with its steps,
// whose badges SetBadge has filled.
func module(m markup, mv *ModuleView, t Translate) {
	m.raw("\n<section class=\"module\" id=\"m-")
	m.text(mv.ID)
	m.raw("\" aria-labelledby=\"m-")
	m.text(mv.ID)
	m.raw("-h\">\n<h3 id=\"m-")
	m.text(mv.ID)
	m.raw("-h\">")
	m.text(mv.Title)
	m.raw("</h3>\n")
	if mv.Description != "" {
		m.raw("<p>")
		m.text(mv.Description)
		m.raw("</p>")
	}
	m.raw("\n")
	if mv.PDF != "" {
		m.raw(`<p><a class="pdf" href="`)
		m.url(mv.PDF)
		m.raw(`">`)
		m.text(t("web.module.pdf"))
		m.raw(`<span class="visually-hidden">: `)
		m.text(mv.Title)
		m.raw("</span></a></p>")
	}
	m.raw("\n")
	for _, sec := range mv.Sections {
		m.raw("\n ")
		if sec.Title != "" {
			m.raw("<h4>")
			m.text(sec.Title)
			m.raw("</h4>")
		}
		m.raw("\n <ul class=\"steps\">\n ")
		for _, l := range sec.Steps {
			stepItem(m, l)
		}
		m.raw("\n </ul>\n")
	}
	m.raw("\n</section>\n")
}

// keptMarkup is a module's markup in one language.
type keptMarkup struct{ lang, html string }

// keptModule writes mv as module does, in language lang, from the markup
// an earlier call kept with mv when there is one: the lists the overview
// shows are made once per state of the enrolment and language
// (runtime.Enrolment.Memo) and never change, so neither does their
// markup, and a return to the overview writes each module with one copy.
func keptModule(m markup, mv *ModuleView, lang string, t Translate) {
	if k := mv.kept.Load(); k != nil && k.lang == lang {
		m.raw(k.html)
		return
	}
	start := m.Len()
	module(m, mv, t)
	mv.kept.Store(&keptMarkup{lang: lang, html: string(m.Bytes()[start:])})
}

// stepItem writes a step of the citizen's list: the icon and the words of
// its kind, the link, and the badge that says where the citizen is with it.
func stepItem(m markup, l *StepLink) {
	m.raw(`<li class="`)
	m.text(l.Class)
	m.raw(`"><span class="kind">`)
	m.raw(l.icon)
	m.raw(`<span class="visually-hidden">`)
	m.text(l.kind)
	m.raw(`: </span></span><a href="`)
	m.url(l.Href)
	m.raw(`">`)
	m.text(l.Title)
	m.raw(`</a> <span class="badge `)
	m.text(l.BadgeClass)
	m.raw(`">`)
	m.raw(l.mark)
	m.text(l.Badge)
	m.raw("</span></li>\n")
}

// tabs writes the tabs of an enrolment's pages, the current one marked;
// nothing when there are none.
func tabs(m markup, ts []Link, t Translate) {
	if len(ts) == 0 {
		return
	}
	m.raw(`<nav class="tabs" aria-label="`)
	m.text(t("web.overview.tabs"))
	m.raw(`">`)
	linkList(m, ts, false) // a tab's label says its count
	m.raw("</nav>")
}
