package view

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
