package view

// VideoSettingsData is the unit's video service page ("Videomöten"): the
// template and its form, for unit admins.
type VideoSettingsData struct {
	Action   string
	Template string
	// Error is why the template typed was refused, "" when it was not.
	Error string
	// Connected says the unit has a service now; Example is the address a
	// meeting would open, with an example room.
	Connected bool
	Example   string
	Max       int
}

// VideoForm is the form that adds a video meeting to the planning.
type VideoForm struct {
	Action                  string
	Title, Date, Time, Note string
	Errors                  map[string]string
	MaxTitle, MaxNote       int
}
