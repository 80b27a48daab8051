package view

// The pages of an enrolment's life after treatment: starting its
// maintenance period, ending it, and the data admin's purge and export.

// EnrolmentHead names the enrolment a lifecycle page is about.
type EnrolmentHead struct {
	Name    string
	PNR     string
	Program string
	// Back is the manage view or list the page returns to.
	Back string
}

// MaintenanceData is the page that starts an enrolment's maintenance
// period ("vidmakthållande"), which cannot be undone.
type MaintenanceData struct {
	EnrolmentHead
	// Action starts the period; empty once it has started.
	Action string
	// Days is the length asked for, MaxDays its bound.
	Days    string
	MaxDays int
	// Modules are the enrolment's modules, Checked when they stay
	// visible to the citizen (the started ones at first).
	Modules []OptionView
	// Started and LastDay tell a period that has started; LastDay is
	// empty for one without an end. Visible lists the titles it shows.
	Started string
	LastDay string
	Visible []string
	Errors  map[string]string
}

// EndData is the page that ends an enrolment, which cannot be undone.
type EndData struct {
	EnrolmentHead
	Action  string
	Reasons []OptionView
	// Message is an optional text to the citizen's inbox, MaxMessage its
	// bound in bytes.
	Message    string
	MaxMessage int
	// Programs are the programs active on the unit, to start one at the
	// same time; ProgramChosen when one is Checked, else none starts.
	Programs      []OptionView
	ProgramChosen bool
	Errors        map[string]string
}

// DataRow is an enrolment on the data admin's page.
type DataRow struct {
	ID      string
	Name    string
	PNR     string
	Program string
	Started string
	// Ended is the end date; empty while it runs, and only ended ones
	// may be purged.
	Ended string
	// Export links the enrolment's exports.
	JSON string
	CSV  string
	FHIR string
}

// DataData is the data admin's page of a unit: export any enrolment,
// purge ended ones.
type DataData struct {
	Ended   []DataRow
	Running []DataRow
	// EndedPages and RunningPages page the two tables.
	EndedPages, RunningPages Pager
	// PurgeAction takes the chosen enrolments to the confirmation.
	PurgeAction string
}

// Pager says which rows of a list a page shows ("Visar 1–50 av 10 000")
// and links to the pages before and after it; a link is empty when there
// is no such page.
type Pager struct {
	Showing    string
	Prev, Next string
}

// PurgeData is the confirmation before ended enrolments are purged.
type PurgeData struct {
	Rows   []DataRow
	Action string
	Back   string
}
