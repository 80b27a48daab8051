package view

import "html/template"

// Acting is the banner of every page while a guardian acts for a child.
type Acting struct {
	// Child is the child's name; Guardian the guardian's.
	Child    string
	Guardian string
	// Stop is the URL that ends acting for the child.
	Stop string
}

// HomePeople is what the citizen's start page shows about guardians and
// self-enrolment.
type HomePeople struct {
	// Wards are the children the signed-in guardian may act for.
	Wards []WardView
	// Aged are children the guardian acted for who have turned 13.
	Aged []WardView
	// ActURL is where choosing a child posts.
	ActURL string
	// Offers are the programs the citizen may start themselves.
	Offers []OfferView
	// Protected tells a protected identity to contact their clinic.
	Protected bool
}

// WardView is a child a guardian may act for.
type WardView struct {
	PNR   string
	Name  string
	Until string
}

// OfferView is a program offered for self-enrolment, by one or more units.
type OfferView struct {
	Program string
	Title   string
	Href    string
	Units   []string
}

// JoinData is the page on which a citizen reads a program's presentation,
// chooses a unit and confirms self-enrolment.
type JoinData struct {
	Title        string
	Presentation template.HTML
	Action       string
	Units        []OptionView
	Error        string
}

// GuardiansData is the staff page that lists a child's guardians.
type GuardiansData struct {
	Child     string
	PNR       string
	Guardians []string
	Until     string
	// Editable is false when the child has turned 13.
	Editable bool
	Action   string
	Back     string
	Value    string
	Error    string
}

// SelfEnrolView is a unit's self-enrolment control of one activation on
// the programs page.
type SelfEnrolView struct {
	Open       bool
	Clinician  string
	Clinicians []OptionView
	Action     string
}
