package view

// RolesData is the unit admin's page of who has which role on the unit
// ("Behörigheter"), with the forms that change them.
type RolesData struct {
	Rows []RoleRow
	// Roles are the roles a row's form offers, as checkboxes named
	// "role", and the add form's, unchecked.
	Roles []OptionView
	// AddAction adds a staff member by id, creating the record from the
	// name and e-mail when there is none.
	AddAction string
	// AddID, AddName and AddEmail keep what was typed after a refusal.
	AddID, AddName, AddEmail string
	// Error says why the last change was refused; ErrorRow is the staff
	// id of the row it concerns, empty for the add form.
	Error    string
	ErrorRow string
	// BackupAction sets the backup clinicians (field "backup", staff ids)
	// from Backup, the unit's clinicians.
	BackupAction string
	Backup       []OptionView
}

// RoleRow is a staff member with their roles on the unit.
type RoleRow struct {
	ID    string
	Name  string
	Email string
	// Labels are the roles in words; Roles the form's checkboxes.
	Labels []string
	Roles  []OptionView
	Action string
	// Self marks the signed-in unit admin's own row.
	Self bool
}

// HandoverData is the page of one enrolment from which it is handed over
// to another unit and linked with another enrolment of the citizen.
type HandoverData struct {
	Name    string
	PNR     string
	Program string
	// Pending names the unit asked while it has not answered.
	Pending string
	// Action asks one of Units to take the enrolment over (field "unit").
	Action string
	Units  []OptionView
	// Linked are the enrolments linked with this one; LinkAction links
	// one of Candidates (field "with").
	Linked     []Link
	LinkAction string
	Candidates []OptionView
	Back       string
}

// HandoversData lists the enrolments handed over to the unit for its
// citizen admins to accept or decline.
type HandoversData struct {
	Rows []HandoverRow
	// Clinicians are the unit's clinicians, one of whom an acceptance
	// makes responsible (field "clinician").
	Clinicians []OptionView
}

// HandoverRow is one enrolment waiting for the unit's answer.
type HandoverRow struct {
	ID        string
	Name      string
	PNR       string
	Program   string
	From      string
	Clinician string
	Started   string
	Accept    string
	Decline   string
}
