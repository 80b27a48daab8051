package designer

import (
	"fmt"
	"strings"
)

// SchemaVersion is the version of the program.json layout in a bundle. It
// changes only when the runtime would read an older bundle wrongly.
const SchemaVersion = 1

// Program is a whole program ("moment"): its settings from program.yaml and,
// once compiled, its modules, forms and rules. The same value is decoded
// from the content folder and written to a bundle's program.json; fields
// marked yaml:"-" are filled in by the compiler.
type Program struct {
	Origin `yaml:"-" json:"-"`

	Schema      int    `yaml:"-" json:"schema"`
	ID          string `yaml:"id" json:"id"`
	Version     string `yaml:"version" json:"version"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description,omitempty"`
	Author      string `yaml:"author" json:"author,omitempty"`
	// Date is the day this version was written (YYYY-MM-DD). PDFs carry it
	// as their creation date, so that builds stay byte-identical.
	Date            string `yaml:"date" json:"date,omitempty"`
	Language        string `yaml:"language" json:"language"`
	RecommendedDays int    `yaml:"recommended_days" json:"recommended_days"`
	// UrgentAcknowledgeHours is how many hours an urgent flag waits to be
	// acknowledged ("kvitterad") before it escalates, and then between
	// each level of escalation. 0 means DefaultUrgentAcknowledgeHours.
	UrgentAcknowledgeHours int         `yaml:"urgent_acknowledge_hours" json:"urgent_acknowledge_hours,omitempty"`
	Features               []string    `yaml:"features" json:"features"`
	AllowRawHTML           bool        `yaml:"allow_raw_html" json:"allow_raw_html,omitempty"`
	Readability            Readability `yaml:"readability" json:"-"`

	// Welcome, Presentation and QuickGuide are Markdown in program.yaml and
	// HTML in the bundle.
	Welcome      string `yaml:"welcome" json:"welcome_html,omitempty"`
	Presentation string `yaml:"presentation" json:"presentation_html,omitempty"`
	QuickGuide   string `yaml:"quick_guide" json:"quick_guide_html,omitempty"`

	ModuleOrder   []*ModuleEntry  `yaml:"modules" json:"-"`
	Flags         []*Flag         `yaml:"flags" json:"flags,omitempty"`
	Batteries     []*Battery      `yaml:"batteries" json:"batteries,omitempty"`
	ActivityPlans []*ActivityPlan `yaml:"activity_plans" json:"activity_plans,omitempty"`

	Modules []*Module `yaml:"-" json:"modules"`
	Forms   []*Form   `yaml:"-" json:"forms,omitempty"`
	// Media lists every media file by its name in the content folder.
	Media []*MediaFile `yaml:"-" json:"media,omitempty"`
}

// DefaultUrgentAcknowledgeHours is the deadline of an urgent flag when
// program.yaml sets no urgent_acknowledge_hours; MaxUrgentAcknowledgeHours
// is the longest it may set, a week, as an urgent flag that may wait
// longer is not urgent.
const (
	DefaultUrgentAcknowledgeHours = 4
	MaxUrgentAcknowledgeHours     = 168
)

// AcknowledgeHours is the program's deadline for acknowledging an urgent
// flag, in hours: urgent_acknowledge_hours or its default.
func (p *Program) AcknowledgeHours() int {
	if p.UrgentAcknowledgeHours > 0 {
		return p.UrgentAcknowledgeHours
	}
	return DefaultUrgentAcknowledgeHours
}

// HasUrgentFlag reports whether any flag of the program or of its forms
// is urgent.
func (p *Program) HasUrgentFlag() bool {
	for _, f := range p.Flags {
		if f.Urgent {
			return true
		}
	}
	for _, f := range p.Forms {
		for _, fl := range f.Flags {
			if fl.Urgent {
				return true
			}
		}
	}
	return false
}

// Readability sets the readability limits checked by validate.
type Readability struct {
	Origin `yaml:"-" json:"-"`
	// MaxLIX is the highest LIX a text step may have before validate warns;
	// 0 means the default, DefaultMaxLIX.
	MaxLIX float64 `yaml:"max_lix" json:"max_lix,omitempty"`
}

// DefaultMaxLIX is the LIX above which a step is warned as hard to read
// when program.yaml sets no limit: 45 is the upper end of "medelsvår"
// text, about the level of a daily newspaper.
const DefaultMaxLIX = 45

// Features a program may turn on in program.yaml.
const (
	FeatureMessages     = "messages"
	FeaturePageComments = "page_comments"
	FeatureContacts     = "contacts"
	FeatureResults      = "results"
	FeaturePlanning     = "planning"
	FeatureBookmarks    = "bookmarks"
	FeaturePDF          = "pdf"
	FeatureQuickGuide   = "quick_guide"
	FeatureActivities   = "activities"
)

// Features lists every known feature, in the order the citizen's tabs show them.
var Features = []string{
	FeatureMessages, FeaturePageComments, FeatureContacts, FeatureResults,
	FeaturePlanning, FeatureBookmarks, FeaturePDF, FeatureQuickGuide, FeatureActivities,
}

// Has reports whether the program turns feature on.
func (p *Program) Has(feature string) bool {
	for _, f := range p.Features {
		if f == feature {
			return true
		}
	}
	return false
}

// Module returns the module with the given id.
func (p *Program) Module(id string) (*Module, bool) {
	for _, m := range p.Modules {
		if m.ID == id {
			return m, true
		}
	}
	return nil, false
}

// Form returns the form with the given id.
func (p *Program) Form(id string) (*Form, bool) {
	for _, f := range p.Forms {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// Plan returns the activity plan with the given id.
func (p *Program) Plan(id string) (*ActivityPlan, bool) {
	for _, a := range p.ActivityPlans {
		if a.ID == id {
			return a, true
		}
	}
	return nil, false
}

// Step returns the step with the given module and step id. Step ids are
// unique within a module.
func (p *Program) Step(moduleID, stepID string) (*Module, *Section, *Step, bool) {
	m, ok := p.Module(moduleID)
	if !ok {
		return nil, nil, nil, false
	}
	for _, s := range m.Sections {
		for _, st := range s.Steps {
			if st.ID == stepID {
				return m, s, st, true
			}
		}
	}
	return nil, nil, nil, false
}

// StepCount returns the number of steps in all modules.
func (p *Program) StepCount() int {
	n := 0
	for _, m := range p.Modules {
		for _, s := range m.Sections {
			n += len(s.Steps)
		}
	}
	return n
}

// ModuleEntry is one line of the module order in program.yaml.
type ModuleEntry struct {
	Origin `yaml:"-" json:"-"`
	// ID names a folder under modules/, without its number prefix.
	ID string `yaml:"id"`
	// Start is StartCurrent or StartUpcoming; empty means upcoming.
	Start string `yaml:"start"`
}

// Where a module stands for a citizen when the program starts.
const (
	StartCurrent  = "current"
	StartUpcoming = "upcoming"
)

// Module is one module ("modul"), from modules/<nn-id>/module.yaml and the
// section folders beside it.
type Module struct {
	Origin `yaml:"-" json:"-"`

	ID          string `yaml:"-" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description,omitempty"`
	// DurationDays is how long the module stays current once started; 0
	// means until the clinician completes it.
	DurationDays int `yaml:"duration_days" json:"duration_days,omitempty"`

	Start    string     `yaml:"-" json:"start"`
	Sections []*Section `yaml:"-" json:"sections"`
	// PDF is the bundle path of the module's printable PDF, if built.
	PDF string `yaml:"-" json:"pdf,omitempty"`
	// Dir is the module's folder in the content, e.g. modules/01-stress.
	Dir string `yaml:"-" json:"-"`
}

// Section is one section ("avsnitt") of a module: a folder of steps with an
// optional section.yaml.
type Section struct {
	Origin `yaml:"-" json:"-"`

	ID    string  `yaml:"-" json:"id"`
	Title string  `yaml:"title" json:"title"`
	Steps []*Step `yaml:"-" json:"steps"`
	Dir   string  `yaml:"-" json:"-"`
}

// Step kinds.
const (
	KindText  = "text"
	KindMedia = "media"
	KindForm  = "form"
)

// Step is one page ("steg/sida"): a Markdown file with YAML front matter.
type Step struct {
	Origin `yaml:"-" json:"-"`

	ID    string `yaml:"-" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Kind is KindText, KindMedia or KindForm; empty means text, or form
	// when Form is set, or media when Media is set.
	Kind  string `yaml:"kind" json:"kind"`
	Media *Media `yaml:"media" json:"media,omitempty"`
	// Audio is a recording of a text step's page read aloud: a file under
	// media/ (as written, media/…). The page itself is its text
	// equivalent. Check allows it on text steps in the formats of
	// check.AudioExtensions.
	Audio string `yaml:"audio" json:"audio,omitempty"`
	// Form is the id of the form the step shows below its text.
	Form      string `yaml:"form" json:"form,omitempty"`
	Printable bool   `yaml:"printable" json:"printable,omitempty"`
	Comments  bool   `yaml:"comments" json:"comments,omitempty"`

	// HTML is the bundle path of the rendered body, e.g. steps/stress/intro/what.html.
	HTML string `yaml:"-" json:"html"`
	// PDF is the bundle path of the step's PDF when it is printable.
	PDF string `yaml:"-" json:"pdf,omitempty"`
	// Words and LIX describe the body text, for designers and the diff.
	Words int     `yaml:"-" json:"words"`
	LIX   float64 `yaml:"-" json:"lix"`
	// HardLine is the line in Path of the body's hardest paragraph, and
	// HardLIX its LIX, for the readability warning to point at.
	HardLine int     `yaml:"-" json:"-"`
	HardLIX  float64 `yaml:"-" json:"-"`

	// Path is the step's file in the content folder.
	Path string `yaml:"-" json:"-"`
	// Body is the Markdown after the front matter; BodyLine is the line in
	// Path where it starts (1-based).
	Body     []byte `yaml:"-" json:"-"`
	BodyLine int    `yaml:"-" json:"-"`
}

// Media is the audio or video of a media step. Each of Audio and Video is
// either a file under media/ or an https URL.
type Media struct {
	Origin `yaml:"-" json:"-"`

	Audio    string `yaml:"audio" json:"audio,omitempty"`
	Video    string `yaml:"video" json:"video,omitempty"`
	Poster   string `yaml:"poster" json:"poster,omitempty"`
	Captions string `yaml:"captions" json:"captions,omitempty"`
	// Transcript is the text alternative, Markdown in the source and HTML in
	// the bundle.
	Transcript string `yaml:"transcript" json:"transcript_html,omitempty"`
}

// MediaFile is a file under media/ and its content-addressed name in the bundle.
type MediaFile struct {
	// Name is the file's path in the content folder, e.g. media/bild.png:
	// how steps refer to it.
	Name string `json:"name"`
	// Path is the file's path in the bundle, e.g. media/bild-3fa2b1c0.png.
	Path string `json:"path"`
	Size int64  `json:"size"`
	// Type is the MIME type, from the file name.
	Type string `json:"type"`
}

// Origin records where a value was written: the position of the value itself
// and of each of its keys. Every content type embeds one, so an error about
// any field can point at the line the designer wrote.
type Origin struct {
	Pos  Pos            `yaml:"-" json:"-"`
	Keys map[string]Pos `yaml:"-" json:"-"`
	// Plain holds the keys whose value was written without quotes and looks
	// like a number, for the values that must be quoted lest a YAML 1.1
	// reader take 09:00 or 1.10 for a number. An entry of a map is
	// "key.entry".
	Plain map[string]bool `yaml:"-" json:"-"`
}

// ValueSuffix follows "key.entry" in Origin.Keys for the position of the
// entry's value rather than of its key.
const ValueSuffix = "=value"

// ValueAt returns the position of the value of the map entry "key.entry",
// or of its key when the value's is not known.
func (o Origin) ValueAt(entry string) Pos {
	if p, ok := o.Keys[entry+ValueSuffix]; ok {
		return p
	}
	return o.At(entry)
}

// At returns the position of the value of key, or of the whole value when
// the key was not written.
func (o Origin) At(key string) Pos {
	if p, ok := o.Keys[key]; ok {
		return p
	}
	return o.Pos
}

// Has reports whether key was written in the source.
func (o Origin) Has(key string) bool {
	_, ok := o.Keys[key]
	return ok
}

// Pos is a place in a content file. Line and Col are 1-based; 0 means unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String formats p as file:line:col, leaving out what is unknown.
func (p Pos) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":%d", p.Line)
		if p.Col > 0 {
			fmt.Fprintf(&b, ":%d", p.Col)
		}
	}
	return b.String()
}
