package view

// The activity plans' pages: the citizen's Aktiviteter tab
// (citizen_activities), one plan with its earlier occasions
// (citizen_activity_plan), one occasion to register or comment on
// (citizen_activity_occasion); the clinician's list of plans
// (staff_activities) and one plan's preview, settings and registrations,
// or a new plan (staff_activity_plan).

// ScheduleView is a plan's schedule in words.
type ScheduleView struct {
	// Times are "måndag 17:30" and so on, Monday first.
	Times []string
	// Every says how often ("varje vecka", "varannan vecka"), Grace how
	// late an occasion may be registered, Start from when.
	Every string
	Grace string
	Start string
}

// OccasionLink is one occasion of a plan, with what became of it.
type OccasionLink struct {
	// When is the occasion's day and time in words.
	When string
	// State is "registered", "open" or "missed"; StateLabel its text.
	State      string
	StateLabel string
	// Href is the occasion's page; Action the label of the link to it.
	Href   string
	Action string
	// Closes says until when an open occasion can be registered.
	Closes string
	// Comment is the citizen's comment on it.
	Comment string
}

// PlanCard is one plan on the citizen's Aktiviteter tab.
type PlanCard struct {
	ID          string
	Title       string
	Description string
	Schedule    ScheduleView
	// Open are the occasions to register now; Next when the next one is.
	Open []OccasionLink
	Next string
	// Href is the plan's page with the earlier occasions.
	Href string
	// Sheet is the blank weekly sheet to print and Registrations the PDF
	// of what was registered; empty when not offered.
	Sheet         string
	Registrations string
}

// ActivitiesData is the citizen's Aktiviteter tab.
type ActivitiesData struct {
	Title string
	Tabs  []Link
	// ReadOnly says why nothing can be registered, in maintenance or
	// after the end.
	ReadOnly string
	Plans    []PlanCard
}

// ActivityPlanData is one plan's page for the citizen.
type ActivityPlanData struct {
	Title string
	Tabs  []Link
	Back  string
	Plan  PlanCard
	// History are the occasions that have come, newest first.
	History []OccasionLink
}

// OccasionData is the page of one occasion: the registration form while
// it is open, the answers when it is closed, and the comment.
type OccasionData struct {
	Title     string
	PlanTitle string
	When      string
	Tabs      []Link
	Back      string
	ReadOnly  string
	// Notice says why a registration was not taken (too late, ahead).
	Notice string
	// Form is the registration form (Action, CSRF and the questions)
	// while the occasion is open; Answers the answers registered, shown
	// read only, when it is closed.
	Form    *FormView
	Answers *FormView
	// Registered says when the answers were registered; Edited is set
	// when they were changed.
	Registered string
	Edited     string
	// Comments says whether the plan takes comments; Comment is the
	// comment, CommentAction where a comment alone posts.
	Comments      bool
	Comment       string
	CommentAction string
	CommentError  string
	CSRF          string
	MaxComment    int
}

// PlanRow is one plan in the clinician's list.
type PlanRow struct {
	Title string
	Href  string
	// Source says whether it is the program's or made for the citizen.
	Source string
	Active bool
	// Schedule is the schedule in a line; Registered and Missed count
	// the occasions so far.
	Schedule   string
	Registered int
	Missed     int
}

// PlansData is the clinician's list of plans of an enrolment.
type PlansData struct {
	Header   *ManageHeader
	ReadOnly string
	Plans    []PlanRow
	// New is the page to make a plan for the citizen; empty when the
	// enrolment takes no changes.
	New string
}

// WeekdayField is one weekday of the settings form.
type WeekdayField struct {
	Key   string
	Label string
	On    bool
	Time  string
}

// AskedField is one question of the settings form, asked or not.
type AskedField struct {
	// Field prefixes the names of a custom plan's question fields:
	// "q.<id>" for a question it has, "new.<n>" for a row to add one.
	Field string
	// Legend names a custom plan's question in its form: "Fråga 2".
	Legend string
	ID     string
	Text   string
	Type   string
	Asked  bool
	// Detail describes the question: its options, range or unit.
	Detail string
	// Locked says the question has answers and keeps its text and type.
	Locked bool
	// Unit is a custom number question's unit.
	Unit string
}

// RegistrationRow is one registered or commented occasion in the
// clinician's table.
type RegistrationRow struct {
	When       string
	StateLabel string
	Answers    []string
	Comment    string
}

// PlanSettingsData is the clinician's page of one plan: the preview,
// the settings form and the registrations; or the form of a new plan.
type PlanSettingsData struct {
	Header   *ManageHeader
	ReadOnly string
	Back     string
	// New is set on the page of a new plan.
	New    bool
	Custom bool
	Title  string
	// Description is the plan's description; Source names the form of a
	// plan of the program.
	Description string
	Source      string
	Active      bool
	Schedule    ScheduleView
	// Action is where the settings post, Switch where the switch posts.
	Action string
	Switch string
	CSRF   string
	// Errors are what is wrong with the settings posted.
	Errors []string
	// The settings' fields.
	Start      string
	Weekdays   []WeekdayField
	EveryWeeks int
	GraceDays  int
	MaxEvery   int
	MaxGrace   int
	FlagMissed bool
	// CanFlag says whether the program has an activity_missed flag for
	// the plan, so that "flagga vid missat tillfälle" can be set.
	CanFlag   bool
	Comments  bool
	Questions []AskedField
	// NewQuestions are the rows for questions to add to a custom plan,
	// empty or as posted.
	NewQuestions []AskedField
	// Types are the question types a custom plan offers, as Value and
	// Label.
	Types []Link
	// Columns and Rows are the registrations' table; PDF prints them.
	Columns []string
	Rows    []RegistrationRow
	PDF     string
}
