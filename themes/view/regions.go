package view

// SharedData is the unit admin's page of programs that trusted publishers
// in other regions share (admin_shared).
type SharedData struct {
	Catalogues []*SharedCatalogue
	// ImportAction is where an import is posted (fields "publisher", the
	// publisher's fingerprint, and "bundle").
	ImportAction string
	// ImportError says why an import was refused, with its code.
	ImportError *ErrorData
	// Back is the programs page.
	Back string
}

// SharedCatalogue is one trusted publisher's catalogue.
type SharedCatalogue struct {
	// Publisher is the name the region's trust list gives it; Key the
	// short form of its key's fingerprint, Fingerprint the whole.
	Publisher, Key, Fingerprint string
	// Unreachable is set when the catalogue could not be read.
	Unreachable bool
	Programs    []*SharedProgram
}

// SharedProgram is a program in a catalogue. Its texts come from another
// region and are shown as text, never as HTML.
type SharedProgram struct {
	ID, Title, Description string
	Versions               []*SharedVersion
}

// SharedVersion is one version offered, newest first.
type SharedVersion struct {
	Version, Bundle, Date string
	// Imported is set when the version is already published here.
	Imported bool
}
