package runtime

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// The timeline ("tidslinje"): the enrolment's log in words, for the
// clinician and the patient record. Each event becomes an entry with its
// time, its kind, who did it, and a sentence: a catalogue key
// "timeline.event.<type>" with references (a module, a step, a form, a
// flag, a member of staff …) that the web resolves to titles and names.
// Every event type has its words in one table, timelineWords, and a test
// fails for a registered type that has none.

// TimelineKind groups events for filtering.
type TimelineKind string

// Timeline kinds, in the order the filter offers them.
const (
	KindForms         TimelineKind = "forms"
	KindMessages      TimelineKind = "messages"
	KindComments      TimelineKind = "comments"
	KindFlags         TimelineKind = "flags"
	KindModules       TimelineKind = "modules"
	KindBatteries     TimelineKind = "batteries"
	KindNotifications TimelineKind = "notifications"
	KindLifecycle     TimelineKind = "lifecycle"
	KindContacts      TimelineKind = "contacts"
	KindPlanning      TimelineKind = "planning"
)

// TimelineKinds lists every kind, in the filter's order.
var TimelineKinds = []TimelineKind{KindForms, KindMessages, KindComments, KindFlags, KindModules, KindBatteries, KindNotifications, KindLifecycle, KindContacts, KindPlanning}

// RefKind says what a sentence's reference names.
type RefKind string

// Reference kinds; the web turns each into a title, a name or a word.
const (
	RefModule     RefKind = "module"     // ID: module id
	RefStep       RefKind = "step"       // Module, ID: the step
	RefForm       RefKind = "form"       // ID: form id
	RefFlag       RefKind = "flag"       // ID: flag id
	RefBattery    RefKind = "battery"    // ID: battery id
	RefStaff      RefKind = "staff"      // ID: staff id
	RefEndReason  RefKind = "end_reason" // ID: one of EndReasons
	RefSubmission RefKind = "submission" // ID: a submission's id; its form
	RefReview     RefKind = "review"     // ID: a review's id; its flag
	RefText       RefKind = "text"       // ID: shown as it is (a number, a version)
	RefPlan       RefKind = "plan"       // ID: an activity plan's id, the program's or the citizen's own
	// RefConversation names a conversation of the messages tab: ID its
	// id, Label its title at the time of the event, from the log.
	RefConversation RefKind = "conversation"
)

// TimelineRef is one argument of an entry's sentence.
type TimelineRef struct {
	Kind   RefKind
	ID     string
	Module string
	// Label is what the log said of the reference when the state may no
	// longer have it: a conversation's title.
	Label string
}

// TimelineEntry is one event of the timeline.
type TimelineEntry struct {
	Seq   int64
	At    time.Time
	Kind  TimelineKind
	Actor Actor
	// Key is the catalogue key of the sentence; Args fill its verbs in
	// order.
	Key  string
	Args []TimelineRef
	// Conversation is the id of the conversation a message event is
	// about, so the web can link to it; empty for other events. The
	// sentence never holds a message's text: the conversation shows it.
	Conversation string
	// Hidden is set for an event the log keeps and the timeline leaves
	// out (an autosaved draft); Timeline drops it.
	Hidden bool
}

// timelineWord is how one event type reads: its kind (which may depend on
// the change, as a battery's form is a battery's) and its sentence's
// arguments. The key is "timeline.event.<type>", or that with Suffix's
// result appended when set.
type timelineWord struct {
	kind   func(Change) TimelineKind
	args   func(Change) []TimelineRef
	suffix func(Change) string
	// conv, for the events of a conversation, returns the conversation's
	// id. Its kind is then KindComments for the comments on a step (the
	// key gets ".comment" and the sentence's first arguments are the
	// step and its module) and KindMessages otherwise (the first argument
	// is the conversation); args follow.
	conv func(ev Event, c Change) string
	// hidden keeps the event type off the timeline, on purpose.
	hidden bool
}

func kindOf(k TimelineKind) func(Change) TimelineKind { return func(Change) TimelineKind { return k } }

func ref(kind RefKind, id string) TimelineRef { return TimelineRef{Kind: kind, ID: id} }

func stepRef(module, step string) TimelineRef {
	return TimelineRef{Kind: RefStep, ID: step, Module: module}
}

// timelineWords is the one table of how each event type reads. A new
// event type must be added here, and its sentence to
// themes/locales/{sv,en}/timeline.json as "timeline.event.<type>":
// TestTimelineWordsCoverEveryEvent fails until both are.
var timelineWords = map[string]timelineWord{
	"activity_folded": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		x := c.(*ActivityFolded)
		return []TimelineRef{ref(RefText, strconv.Itoa(x.Visits)), ref(RefText, strconv.Itoa(x.Openings())),
			ref(RefText, x.Last.In(Stockholm).Format(time.DateOnly))}
	}},
	"started": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefStaff, c.(*EnrolmentStarted).Clinician)}
	}},
	"visited":        {kind: kindOf(KindLifecycle)},
	"welcome_edited": {kind: kindOf(KindLifecycle)},
	"clinician_changed": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		x := c.(*ClinicianChanged)
		return []TimelineRef{ref(RefStaff, x.From), ref(RefStaff, x.To)}
	}},
	"mobile_shared": {kind: kindOf(KindLifecycle)},
	"bundle_moved": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		x := c.(*BundleMoved)
		return []TimelineRef{ref(RefText, x.From), ref(RefText, x.To)}
	}},
	"maintenance_set": {kind: kindOf(KindLifecycle), suffix: func(c Change) string {
		if c.(*MaintenanceSet).On {
			return ".on"
		}
		return ".off"
	}},
	"maintenance_started": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, strconv.Itoa(c.(*MaintenanceStarted).Days))}
	}},
	"ended": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefEndReason, c.(*Ended).Reason)}
	}},
	"handover_requested": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*HandoverRequested).ToUnit)}
	}},
	"handover_accepted": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		x := c.(*HandoverAccepted)
		return []TimelineRef{ref(RefText, x.Unit), ref(RefStaff, x.Clinician)}
	}},
	"handover_declined": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*HandoverDeclined).Unit)}
	}},
	"enrolments_linked": {kind: kindOf(KindLifecycle)},
	"module_started": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefModule, c.(*ModuleStarted).Module)}
	}},
	"module_completed": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefModule, c.(*ModuleCompleted).Module)}
	}},
	"module_queued": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefModule, c.(*ModuleQueued).Module)}
	}},
	"step_opened": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		x := c.(*StepOpened)
		return []TimelineRef{stepRef(x.Module, x.Step), ref(RefModule, x.Module)}
	}},
	"step_hidden": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		x := c.(*StepHidden)
		return []TimelineRef{stepRef(x.Module, x.Step), ref(RefModule, x.Module)}
	}},
	"step_shown": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		x := c.(*StepShown)
		return []TimelineRef{stepRef(x.Module, x.Step), ref(RefModule, x.Module)}
	}},
	"draft_saved": {kind: kindOf(KindForms), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefForm, c.(*DraftSaved).Form)}
	}},
	"draft_discarded": {kind: kindOf(KindForms), args: func(c Change) []TimelineRef {
		x := c.(*DraftDiscarded)
		return []TimelineRef{stepRef(x.Module, x.Step)}
	}},
	"form_submitted": {
		kind: func(c Change) TimelineKind {
			if c.(*FormSubmitted).Battery != "" {
				return KindBatteries
			}
			return KindForms
		},
		args: func(c Change) []TimelineRef {
			x := c.(*FormSubmitted)
			if x.Battery != "" {
				return []TimelineRef{ref(RefForm, x.Form), ref(RefBattery, x.Battery)}
			}
			return []TimelineRef{ref(RefForm, x.Form)}
		},
		suffix: func(c Change) string {
			if c.(*FormSubmitted).Battery != "" {
				return ".battery"
			}
			return ""
		},
	},
	"form_read": {kind: kindOf(KindForms), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefSubmission, c.(*FormRead).Submission)}
	}},
	"flag_raised": {
		kind: kindOf(KindFlags),
		args: func(c Change) []TimelineRef { return []TimelineRef{ref(RefFlag, c.(*FlagRaised).Flag)} },
		suffix: func(c Change) string {
			if c.(*FlagRaised).Urgent {
				return ".urgent"
			}
			return ""
		},
	},
	"flag_reviewed": {kind: kindOf(KindFlags), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefReview, c.(*FlagReviewed).Review)}
	}},
	"flag_acknowledged": {kind: kindOf(KindFlags), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefReview, c.(*FlagAcknowledged).Review)}
	}},
	"flag_escalated": {kind: kindOf(KindNotifications), args: func(c Change) []TimelineRef {
		x := c.(*FlagEscalated)
		return []TimelineRef{ref(RefReview, x.Review), ref(RefText, strconv.Itoa(x.Level))}
	}},
	// Messages and page comments: the kind and the conversation come from
	// the conversation (see conv). A message's text is never in the
	// sentence; the entry links to the conversation that shows it.
	"conversation_started": {conv: func(ev Event, _ Change) string { return strconv.FormatInt(ev.Seq, 10) }},
	"conversation_renamed": {conv: convOf, args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*ConversationRenamed).Title)}
	}},
	"conversation_deleted": {conv: convOf},
	"message_sent":         {conv: convOf},
	// A draft is saved as the writer types: the writer's unsent words,
	// not a step of the treatment. The log keeps it; the timeline does
	// not show it.
	"message_drafted":     {conv: convOf, hidden: true},
	"conversation_read":   {conv: convOf},
	"conversation_unread": {conv: convOf},
	// Contacts, planning and bookmarks: the name or title the log gave
	// (contacts_book.go, planning.go, bookmarks.go).
	"care_contact_added": {kind: kindOf(KindContacts), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*CareContactAdded).Name)}
	}},
	"care_contact_changed": {kind: kindOf(KindContacts), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*CareContactChanged).Name)}
	}},
	"care_contact_removed": {kind: kindOf(KindContacts), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*CareContactRemoved).Name)}
	}},
	"planning_item_added": {kind: kindOf(KindPlanning), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*PlanningItemAdded).Title)}
	}},
	"planning_item_changed": {kind: kindOf(KindPlanning), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*PlanningItemChanged).Title)}
	}},
	"planning_item_removed": {kind: kindOf(KindPlanning), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*PlanningItemRemoved).Title)}
	}},
	"video_meeting_added": {kind: kindOf(KindPlanning), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefText, c.(*VideoMeetingAdded).Title)}
	}},
	"bookmark_set": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		x := c.(*BookmarkSet)
		return []TimelineRef{stepRef(x.Module, x.Step), ref(RefModule, x.Module)}
	}},
	"bookmark_cleared": {kind: kindOf(KindModules), args: func(c Change) []TimelineRef {
		x := c.(*BookmarkCleared)
		return []TimelineRef{stepRef(x.Module, x.Step), ref(RefModule, x.Module)}
	}},
	// Activity plans (activities.go): the plan's settings and switch are
	// the clinician's changes to the treatment; registrations and
	// comments are the citizen's answers.
	"activity_plan_set": {kind: kindOf(KindLifecycle), args: func(c Change) []TimelineRef {
		return []TimelineRef{ref(RefPlan, c.(*ActivityPlanSet).Plan)}
	}},
	"activity_plan_switched": {kind: kindOf(KindLifecycle),
		args: func(c Change) []TimelineRef { return []TimelineRef{ref(RefPlan, c.(*ActivityPlanSwitched).Plan)} },
		suffix: func(c Change) string {
			if c.(*ActivityPlanSwitched).Active {
				return ".on"
			}
			return ".off"
		},
	},
	"activity_registered": {kind: kindOf(KindForms), args: func(c Change) []TimelineRef {
		x := c.(*ActivityRegistered)
		return []TimelineRef{ref(RefPlan, x.Plan), ref(RefText, x.Occasion)}
	}},
	"activity_commented": {kind: kindOf(KindComments), args: func(c Change) []TimelineRef {
		x := c.(*ActivityCommented)
		return []TimelineRef{ref(RefPlan, x.Plan), ref(RefText, x.Occasion)}
	}},
}

// convOf is the conversation of a message event other than its start.
func convOf(_ Event, c Change) string {
	switch c := c.(type) {
	case *ConversationRenamed:
		return c.Conversation
	case *ConversationDeleted:
		return c.Conversation
	case *MessageSent:
		return c.Conversation
	case *MessageDrafted:
		return c.Conversation
	case *ConversationRead:
		return c.Conversation
	case *ConversationUnread:
		return c.Conversation
	}
	return ""
}

// convNote is what the timeline knows of a conversation from the log read
// so far: the step of a page comment's, and the title.
type convNote struct{ module, step, title string }

// convBook holds the notes on each conversation by id, filled as the log
// is read oldest first: an event names its conversation by id only, and a
// deleted or renamed conversation is no longer in the state as it was.
type convBook map[string]convNote

// note records what a conversation event says of its conversation,
// after its entry is made (so a rename's entry names the old title).
func (b convBook) note(ev Event, c Change) {
	switch c := c.(type) {
	case *ConversationStarted:
		b[strconv.FormatInt(ev.Seq, 10)] = convNote{module: c.Module, step: c.Step, title: c.Title}
	case *ConversationRenamed:
		n := b[c.Conversation]
		n.title = c.Title
		b[c.Conversation] = n
	}
}

// TimelineKey returns the catalogue key of the sentence of an event type
// without a variant: "timeline.event.<type>".
func TimelineKey(eventType string) string { return "timeline.event." + eventType }

// TimelineKeys lists every catalogue key the timeline may use, sorted:
// each event type's key and its variants, and the sentences and words of
// notification entries (timeline_notices.go).
func TimelineKeys() []string {
	var keys []string
	for t := range timelineWords {
		keys = append(keys, TimelineKey(t))
	}
	for _, v := range []string{"maintenance_set.on", "maintenance_set.off", "form_submitted.battery", "flag_raised.urgent"} {
		keys = append(keys, TimelineKey(v))
	}
	for t, w := range timelineWords {
		if w.hidden {
			keys = slices.DeleteFunc(keys, func(k string) bool { return k == TimelineKey(t) })
		} else if w.conv != nil {
			keys = append(keys, TimelineKey(t)+".comment")
		}
	}
	keys = append(keys, noticeKeys...)
	for _, w := range NoticeWhat {
		keys = append(keys, "timeline.notice.what."+w)
	}
	slices.Sort(keys)
	return keys
}

// NewTimelineEntry turns one event into its entry. An event type missing
// from the table is an error that says where to add it. Alone it cannot
// know which conversation a message event is in; Timeline, which reads
// the log from the start, can: use it for message events.
func NewTimelineEntry(ev Event) (TimelineEntry, error) {
	return convBook{}.entry(ev)
}

// entry turns one event into its entry, the notes telling which
// conversation a message event is in, and then notes what the event says
// of it.
func (b convBook) entry(ev Event) (TimelineEntry, error) {
	w, ok := timelineWords[ev.Type]
	if !ok {
		return TimelineEntry{}, fmt.Errorf("timeline: event type %q has no words: add it to timelineWords in runtime/timeline.go and its sentence to themes/locales/*/timeline.json", ev.Type)
	}
	c, err := ev.Change()
	if err != nil {
		return TimelineEntry{}, fmt.Errorf("timeline: %w", err)
	}
	en := TimelineEntry{Seq: ev.Seq, At: ev.At, Actor: ev.Actor, Key: TimelineKey(ev.Type), Hidden: w.hidden}
	if w.conv != nil {
		if _, start := c.(*ConversationStarted); start {
			b.note(ev, c) // a start's entry names what it started
		}
		id := w.conv(ev, c)
		n := b[id]
		en.Conversation = id
		if n.step != "" {
			en.Kind, en.Key = KindComments, en.Key+".comment"
			en.Args = []TimelineRef{stepRef(n.module, n.step), ref(RefModule, n.module)}
		} else {
			en.Kind = KindMessages
			en.Args = []TimelineRef{{Kind: RefConversation, ID: id, Label: n.title}}
		}
	} else {
		en.Kind = w.kind(c)
	}
	if w.args != nil {
		en.Args = append(en.Args, w.args(c)...)
	}
	if w.suffix != nil {
		en.Key += w.suffix(c)
	}
	if _, start := c.(*ConversationStarted); w.conv != nil && !start {
		b.note(ev, c) // a rename's entry names the title it replaced
	}
	return en, nil
}

// Timeline turns the log into entries that pass the filter, oldest first.
// Events the timeline hides (see timelineWords) are left out.
func Timeline(events []Event, f TimelineFilter) ([]TimelineEntry, error) {
	var out []TimelineEntry
	book := convBook{}
	for _, ev := range events {
		en, err := book.entry(ev)
		if err != nil {
			return nil, err
		}
		if !en.Hidden && f.Match(en) {
			out = append(out, en)
		}
	}
	return out, nil
}
