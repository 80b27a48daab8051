package designer

import (
	"strconv"
	"strings"
)

// Flag triggers: the events a flag can be raised on.
const (
	TriggerStart           = "start"            // the program starts
	TriggerInactivity      = "inactivity"       // Days without the citizen signing in
	TriggerModuleEnding    = "module_ending"    // Days before a current module ends
	TriggerProgramEnding   = "program_ending"   // Days before the recommended end
	TriggerFormSubmitted   = "form_submitted"   // Form is submitted
	TriggerFormAnswer      = "form_answer"      // an answer or score of Form meets When
	TriggerActivityMissed  = "activity_missed"  // an occasion of Plan passes its grace days unregistered
	TriggerMessageReceived = "message_received" // the citizen sends a message or a page comment
)

// Triggers lists every flag trigger.
var Triggers = []string{TriggerStart, TriggerInactivity, TriggerModuleEnding, TriggerProgramEnding,
	TriggerFormSubmitted, TriggerFormAnswer, TriggerActivityMissed, TriggerMessageReceived}

// Who a flag notifies.
const (
	NotifyCitizen   = "citizen"
	NotifyClinician = "clinician"
)

// When a notification goes out.
const (
	DeliveryImmediate = "immediate"
	DeliveryDaily     = "daily"
)

// Flag ("flagga") is a rule that raises an event for the clinician to review
// and/or sends a notification.
type Flag struct {
	Origin `yaml:"-" json:"-"`

	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title,omitempty"`
	On    string `yaml:"on" json:"on"`
	// Days is the number of days for inactivity, module_ending and program_ending.
	Days int `yaml:"days" json:"days,omitempty"`
	// Form is the form of form_submitted and form_answer.
	Form string `yaml:"form" json:"form,omitempty"`
	// Plan is the activity plan of activity_missed.
	Plan string `yaml:"plan" json:"plan,omitempty"`
	// When is the condition of form_answer.
	When *Condition `yaml:"when" json:"when,omitempty"`
	// Review raises an event the clinician must review.
	Review bool `yaml:"review" json:"review,omitempty"`
	// Urgent puts the event first and escalates it.
	Urgent bool `yaml:"urgent" json:"urgent,omitempty"`
	// Notify lists who is notified: NotifyCitizen and/or NotifyClinician.
	Notify []string `yaml:"notify" json:"notify,omitempty"`
	// Delivery is DeliveryImmediate (the default) or DeliveryDaily.
	Delivery string `yaml:"delivery" json:"delivery,omitempty"`
	// Message is the notification text.
	Message string `yaml:"message" json:"message,omitempty"`
}

// Battery ("skattning") is a set of forms the citizen fills before the
// content opens: at start and/or on a schedule.
type Battery struct {
	Origin `yaml:"-" json:"-"`

	ID      string   `yaml:"id" json:"id"`
	Title   string   `yaml:"title" json:"title"`
	Forms   []string `yaml:"forms" json:"forms"`
	AtStart bool     `yaml:"at_start" json:"at_start,omitempty"`
	// EveryDays and EveryWeeks repeat the battery; OnDays gives days after
	// start (day 0 is the start day).
	EveryDays  int   `yaml:"every_days" json:"every_days,omitempty"`
	EveryWeeks int   `yaml:"every_weeks" json:"every_weeks,omitempty"`
	OnDays     []int `yaml:"on_days" json:"on_days,omitempty"`
}

// ActivityPlan ("aktivitetsplan") asks the citizen to register answers to a
// form on a weekly schedule.
type ActivityPlan struct {
	Origin `yaml:"-" json:"-"`

	ID          string `yaml:"id" json:"id"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description,omitempty"`
	// Form holds the questions of each registration.
	Form string `yaml:"form" json:"form"`
	// Times maps a weekday (mon … sun) to a time of day (HH:MM) in the
	// source; the compiler turns it into Occasions in weekday order.
	Times      map[string]string `yaml:"times" json:"-"`
	Occasions  []Occasion        `yaml:"-" json:"occasions"`
	EveryWeeks int               `yaml:"every_weeks" json:"every_weeks"`
	// GraceDays is how many days after an occasion it may still be registered.
	GraceDays int  `yaml:"grace_days" json:"grace_days"`
	Comments  bool `yaml:"comments" json:"comments,omitempty"`
	// Active plans are shown from start; an inactive one is switched on by
	// the clinician.
	Active bool `yaml:"active" json:"active"`
	// PDF is the bundle path of the printable weekly sheet.
	PDF string `yaml:"-" json:"pdf,omitempty"`
}

// Occasion is one weekly time of an activity plan.
type Occasion struct {
	Weekday string `json:"weekday"` // mon … sun
	Time    string `json:"time"`    // HH:MM
}

// Weekdays are the keys of ActivityPlan.Times, Monday first as in Sweden.
var Weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

func parseNumber(s string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f, err == nil
}
