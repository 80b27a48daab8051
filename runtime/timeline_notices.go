package runtime

import (
	"slices"
	"strings"
	"time"

	"github.com/stegvis/stegvis/designer"
)

// Notifications on the timeline. A notification is not an event of the
// enrolment's log: it lands in its recipient's inbox (inbox.go). The
// timeline reads the inboxes of those who may have had one about the
// enrolment (NoticeRecipients), keeps the items about it and shows each
// as an entry of kind notifications (NoticeEntries), merged into the
// log's entries by time (MergeTimeline). An entry says whom it went to
// and what it was about in the catalogue's words, a flag's title or a
// fixed word: never the notification's text, which the designer or the
// clinician wrote and which may be about the citizen's health.

// RefNotice names what a notification was about by a fixed word: ID is
// one of the NoticeWhat words, the catalogue's
// "timeline.notice.what.<ID>"; for NoticeBattery, Label is the battery's
// title.
const RefNotice RefKind = "notice"

// RefTime is an instant the web shows as a local date and time: ID in
// RFC 3339.
const RefTime RefKind = "time"

// The words for what a notification was about, when it is not one of the
// program's flags.
const (
	NoticeMessage = "message" // a new message in the messages tab
	NoticeEnd     = "end"     // the clinician's message at the end
	NoticeBattery = "battery" // a battery's occasion is waiting
	NoticeOther   = "other"   // anything else: a flag no longer in the program
)

// NoticeWhat lists the words of RefNotice.
var NoticeWhat = []string{NoticeMessage, NoticeEnd, NoticeBattery, NoticeOther}

// noticeKeys are the sentences of notification entries: to the citizen or
// to a member of staff, and read or not.
var noticeKeys = []string{"timeline.notice.citizen", "timeline.notice.citizen.read", "timeline.notice.staff", "timeline.notice.staff.read"}

// NoticeRecipients returns whose inboxes may hold notifications about e:
// the citizen, every clinician the log names as responsible (at the
// start, on a change, on a handover) and the current one, and the staff
// its urgent flags escalated to. Staff come sorted, each once, after the
// citizen.
func NoticeRecipients(e *Enrolment, events []Event) []Recipient {
	staff := map[string]bool{e.Clinician: true}
	for _, ev := range events {
		if ev.Type != "started" && ev.Type != "clinician_changed" && ev.Type != "handover_accepted" {
			continue
		}
		c, err := ev.Change()
		if err != nil {
			continue // the timeline itself reports a bad event
		}
		switch c := c.(type) {
		case *EnrolmentStarted:
			staff[c.Clinician] = true
		case *ClinicianChanged:
			staff[c.From], staff[c.To] = true, true
		case *HandoverAccepted:
			staff[c.Clinician] = true
		}
	}
	for _, r := range e.Reviews {
		for _, esc := range r.Escalations {
			for _, id := range esc.To {
				staff[id] = true
			}
		}
	}
	delete(staff, "")
	var out []Recipient
	if e.Citizen != "" {
		out = append(out, Recipient{Kind: RecipientCitizen, ID: e.Citizen})
	}
	ids := make([]string, 0, len(staff))
	for id := range staff {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		out = append(out, Recipient{Kind: RecipientStaff, ID: id})
	}
	return out
}

// NoticeEntries turns the items of to's inbox that are about the
// enrolment into timeline entries of kind notifications that pass the
// filter, oldest first. Each is the system's doing, and says whom it went
// to (a member of staff by a RefStaff), what it was about (the flag by a
// RefFlag when the program has it, otherwise a RefNotice) and, when read,
// when (a RefTime).
func NoticeEntries(p *designer.Program, enrolment string, to Recipient, items []InboxItem, f TimelineFilter) []TimelineEntry {
	var out []TimelineEntry
	for _, it := range items {
		if it.Enrolment != enrolment || enrolment == "" {
			continue
		}
		en := TimelineEntry{At: it.At, Kind: KindNotifications, Actor: System, Key: "timeline.notice.citizen"}
		if to.Kind == RecipientStaff {
			en.Key = "timeline.notice.staff"
			en.Args = append(en.Args, ref(RefStaff, to.ID))
		}
		en.Args = append(en.Args, noticeWhat(p, it.Flag))
		if it.Read() {
			en.Key += ".read"
			en.Args = append(en.Args, ref(RefTime, it.ReadAt.UTC().Format(time.RFC3339)))
		}
		if f.Match(en) {
			out = append(out, en)
		}
	}
	slices.SortStableFunc(out, func(a, b TimelineEntry) int { return a.At.Compare(b.At) })
	return out
}

// noticeWhat is what a notification with the inbox item's Flag was
// about: one of the program's flags, or a fixed word.
func noticeWhat(p *designer.Program, flag string) TimelineRef {
	switch flag {
	case MessageFlag:
		return ref(RefNotice, NoticeMessage)
	case EndFlag:
		return ref(RefNotice, NoticeEnd)
	}
	if id, ok := strings.CutPrefix(flag, BatteryNotificationFlag("")); ok {
		title := id
		if p != nil {
			for _, b := range p.Batteries {
				if b.ID == id && b.Title != "" {
					title = b.Title
				}
			}
		}
		return TimelineRef{Kind: RefNotice, ID: NoticeBattery, Label: title}
	}
	if p != nil {
		if _, ok := findFlag(p, flag); ok {
			return ref(RefFlag, flag)
		}
	}
	return ref(RefNotice, NoticeOther)
}

// MergeTimeline merges notification entries, of any number of inboxes,
// into the log's entries (in log order), each notice before the first
// entry after it in time: the log's order is kept, and a notice follows
// the event at its own instant that caused it. It sorts notices in place.
func MergeTimeline(events, notices []TimelineEntry) []TimelineEntry {
	if len(notices) == 0 {
		return events
	}
	slices.SortStableFunc(notices, func(a, b TimelineEntry) int { return a.At.Compare(b.At) })
	out := make([]TimelineEntry, 0, len(events)+len(notices))
	i := 0
	for _, ev := range events {
		for i < len(notices) && notices[i].At.Before(ev.At) {
			out = append(out, notices[i])
			i++
		}
		out = append(out, ev)
	}
	return append(out, notices[i:]...)
}
