package view

import (
	"crypto/rand"
	"html/template"
)

// Page is what every page template is executed with: the frame around the
// page and, in Data, the page's own data.
type Page struct {
	Lang string
	// Title is the page's heading and window title, translated.
	Title string
	// User is who is signed in; nil on the sign-in and error pages.
	User *User
	// CSRF is the token every form posts in the field CSRFField.
	CSRF string
	// Nav is the main navigation.
	Nav []Link
	// Unit is the staff member's current unit, if any.
	Unit *Link
	// Flash is a notice from the last action, translated; FlashError makes
	// it an error.
	Flash      string
	FlashError bool
	// Dev shows a banner that the development sign-in is in use.
	Dev bool
	// Preview marks a page rendered by the designer's live preview.
	Preview bool
	// Acting is set while a guardian acts for a child (people.go).
	Acting *Acting
	// SignOut is the URL that signs out; empty hides the button.
	SignOut string
	// SignOutEverywhere is the URL that ends every session of the user.
	SignOutEverywhere string
	Data              any
}

// CSRFField is the name of the hidden field that carries the CSRF token.
const CSRFField = "csrf"

// KeyField is the name of the hidden field that carries a form's
// idempotency key, fresh in each rendered form (NewKey): the runtime
// applies a command with the same key once, however often it is posted.
// The draft script adds a suffix per save, as each is a command of its
// own.
const KeyField = "idem"

// NewKey returns a fresh idempotency key for a form: 128 random bits as
// 26 letters and digits.
func NewKey() string { return rand.Text() }

// User is who is signed in, as the header shows them.
type User struct {
	Name string
	// Role is the translated role, e.g. "Behandlare".
	Role  string
	Staff bool
}

// Link is a link with a translated label.
type Link struct {
	Href    string
	Label   string
	Current bool
	// Count is shown beside the label when not zero, e.g. flags to review.
	Count int
}

// ErrorData is the data of the error page.
type ErrorData struct {
	Status int
	// Code is the error code users can quote to support, e.g. "E404".
	Code    string
	Message string
	// Ref is the request id, to find the log lines.
	Ref string
	// Kept, when set, is the refused post with what was typed, to post
	// again once the cause is gone.
	Kept *KeptForm
}

// KeptForm is a post that failed, given back so nothing typed is lost.
type KeptForm struct {
	Action string
	Fields []KeptField
}

// KeptField is one posted field. Text is shown in a text area to read and
// change; the rest (tokens, choices) is posted again as it was.
type KeptField struct {
	ID, Name, Value string
	Text            bool
}

// SignInData is the data of the sign-in page.
type SignInData struct {
	// Action is where the chooser posts; Redirect, when set, is the
	// provider's own sign-in page to go to instead.
	Action   string
	Redirect string
	Provider string
	Dev      bool
	Choices  []Choice
	Error    string
	// Ways are the buttons that start a sign-in through one of several
	// providers, e.g. one for citizens and one for staff.
	Ways []Link
}

// Choice is an account the development sign-in offers.
type Choice struct {
	ID   string
	Name string
	// Role describes the account, e.g. "Behandlare, Mottagning Syd".
	Role string
}

// HTML marks trusted HTML from a compiled bundle, whose Markdown the
// designer's compiler has rendered and sanitised.
func HTML(s string) template.HTML { return template.HTML(s) }
