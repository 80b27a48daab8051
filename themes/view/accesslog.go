package view

// AccessLogData is the unit admin's search of the unit's access log
// ("Åtkomstlogg"): the form as it was sent, the entries found, newest
// first, and the links to the next page and back to the first.
type AccessLogData struct {
	Action    string
	Staff     string
	Enrolment string
	From, To  string
	// StaffChoices are the unit's staff, offered for the staff field.
	StaffChoices []OptionView
	// Errors maps a field to its message.
	Errors map[string]string
	// Searched is set when the form was sent with something to search
	// for; Rows are then its result.
	Searched bool
	Rows     []AccessRow
	// Enrolments are the enrolments of the personal identity number
	// searched for, when it has more than one on the unit: each links to
	// its search.
	Enrolments []Link
	Older      string
	Newest     string
}

// AccessRow is one entry of the access log.
type AccessRow struct {
	At        string
	Staff     string
	StaffName string
	Role      string
	Enrolment string
	// Href searches the enrolment's entries.
	Href string
	What string
}
