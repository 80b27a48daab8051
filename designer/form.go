package designer

// Form is a form ("formulär") from forms/<id>.yaml: questions, scoring, flag
// rules on answers and test cases for the scoring.
type Form struct {
	Origin `yaml:"-" json:"-"`

	// ID is the file name without .yaml.
	ID    string `yaml:"-" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Intro is Markdown in the source and HTML in the bundle.
	Intro     string      `yaml:"intro" json:"intro_html,omitempty"`
	Questions []*Question `yaml:"questions" json:"questions"`
	Scores    []*Score    `yaml:"scores" json:"scores,omitempty"`
	// Flags are rules on this form's answers; the compiler copies them into
	// Program.Flags with On set to TriggerFormAnswer and Form to this form.
	Flags []*Flag `yaml:"flags" json:"-"`
	// Tests are answer sets with the scores and bands they must give.
	Tests []*ScoreTest `yaml:"tests" json:"-"`
	// Source names the published instrument the scoring follows.
	Source string `yaml:"source" json:"source,omitempty"`

	// Version identifies this exact definition of the form (a hash of its
	// questions and scoring); stored answers keep the version they were
	// given on.
	Version string `yaml:"-" json:"version"`
	// PDF is the bundle path of the blank printable form.
	PDF string `yaml:"-" json:"pdf,omitempty"`
	// Path is the form's file in the content folder.
	Path string `yaml:"-" json:"-"`
}

// Question returns the question with the given id.
func (f *Form) Question(id string) (*Question, bool) {
	for _, q := range f.Questions {
		if q.ID == id {
			return q, true
		}
	}
	return nil, false
}

// Score returns the score with the given id.
func (f *Form) Score(id string) (*Score, bool) {
	for _, s := range f.Scores {
		if s.ID == id {
			return s, true
		}
	}
	return nil, false
}

// Question types.
const (
	TypeSingle   = "single"   // one option
	TypeMultiple = "multiple" // any number of options
	TypeScale    = "scale"    // a whole number between Scale.Min and Scale.Max
	TypeText     = "text"     // free text
	TypeNumber   = "number"   // a number, with optional Min, Max and Unit
	TypeDate     = "date"     // YYYY-MM-DD
	TypeTime     = "time"     // HH:MM
	TypeDuration = "duration" // hours and minutes, stored as minutes
)

// QuestionTypes lists every question type.
var QuestionTypes = []string{TypeSingle, TypeMultiple, TypeScale, TypeText, TypeNumber, TypeDate, TypeTime, TypeDuration}

// Question is one question of a form.
type Question struct {
	Origin `yaml:"-" json:"-"`

	ID       string    `yaml:"id" json:"id"`
	Type     string    `yaml:"type" json:"type"`
	Text     string    `yaml:"text" json:"text"`
	Help     string    `yaml:"help" json:"help,omitempty"`
	Required bool      `yaml:"required" json:"required,omitempty"`
	Options  []*Option `yaml:"options" json:"options,omitempty"`
	Scale    *Scale    `yaml:"scale" json:"scale,omitempty"`
	// Min, Max and Unit bound a number question.
	Min  *float64 `yaml:"min" json:"min,omitempty"`
	Max  *float64 `yaml:"max" json:"max,omitempty"`
	Unit string   `yaml:"unit" json:"unit,omitempty"`
	// Multiline makes a text question a text area.
	Multiline bool `yaml:"multiline" json:"multiline,omitempty"`
	// ShowIf shows the question only when the condition holds.
	ShowIf *Condition `yaml:"show_if" json:"show_if,omitempty"`
	// Layout is how the options of a single, multiple or scale question are
	// laid out: LayoutRow or LayoutColumn; empty chooses (OptionLayout).
	Layout string `yaml:"layout" json:"layout,omitempty"`
}

// Option layouts.
const (
	LayoutRow    = "row"    // side by side, as a scale; stacked on a narrow screen
	LayoutColumn = "column" // one under the other
)

// Layouts lists every option layout.
var Layouts = []string{LayoutRow, LayoutColumn}

// MaxRowOptions is the most options that fit side by side on a desktop
// screen and on paper; a question with more is laid out in a column unless
// its designer says otherwise.
const MaxRowOptions = 7

// OptionLayout returns how q's options are laid out: its Layout when the
// designer wrote one; otherwise a row for a scale, and for a single choice
// of at most MaxRowOptions options that all count points (a rating such
// as "not at all … nearly every day"); a column for every other question.
func (q *Question) OptionLayout() string {
	if q.Layout != "" {
		return q.Layout
	}
	switch q.Type {
	case TypeScale:
		return LayoutRow
	case TypeSingle:
		if len(q.Options) >= 2 && len(q.Options) <= MaxRowOptions && q.Scorable() {
			return LayoutRow
		}
	}
	return LayoutColumn
}

// Scorable reports whether answers to q are numbers a score can add up.
func (q *Question) Scorable() bool {
	switch q.Type {
	case TypeScale, TypeNumber, TypeDuration:
		return true
	case TypeSingle, TypeMultiple:
		if len(q.Options) == 0 {
			return false
		}
		for _, o := range q.Options {
			if _, ok := o.Points(); !ok {
				return false
			}
		}
		return true
	}
	return false
}

// Option is one choice of a single or multiple choice question.
type Option struct {
	Origin `yaml:"-" json:"-"`

	// Value is what is stored; it is stable across versions.
	Value string `yaml:"value" json:"value"`
	Label string `yaml:"label" json:"label"`
	// Score is what the option counts in a score; when it is not given, a
	// numeric Value counts as itself.
	Score *float64 `yaml:"score" json:"score,omitempty"`
}

// Points returns what the option counts in a score.
func (o *Option) Points() (float64, bool) {
	if o.Score != nil {
		return *o.Score, true
	}
	return parseNumber(o.Value)
}

// Scale is the range of a scale question.
type Scale struct {
	Origin `yaml:"-" json:"-"`

	Min      int    `yaml:"min" json:"min"`
	Max      int    `yaml:"max" json:"max"`
	MinLabel string `yaml:"min_label" json:"min_label,omitempty"`
	MaxLabel string `yaml:"max_label" json:"max_label,omitempty"`
}

// Condition is a test on one answer or one score. Exactly one of Question
// and Score names what is tested; the comparisons that are set must all hold.
type Condition struct {
	Origin `yaml:"-" json:"-"`

	Question string `yaml:"question" json:"question,omitempty"`
	Score    string `yaml:"score" json:"score,omitempty"`

	Equals  string   `yaml:"equals" json:"equals,omitempty"`
	AnyOf   []string `yaml:"any_of" json:"any_of,omitempty"`
	Above   *float64 `yaml:"above" json:"above,omitempty"`
	AtLeast *float64 `yaml:"at_least" json:"at_least,omitempty"`
	Below   *float64 `yaml:"below" json:"below,omitempty"`
	AtMost  *float64 `yaml:"at_most" json:"at_most,omitempty"`
}

// Score is a sum or mean over some of a form's questions, with bands.
type Score struct {
	Origin `yaml:"-" json:"-"`

	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	// Items are the question ids counted; empty means every scorable question.
	Items []string `yaml:"items" json:"items,omitempty"`
	// Reversed are items scored the other way round: max+min-value over the
	// question's own range.
	Reversed []string `yaml:"reversed" json:"reversed,omitempty"`
	// Method is "sum" (the default) or "mean".
	Method string  `yaml:"method" json:"method,omitempty"`
	Bands  []*Band `yaml:"bands" json:"bands,omitempty"`
}

// Band is a named range of a score, both ends included.
type Band struct {
	Origin `yaml:"-" json:"-"`

	Min   float64 `yaml:"min" json:"min"`
	Max   float64 `yaml:"max" json:"max"`
	Label string  `yaml:"label" json:"label"`
	// Description says what the band means, for the clinician.
	Description string `yaml:"description" json:"description,omitempty"`
}

// ScoreTest is a set of answers and the scores they must give.
type ScoreTest struct {
	Origin `yaml:"-" json:"-"`

	Name    string              `yaml:"name" json:"name"`
	Answers map[string][]string `yaml:"answers" json:"answers"`
	Expect  map[string]*Expect  `yaml:"expect" json:"expect"`
}

// Expect is the expected outcome of one score in a ScoreTest.
type Expect struct {
	Origin `yaml:"-" json:"-"`

	Score *float64 `yaml:"score" json:"score,omitempty"`
	Band  string   `yaml:"band" json:"band,omitempty"`
}
