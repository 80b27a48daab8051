package view

import "strconv"

// InboxView is a list of notifications ("aviseringar"): on the citizen's
// start page and overview, and on a unit's notifications page for staff.
type InboxView struct {
	Unread int
	Items  []InboxItemView
	// CSRF is the token of the mark-read forms.
	CSRF string
	// Settings links to the contact settings; empty hides the link.
	Settings string
}

// InboxItemView is one notification.
type InboxItemView struct {
	Key     string
	Message string
	At      string
	Urgent  bool
	Read    bool
	// Href is where the notification points: the enrolment, for staff
	// its manage view; empty for no link.
	Href string
	// MarkRead is where "markera som läst" posts; Next is where it
	// returns.
	MarkRead string
	Next     string
}

// ContactData is the form of a person's notification settings.
type ContactData struct {
	Action  string
	Email   string
	Mobile  string
	ByEmail bool
	BySMS   bool
	// Errors are the translated errors by field: "email", "mobile".
	Errors map[string]string
	// Intro says what is sent, translated.
	Intro string
}

// inbox writes the "inbox" partial: the notifications of v with their
// unread count and a "markera som läst" button on each unread one;
// nothing for nil. The citizen's overview (overview.go), which every
// citizen request renders, writes it itself; the start page and the inbox
// page call it as the template function "inbox".
func inbox(m markup, v *InboxView, t Translate) {
	if v == nil {
		return
	}
	m.raw("<section class=\"inbox\" aria-labelledby=\"inbox-h\">\n<h2 id=\"inbox-h\">")
	m.text(t("web.inbox.title"))
	if v.Unread != 0 {
		m.raw(` <span class="count" aria-label="`)
		m.text(t("web.inbox.unread", v.Unread))
		m.raw(`">`)
		m.raw(strconv.Itoa(v.Unread))
		m.raw("</span>")
	}
	m.raw("</h2>\n")
	if v.Settings != "" {
		m.raw(`<p><a href="`)
		m.url(v.Settings)
		m.raw(`">`)
		m.text(t("web.inbox.settings"))
		m.raw("</a></p>")
	}
	m.raw("\n")
	if len(v.Items) == 0 {
		m.raw("<p>")
		m.text(t("web.inbox.none"))
		m.raw("</p>\n</section>")
		return
	}
	m.raw(`<ul class="inbox-items">`)
	for i := range v.Items {
		inboxItem(m, &v.Items[i], v.CSRF, t)
	}
	m.raw("</ul>\n\n</section>")
}

// inboxItem writes one notification, with the form that marks it read
// (posting the token csrf) while it is unread.
func inboxItem(m markup, it *InboxItemView, csrf string, t Translate) {
	m.raw(`<li class="inbox-item`)
	if !it.Read {
		m.raw(" unread")
	}
	if it.Urgent {
		m.raw(" urgent")
	}
	m.raw("\">\n <p>")
	if it.Urgent {
		m.raw("<strong>")
		m.text(t("web.inbox.urgent"))
		m.raw("</strong> ")
	}
	msg := it.Message
	if msg == "" {
		msg = t("web.inbox.new")
	}
	if it.Href != "" {
		m.raw(`<a href="`)
		m.url(it.Href)
		m.raw(`">`)
		m.text(msg)
		m.raw("</a>")
	} else {
		m.text(msg)
	}
	m.raw("</p>\n <p class=\"muted\">")
	m.text(it.At)
	if it.Read {
		m.raw(" · ")
		m.text(t("web.inbox.read"))
	}
	m.raw("</p>\n ")
	if !it.Read {
		m.raw(`<form method="post" action="`)
		m.url(it.MarkRead)
		m.raw(`" class="inline">`)
		postFields(m, csrf)
		m.raw(`<input type="hidden" name="key" value="`)
		m.text(it.Key)
		m.raw(`"><input type="hidden" name="next" value="`)
		m.text(it.Next)
		m.raw(`"><button type="submit" class="link">`)
		m.text(t("web.inbox.mark_read"))
		m.raw("</button></form>")
	}
	m.raw("\n</li>")
}
