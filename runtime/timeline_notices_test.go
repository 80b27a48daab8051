package runtime_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
)

func TestNoticeEntries(t *testing.T) {
	p := &designer.Program{
		Flags:     []*designer.Flag{{ID: "inaktiv", Title: "Inaktiv en vecka"}},
		Batteries: []*designer.Battery{{ID: "phq", Title: "PHQ-9"}},
	}
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	read := at.Add(2 * time.Hour)
	citizen := runtime.Recipient{Kind: runtime.RecipientCitizen, ID: "199001011234"}
	anna := runtime.Recipient{Kind: runtime.RecipientStaff, ID: "anna"}
	items := []runtime.InboxItem{
		{Key: "e1/end//citizen", Enrolment: "e1", Flag: runtime.EndFlag, Message: "Tack och lycka till", At: at.Add(3 * time.Hour)},
		{Key: "e1/inaktiv/x/citizen", Enrolment: "e1", Flag: "inaktiv", Message: "Vi saknar dig", At: at, ReadAt: read},
		{Key: "e2/inaktiv/x/citizen", Enrolment: "e2", Flag: "inaktiv", At: at},
		{Key: "e1/battery:phq/o1/citizen", Enrolment: "e1", Flag: runtime.BatteryNotificationFlag("phq"), Message: "Det finns en ny skattning", At: at.Add(time.Hour)},
		{Key: "e1/message/m4/citizen", Enrolment: "e1", Flag: runtime.MessageFlag, At: at.Add(time.Hour)},
		{Key: "e1/gone/x/citizen", Enrolment: "e1", Flag: "gone", At: at.Add(time.Hour)},
	}
	got := runtime.NoticeEntries(p, "e1", citizen, items, runtime.TimelineFilter{})
	want := []runtime.TimelineEntry{
		{At: at, Kind: runtime.KindNotifications, Actor: runtime.System, Key: "timeline.notice.citizen.read",
			Args: []runtime.TimelineRef{{Kind: runtime.RefFlag, ID: "inaktiv"}, {Kind: runtime.RefTime, ID: "2025-03-03T11:00:00Z"}}},
		{At: at.Add(time.Hour), Kind: runtime.KindNotifications, Actor: runtime.System, Key: "timeline.notice.citizen",
			Args: []runtime.TimelineRef{{Kind: runtime.RefNotice, ID: runtime.NoticeBattery, Label: "PHQ-9"}}},
		{At: at.Add(time.Hour), Kind: runtime.KindNotifications, Actor: runtime.System, Key: "timeline.notice.citizen",
			Args: []runtime.TimelineRef{{Kind: runtime.RefNotice, ID: runtime.NoticeMessage}}},
		{At: at.Add(time.Hour), Kind: runtime.KindNotifications, Actor: runtime.System, Key: "timeline.notice.citizen",
			Args: []runtime.TimelineRef{{Kind: runtime.RefNotice, ID: runtime.NoticeOther}}},
		{At: at.Add(3 * time.Hour), Kind: runtime.KindNotifications, Actor: runtime.System, Key: "timeline.notice.citizen",
			Args: []runtime.TimelineRef{{Kind: runtime.RefNotice, ID: runtime.NoticeEnd}}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("citizen:\n got %+v\nwant %+v", got, want)
	}
	for _, en := range got {
		for _, a := range en.Args {
			if a.ID == "Tack och lycka till" || a.Label == "Vi saknar dig" || a.Label == "Det finns en ny skattning" {
				t.Errorf("an entry holds the notification's text: %+v", en)
			}
		}
	}

	staff := runtime.NoticeEntries(p, "e1", anna, []runtime.InboxItem{{Key: "k", Enrolment: "e1", Flag: "inaktiv", At: at}}, runtime.TimelineFilter{})
	if len(staff) != 1 || staff[0].Key != "timeline.notice.staff" ||
		!reflect.DeepEqual(staff[0].Args, []runtime.TimelineRef{{Kind: runtime.RefStaff, ID: "anna"}, {Kind: runtime.RefFlag, ID: "inaktiv"}}) {
		t.Errorf("staff: %+v", staff)
	}

	filters := []struct {
		name string
		f    runtime.TimelineFilter
		n    int
	}{
		{"notifications", runtime.TimelineFilter{Kinds: []runtime.TimelineKind{runtime.KindNotifications}}, 5},
		{"messages only", runtime.TimelineFilter{Kinds: []runtime.TimelineKind{runtime.KindMessages}}, 0},
		{"the day", runtime.TimelineFilter{From: "2025-03-03", To: "2025-03-03"}, 5},
		{"the day after", runtime.TimelineFilter{From: "2025-03-04"}, 0},
	}
	for _, tt := range filters {
		if got := runtime.NoticeEntries(p, "e1", citizen, items, tt.f); len(got) != tt.n {
			t.Errorf("%s: %d entries, want %d", tt.name, len(got), tt.n)
		}
	}
}

func TestMergeTimeline(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	events := []runtime.TimelineEntry{{Seq: 1, At: at}, {Seq: 2, At: at.Add(time.Hour)}, {Seq: 3, At: at.Add(2 * time.Hour)}}
	notices := []runtime.TimelineEntry{{Key: "late", At: at.Add(3 * time.Hour)}, {Key: "same", At: at.Add(time.Hour)}, {Key: "first", At: at.Add(-time.Hour)}}
	var got []string
	for _, en := range runtime.MergeTimeline(events, notices) {
		if en.Key != "" {
			got = append(got, en.Key)
		} else {
			got = append(got, string(rune('0'+en.Seq)))
		}
	}
	if want := []string{"first", "1", "2", "same", "3", "late"}; !reflect.DeepEqual(got, want) {
		t.Errorf("= %v, want %v", got, want)
	}
}

func TestNoticeRecipients(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	e := &runtime.Enrolment{ID: "e1", Citizen: "199001011234", Clinician: "bo",
		Reviews: []*runtime.Review{{ID: "r1", Escalations: []runtime.Escalation{{Level: 1, To: []string{"cia", "bo"}}}}}}
	events := []runtime.Event{
		event(t, 1, at, runtime.System, &runtime.EnrolmentStarted{Clinician: "anna"}),
		event(t, 2, at, runtime.System, &runtime.ClinicianChanged{From: "anna", To: "bo"}),
	}
	got := runtime.NoticeRecipients(e, events)
	want := []runtime.Recipient{
		{Kind: runtime.RecipientCitizen, ID: "199001011234"},
		{Kind: runtime.RecipientStaff, ID: "anna"}, {Kind: runtime.RecipientStaff, ID: "bo"}, {Kind: runtime.RecipientStaff, ID: "cia"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("= %+v, want %+v", got, want)
	}
}
