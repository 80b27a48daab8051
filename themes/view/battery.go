package view

// BatteryNotice tells the citizen on the overview that a battery
// ("skattning") is due and the content waits until it is filled.
type BatteryNotice struct {
	// Title is the battery's title, Text why the content is closed.
	Title string
	Text  string
	// Href is the first form left to fill, Label the link's text.
	Href  string
	Label string
}

// BatteryView is the page of one form of a due battery.
type BatteryView struct {
	ProgramTitle string
	// Title is the battery's title; Num and Of say which of its forms
	// this is ("Formulär 1 av 2").
	Title string
	Num   int
	Of    int
	Form  *FormView
	// Back is the overview.
	Back string
	Tabs []Link
}

// BatteryRow is one occasion of a battery in the clinician's view.
type BatteryRow struct {
	Battery string
	Title   string
	// Day is the day number of the occasion, Opens when it opened.
	Day   int
	Opens string
	// State is "due", "filled" or "missed"; StateLabel its text.
	State      string
	StateLabel string
	// Filled is when the last form was filled, for a filled occasion;
	// Forms says which forms are filled of how many.
	Filled string
	Forms  string
}
