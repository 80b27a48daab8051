package view

import "html/template"

// The pages of contacts, planning and bookmarks. Contacts and planning
// are the same pages for the citizen and the staff: the staff's have
// Header (the manage view's summary and tabs), the citizen's Heading and
// Tabs.

// CareTop is the top of a contacts or planning page: the citizen's
// heading and tabs, or the staff's manage header.
type CareTop struct {
	Heading string
	Tabs    []Link
	Header  *ManageHeader
	CSRF    string
	// ReadOnly explains why nothing can be changed (maintenance, the
	// end), translated; empty when the page takes changes.
	ReadOnly string
}

// Who is who did something and when, in words: "Anna Andersson,
// 2026-11-23 10:04".
type Who struct {
	By, At string
}

// ResponsibleView is the responsible clinician, the first contact.
type ResponsibleView struct {
	Name, Unit string
	// Messages links to the messages tab when the program has one.
	Messages string
}

// CareContactItem is one contact in the list.
type CareContactItem struct {
	ID, Name, Role, Phone, Email, Note string
	// PhoneHref is the tel: link of Phone, made of its digits only.
	PhoneHref        template.URL
	Created, Changed Who
	// WasChanged says the contact was changed after it was created.
	WasChanged bool
	// Edit links to the page that changes or removes it; empty when it
	// cannot be changed.
	Edit string
}

// CareContactForm is the form of a contact: empty to add one, filled to
// change one, with the errors of a refused post by field.
type CareContactForm struct {
	Action                              string
	Name, Role, Phone, Email, Note      string
	Errors                              map[string]string
	MaxName, MaxRole, MaxPhone, MaxNote int
	MaxEmail                            int
}

// CareContactsView is the contacts tab.
type CareContactsView struct {
	CareTop
	Responsible ResponsibleView
	Contacts    []CareContactItem
	// Add is the form that adds a contact; nil when none may be added.
	Add *CareContactForm
}

// CareContactEditView is the page that changes or removes one contact.
type CareContactEditView struct {
	CareTop
	Title string
	Form  *CareContactForm
	// Remove is where removing it posts; Back the contacts tab.
	Remove, Back string
}

// PlanningItemView is one planned item.
type PlanningItemView struct {
	ID, Kind, KindLabel, Title string
	// When is the date in words: "onsdag 3 december 2026 kl. 14:00" or
	// "i början av december 2026"; Approx says it is approximate.
	When   string
	Approx bool
	// Date is the exact date, for a <time datetime>; empty otherwise.
	Date             string
	Place, Note      string
	Link             string
	Created, Changed Who
	WasChanged       bool
	Edit             string
	// Join is the link that opens a video meeting now (through stegvis),
	// "" outside its window; VideoNote says when it opens or that it has
	// passed (video.go).
	Join, VideoNote string
}

// PlanningMonthView is one month of the planning list.
type PlanningMonthView struct {
	ID, Heading string
	Items       []PlanningItemView
}

// PlanningForm is the form of a planned item, as CareContactForm.
type PlanningForm struct {
	Action                      string
	Kind, Title, Precision      string
	Date, Time, Month, Part     string
	Place, Note, Link           string
	Kinds, Months, Parts        []OptionView
	Errors                      map[string]string
	MaxTitle, MaxPlace, MaxNote int
	MaxLink                     int
}

// PlanningView is the planning tab: the months shown, links to the
// nearest earlier and later months with items, and the form to add one.
type PlanningView struct {
	CareTop
	Months         []PlanningMonthView
	Earlier, Later *Link
	// Today links back to this month when another is shown.
	Today *Link
	Add   *PlanningForm
	// Video is the form that adds a video meeting (staff, when the unit
	// has a video service); VideoNotice shows what stegvis keeps of video
	// meetings, when there are any or one can be added.
	Video       *VideoForm
	VideoNotice bool
}

// PlanningEditView is the page that changes or removes one item.
type PlanningEditView struct {
	CareTop
	Title        string
	Form         *PlanningForm
	Remove, Back string
	// Note says why there is no form (a video meeting is removed and
	// added anew).
	Note string
}

// BookmarkItem is one bookmark in the list.
type BookmarkItem struct {
	// Href is the step's page; empty when the step cannot be opened now,
	// and the item shows as unavailable.
	Href                   string
	ModuleTitle, StepTitle string
	At                     string
	// Clear is where clearing it posts; empty when it cannot be.
	Clear string
}

// BookmarksView is the bookmarks tab.
type BookmarksView struct {
	Heading   string
	Tabs      []Link
	CSRF      string
	Bookmarks []BookmarkItem
	ReadOnly  string
}

// BookmarkControl is the bookmark button on a step page: a form that
// posts On, the state it sets, with the button pressed when the step is
// bookmarked. Action is empty when it cannot be changed (maintenance, the
// end), and the state shows as text.
type BookmarkControl struct {
	Action string
	// List is the bookmarks tab.
	List   string
	On     string
	Marked bool
	CSRF   string
}
