package view

import "html/template"

// ManageTab is one tab of the clinician's view of an enrolment (Hantera,
// Meddelanden, Tidslinje, Resultat).
type ManageTab struct {
	Href  string
	Label string
	// Current marks the tab of the page shown.
	Current bool
	// Count is shown as a badge when above 0, with CountLabel as its text
	// for screen readers, e.g. "2 olästa".
	Count      int
	CountLabel string
}

// ManageHeader is the summary at the top of every tab of the clinician's
// view, with the tabs: it fits on one screen at 1280 px.
type ManageHeader struct {
	Name string
	// PNR is the formatted personal identity number; templates keep it on
	// one line.
	PNR     string
	Program string
	// Day is the day of the program (the start day is day 0), of
	// Recommended days when the program recommends a length.
	Day, Recommended int
	Clinician        string
	// Unread is the number of submitted forms not yet read, UnreadLabel
	// its text ("1 oläst formulär"); Open and OpenLabel the same for
	// events to review.
	Unread      int
	UnreadLabel string
	Open        int
	OpenLabel   string
	// Ended is the end date and EndReason its reason, for an ended
	// enrolment; Maintenance is set in maintenance.
	Ended       string
	EndReason   string
	Maintenance bool
	Back        string
	Tabs        []ManageTab
	// Video are the video meetings that can be opened now, by title.
	Video []Link
}

// TimelineData is the timeline tab: the filter form and the entries.
type TimelineData struct {
	Header *ManageHeader
	// Action is where the filter form is sent (GET); PDF prints the
	// entries of the filter shown.
	Action string
	PDF    string
	Kinds  []OptionView
	From   string
	To     string
	Week   string
	// Error is the filter's error in words, when the filter was not valid.
	Error string
	// Period says which time the entries cover, in words.
	Period  string
	Entries []TimelineRow
}

// TimelineRow is one entry of the timeline.
type TimelineRow struct {
	// At is the local date and time; Date the local date alone.
	At   string
	Date string
	// Kind is the entry's kind and KindLabel its name.
	Kind      string
	KindLabel string
	// Who did it: a clinician by name, the citizen, a guardian, the system.
	Who  string
	Text string
	// Href links to what the entry is about when it has a page of its
	// own: a message's conversation.
	Href string
}

// ResultsData is the results tab: every score over time, and the
// batteries' occasions.
type ResultsData struct {
	Header    *ManageHeader
	Series    []ResultSeries
	Batteries []BatteryRow
	// PDF links to the results for the patient record.
	PDF string
}

// ResultSeries is one score of one form over time.
type ResultSeries struct {
	// ID is unique on the page, for headings' ids.
	ID        string
	Form      string
	Score     string
	Points    []ResultPoint
	HasBands  bool
	HasPartly bool
	// HasBattery is set when a point was filled for a battery.
	HasBattery bool
	// Registered is set for an activity plan's registrations, which are
	// dated by their occasions rather than when they were sent.
	Registered bool
	// Chart draws the points; the table of Points is its text, and Rows
	// the table's rows (ResultRows).
	Chart *ResultChart
	Rows  template.HTML
}

// ResultPoint is one value of a score.
type ResultPoint struct {
	At    string
	Value string
	Band  string
	// Partly says how many of the score's items were answered, when not
	// all were, e.g. "7 av 9".
	Partly string
	// Battery names the battery the form was filled for, if any.
	Battery string
	// Cells are the row's cells after the value, in the order of the
	// series' columns: band, battery and answered, each when the series
	// has it.
	Cells []string
}
