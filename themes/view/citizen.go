package view

import (
	"html/template"
	"sync/atomic"
)

// CitizenHomeData is the citizen's start page: their enrolments.
type CitizenHomeData struct {
	Open   []EnrolmentCard
	Closed []EnrolmentCard
	// Inbox is the citizen's notifications.
	Inbox *InboxView
	// People is what the start page offers beyond the enrolments: the
	// children a guardian may act for, and self-enrolment (people.go).
	People *HomePeople
}

// EnrolmentCard is one enrolment on the citizen's start page.
type EnrolmentCard struct {
	Href        string
	Title       string
	Description string
	Started     string
	// State is the translated state: open, maintenance or ended.
	State    string
	ReadOnly bool
}

// OverviewData is the overview of an enrolment, and the quick guide page.
type OverviewData struct {
	Title   string
	Welcome template.HTML
	// Days is the number of days since start, Recommended the program's
	// recommended days; Percent is Days of Recommended, at most 100.
	Days        int
	Recommended int
	Percent     int
	Tabs        []Link
	Current     []*ModuleView
	Completed   []*ModuleView
	QuickGuide  template.HTML
	// ShowGuide opens the quick guide on the overview: the first visit.
	ShowGuide bool
	GuideURL  string
	// ReadOnly is set in maintenance and after the end; Notice says why.
	ReadOnly bool
	Notice   string
	// Battery is set while a battery is due and the content waits.
	Battery *BatteryNotice
	// Video are the video meetings that can be opened now, by title.
	Video []Link
	// Inbox is the enrolment's notifications to the citizen; nil hides it.
	Inbox *InboxView
}

// ModuleView is a module with its sections and steps, for the citizen's
// overview and the clinician's manage view. Once the overview has
// written it, it must not change: the overview keeps its markup with it
// (keptModule).
type ModuleView struct {
	// kept is the module's markup as the overview last wrote it.
	kept atomic.Pointer[keptMarkup]

	ID          string
	Title       string
	Description string
	Status      string
	// StatusLabel is the translated status.
	StatusLabel string
	Started     string
	Completed   string
	PDF         string
	Sections    []*SectionView
	// Staff actions; empty when not allowed.
	StartAction    string
	CompleteAction string
	// Steps and Opened count the module's steps and those opened.
	Steps  int
	Opened int
	// Counts sums up the module for the clinician's collapsed list, e.g.
	// "3 av 8 sidor öppnade · 2 formulär inskickade, 1 oläst".
	Counts string
	// Unread counts the module's submitted forms not yet read.
	Unread int
}

// SectionView is a section and its steps.
type SectionView struct {
	Title string
	Steps []*StepLink
}

// StepLink is a step in a list.
type StepLink struct {
	Href  string
	Title string
	Kind  string
	// Opened is set when the citizen has opened the step; OpenedAt says when.
	Opened   bool
	OpenedAt string
	// Form is "" for a step without a form, else FormTodo, FormDraft or
	// FormDone.
	Form string
	// Hidden is set when the clinician hid the step (staff views only).
	Hidden bool
	// Class, Badge and BadgeClass are how the citizen's list shows the
	// step; SetBadge fills them from Opened and Form, with the icon, the
	// kind's words and the mark the list item shows (module.go).
	Class      string
	Badge      string
	BadgeClass string
	icon       string
	kind       string
	mark       string
	// Staff actions.
	HideAction string
	ShowAction string
}

// Form states of a StepLink.
const (
	FormTodo  = "todo"
	FormDraft = "draft"
	FormDone  = "done"
)

// StepView is a step page: its text, its media and, for a form step, the
// form. The preview fills it too.
type StepView struct {
	ProgramTitle string
	ModuleTitle  string
	SectionTitle string
	Title        string
	Kind         string
	Body         template.HTML
	Media        *MediaView
	// Audio is the URL of a text page's recording, read aloud; the page
	// is its text.
	Audio string
	// PDF is the URL of the step's printable PDF, if offered.
	PDF  string
	Form *FormView
	// Back is the overview; Prev and Next are the neighbouring steps.
	Back string
	Prev *Link
	Next *Link
	// Tabs are the program's tabs, as on the overview.
	Tabs []Link
	// Comments is the comment box under a step that takes comments.
	Comments *CommentsView
	// Bookmark is the bookmark control, in a program with bookmarks.
	Bookmark *BookmarkControl
}

// MediaView is the audio or video of a media step, by URL.
type MediaView struct {
	Audio    string
	Video    string
	Poster   string
	Captions string
	// CaptionsLang is the language of the captions track.
	CaptionsLang string
	Transcript   template.HTML
}

// SetBadge fills in how the step shows in the citizen's list: read or
// unread, and for a form step whether it is to do, a draft or done, with
// the icons of the regions' platform (a book or a form before the title,
// a dot for unread or to fill in, an eye for a form sent, which can only
// be looked at), each beside its words. The citizen's module list
// (module.go) writes the item from them.
func (l *StepLink) SetBadge(t Translate) {
	l.Class = "unread"
	if l.Opened {
		l.Class = "read"
	}
	var mark string // before the badge's words
	switch l.Form {
	case FormDone:
		l.Badge, l.BadgeClass, mark = t("web.step.form.done"), "done", iconEye
	case FormDraft:
		l.Badge, l.BadgeClass, mark = t("web.step.form.draft"), "todo", dotTodo+" "
	case FormTodo:
		l.Badge, l.BadgeClass, mark = t("web.step.form.todo"), "todo", dotTodo+" "
	default:
		if l.Opened {
			l.Badge, l.BadgeClass = t("web.step.read"), "done"
		} else {
			l.Badge, l.BadgeClass, mark = t("web.step.unread"), "new", dotUnread+" "
		}
	}
	l.icon, l.kind, l.mark = iconBook, t("web.step.kind.text"), mark
	if l.Form != "" {
		l.Class += " form-" + l.Form
		l.icon, l.kind = iconForm, t("web.step.kind.form")
	}
}
