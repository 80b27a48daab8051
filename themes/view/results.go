package view

import "github.com/stegvis/stegvis/themes/chart"

// ResultChart is the chart of one series of results: its geometry, with
// the title and description a screen reader reads for the whole picture.
// Each mark's Label is its own title (value and date).
type ResultChart struct {
	// ID is unique on the page, for the title's and description's ids.
	ID    string
	Title string
	Desc  string
	chart.Chart
}

// CitizenResultsData is the citizen's results tab.
type CitizenResultsData struct {
	Title  string
	Tabs   []Link
	Notice string
	Series []ResultSeries
}
