package view

// VideoSettingsData is the unit's video service page ("Videomöten"): the
// template and its form, for unit admins.
type VideoSettingsData struct {
	Action   string
	Template string
	// Error is why the template typed was refused, "" when it was not.
	Error string
	// Connected says the unit has a service now; Example is the address a
	// meeting would open, with an example room.
	Connected bool
	Example   string
	Max       int
}

// VideoForm is the form that adds a video meeting to the planning.
type VideoForm struct {
	Action                  string
	Title, Date, Time, Note string
	Errors                  map[string]string
	MaxTitle, MaxNote       int
}

// videoNow writes the "video_now" partial: the video meetings that can be
// opened now, each a button, on the citizen's overview (overview.go) and,
// as the template function "videoNow", on the clinician's manage view;
// nothing when there are none.
func videoNow(m markup, links []Link, t Translate) {
	if len(links) == 0 {
		return
	}
	m.raw("<section class=\"notice video-now\" aria-labelledby=\"video-now-h\">\n<h2 id=\"video-now-h\">")
	m.text(t("video.now.heading"))
	m.raw("</h2>\n<ul>")
	for _, l := range links {
		m.raw(`<li><a class="button primary" href="`)
		m.url(l.Href)
		m.raw(`" rel="noopener noreferrer">`)
		m.text(t("video.join"))
		m.raw(`<span class="visually-hidden">: `)
		m.text(l.Label)
		m.raw("</span></a> ")
		m.text(l.Label)
		m.raw("</li>")
	}
	m.raw("</ul>\n</section>")
}
