package view

import "html/template"

// UnitsData lists the units a staff member works on.
type UnitsData struct {
	Units []Link
}

// ListData is a clinician's list of enrolments: "Mina", "Alla" or
// "Avslutade".
type ListData struct {
	// View is "mine", "all", "maintenance" or "ended".
	View     string
	Rows     []ListRow
	StartURL string
	// Action is where the form that picks the order and page size goes
	// (GET); Sorts and Sizes are its choices, the current one checked.
	Action string
	Sorts  []OptionView
	Sizes  []OptionView
	// Showing says which rows of how many the page shows, e.g. "Visar
	// 1–50 av 10 000"; Prev and Next are the neighbouring pages' URLs,
	// empty when there is none.
	Showing    string
	Prev, Next string
}

// ListRow is one enrolment in a list.
type ListRow struct {
	Href       string
	Name       string
	PNR        string
	Program    string
	Clinician  string
	Started    string
	LastActive string
	// Flags is the number of flags to review; Urgent is set when one is urgent.
	Flags  int
	Urgent bool
	// Unread is the number of submitted forms not yet read.
	Unread int
	// Messages is the number of unread messages from the citizen, in
	// words; empty when none.
	Messages  string
	Ended     string
	EndReason string
	// MaintenanceLastDay is the last day of its maintenance period, in
	// the "maintenance" list.
	MaintenanceLastDay string
}

// StartData is the form that starts a program for a citizen.
type StartData struct {
	Action     string
	PNR        string
	Name       string
	Program    string
	Clinician  string
	Programs   []OptionView
	Clinicians []OptionView
	// Errors maps a field name to its translated error.
	Errors map[string]string
}

// ManageData is the clinician's view of one enrolment.
type ManageData struct {
	// Header is the summary and the tabs above every tab.
	Header      *ManageHeader
	ID          string
	Name        string
	PNR         string
	Program     string
	Bundle      string
	Started     string
	LastActive  string
	Days        int
	Recommended int
	Percent     int
	Clinician   string
	Mobile      string
	// Welcome is the editable welcome text; ProgramWelcome the program's
	// own, shown when Welcome is empty.
	Welcome        string
	ProgramWelcome template.HTML
	WelcomeAction  string
	Current        []*ModuleView
	Upcoming       []*ModuleView
	Completed      []*ModuleView
	Submissions    []*SubmissionView
	Reviews        []*ReviewView
	// Batteries lists every occasion of the batteries given so far.
	Batteries []BatteryRow
	ReadOnly  bool
	// GuardiansURL is the page of the citizen's guardians (people.go).
	GuardiansURL string
	// EndAction ends the enrolment with one of EndReasons;
	// MaintenanceAction starts or stops maintenance (field "on" = "1" or "0").
	EndAction         string
	EndReasons        []OptionView
	MaintenanceAction string
	// ClinicianAction hands the enrolment to one of Clinicians (citizen
	// admins only).
	ClinicianAction string
	Clinicians      []OptionView
	Ended           string
	EndReason       string
	Maintenance     bool
	Back            string
	// Related are lines about handover and linked enrolments, each a
	// link where it has one.
	Related []Link
	// Provenance says who published a signed bundle (publisher, key,
	// version, hash), beside Bundle; empty for an unsigned one.
	Provenance string
}

// SubmissionView is a submitted form, for the clinician.
type SubmissionView struct {
	ID    string
	Title string
	// Step is the title of the step the form was filled on.
	Step   string
	At     string
	Read   bool
	ReadAt string
	ReadBy string
	// By says who filled it when not the citizen: "av ombud <name>".
	By string
	// Action marks the submission read; empty once read.
	Action string
	// Answers are the questions and options of the version the answers
	// were given on, with the answers.
	Answers *FormView
	Version string
	// Scores are the form's scores in words, e.g. "Sömnbesvär: 12 (Måttliga)".
	Scores []string
	PDF    string
	// NotFound is set when that form version is no longer stored.
	NotFound bool
}

// ReviewView is a flag raised for review.
type ReviewView struct {
	ID         string
	Title      string
	At         string
	Urgent     bool
	Done       bool
	DoneAt     string
	DoneBy     string
	Action     string
	Submission string
	// AckAction acknowledges ("kvittera") an unacknowledged urgent event;
	// Acknowledged says when and by whom it was, and Escalations each
	// level it went to unacknowledged, in words.
	AckAction    string
	Acknowledged string
	Escalations  []string
}

// ProgramsData is the unit admin's list of published programs.
type ProgramsData struct {
	Programs []*ProgramRow
	// PublishAction is where a bundle's zip is uploaded to be published.
	PublishAction string
	// PublishError says why an upload was refused, with its code.
	PublishError *ErrorData
	// Shared is the page of programs from other regions, empty when the
	// region trusts no catalogue.
	Shared string
}

// ProgramRow is a published program and its versions.
type ProgramRow struct {
	ID     string
	Title  string
	Active string
	// Running says how many running enrolments of the unit the program
	// has, in words.
	Running  string
	Versions []*VersionRow
	// SelfEnrol is the unit's self-enrolment control of the active version.
	SelfEnrol *SelfEnrolView
}

// VersionRow is one published version of a program.
type VersionRow struct {
	Bundle    string
	Version   string
	Published string
	Active    bool
	// Activate posts to activate the version; empty when it is active.
	Activate string
	// Rollout is the page that moves running enrolments to the version,
	// set for a newer compatible version than some enrolments run.
	Rollout string
	// Major marks a version that only new enrolments get.
	Major bool
	// Provenance says where an imported version comes from (publisher,
	// key, hash); empty for this region's own.
	Provenance string
	// Running says how many running enrolments of the unit are on the
	// version, in words; empty for none.
	Running string
}

// RolloutData shows which enrolments would move to a new minor version
// and what changes for them, then moves them.
type RolloutData struct {
	Program    string
	From       []string
	To         string
	Compatible bool
	Changes    []string
	Rows       []RolloutRow
	Action     string
	Back       string
	// Moving is how many enrolments move. Rows name them only for staff
	// with a care role on the unit; for anyone else Rows is empty and
	// Counts says how many move from each version.
	Moving int
	Counts []string
	// More says that Rows name only the first of those that move.
	More string
}

// RolloutRow is an enrolment that would move.
type RolloutRow struct {
	ID      string
	Name    string
	PNR     string
	Bundle  string
	Started string
	Href    string
}
