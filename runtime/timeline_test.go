package runtime_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
)

// TestTimelineWordsCoverEveryEvent fails when an event type is registered
// without words: add it to timelineWords in runtime/timeline.go and its
// sentence "timeline.event.<type>" to themes/locales/{sv,en}/timeline.json.
func TestTimelineWordsCoverEveryEvent(t *testing.T) {
	for _, typ := range runtime.EventTypes() {
		t.Run(typ, func(t *testing.T) {
			ev := runtime.Event{Seq: 1, At: time.Now(), Actor: runtime.System, Type: typ}
			if _, err := runtime.NewTimelineEntry(ev); err != nil && strings.Contains(err.Error(), "has no words") {
				t.Fatalf("add your event here: %v", err)
			}
		})
	}
	for _, key := range runtime.TimelineKeys() {
		for _, lang := range themes.Languages {
			if !themes.Lookup(lang).Has(key) {
				t.Errorf("%s: catalogue key %q missing: add it to themes/locales/%s/timeline.json", lang, key, lang)
			}
		}
	}
	for _, k := range runtime.TimelineKinds {
		for _, lang := range themes.Languages {
			if key := "timeline.kind." + string(k); !themes.Lookup(lang).Has(key) {
				t.Errorf("%s: catalogue key %q missing", lang, key)
			}
		}
	}
}

func event(t *testing.T, seq int64, at time.Time, actor runtime.Actor, c runtime.Change) runtime.Event {
	t.Helper()
	ev, err := runtime.NewEvent(at, actor, c)
	if err != nil {
		t.Fatal(err)
	}
	ev.Seq = seq
	return ev
}

func TestNewTimelineEntry(t *testing.T) {
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clin := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	cit := runtime.Actor{ID: "199001011234", Role: runtime.RoleCitizen}
	tests := []struct {
		name  string
		actor runtime.Actor
		c     runtime.Change
		kind  runtime.TimelineKind
		key   string
		args  []runtime.TimelineRef
	}{
		{"started", clin, &runtime.EnrolmentStarted{ID: "e1", Clinician: "anna"}, runtime.KindLifecycle, "timeline.event.started",
			[]runtime.TimelineRef{{Kind: runtime.RefStaff, ID: "anna"}}},
		{"form", cit, &runtime.FormSubmitted{Form: "sleep", Module: "m1", Step: "s1"}, runtime.KindForms, "timeline.event.form_submitted",
			[]runtime.TimelineRef{{Kind: runtime.RefForm, ID: "sleep"}}},
		{"battery form", cit, &runtime.FormSubmitted{Form: "phq9", Battery: "weekly", Occasion: "w1"}, runtime.KindBatteries, "timeline.event.form_submitted.battery",
			[]runtime.TimelineRef{{Kind: runtime.RefForm, ID: "phq9"}, {Kind: runtime.RefBattery, ID: "weekly"}}},
		{"urgent flag", runtime.System, &runtime.FlagRaised{Flag: "risk", Urgent: true}, runtime.KindFlags, "timeline.event.flag_raised.urgent",
			[]runtime.TimelineRef{{Kind: runtime.RefFlag, ID: "risk"}}},
		{"step opened", cit, &runtime.StepOpened{Module: "m1", Step: "s2"}, runtime.KindModules, "timeline.event.step_opened",
			[]runtime.TimelineRef{{Kind: runtime.RefStep, ID: "s2", Module: "m1"}, {Kind: runtime.RefModule, ID: "m1"}}},
		{"maintenance off", clin, &runtime.MaintenanceSet{On: false}, runtime.KindLifecycle, "timeline.event.maintenance_set.off", nil},
		{"escalated", runtime.System, &runtime.FlagEscalated{Review: "7", Level: 2}, runtime.KindNotifications, "timeline.event.flag_escalated",
			[]runtime.TimelineRef{{Kind: runtime.RefReview, ID: "7"}, {Kind: runtime.RefText, ID: "2"}}},
		{"ended", clin, &runtime.Ended{Reason: runtime.EndCompleted}, runtime.KindLifecycle, "timeline.event.ended",
			[]runtime.TimelineRef{{Kind: runtime.RefEndReason, ID: runtime.EndCompleted}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			en, err := runtime.NewTimelineEntry(event(t, 3, at, tt.actor, tt.c))
			if err != nil {
				t.Fatal(err)
			}
			if en.Kind != tt.kind || en.Key != tt.key || !reflect.DeepEqual(en.Args, tt.args) || en.Actor != tt.actor || en.Seq != 3 || !en.At.Equal(at) {
				t.Errorf("got %+v\nwant kind %s key %s args %+v", en, tt.kind, tt.key, tt.args)
			}
		})
	}
	if _, err := runtime.NewTimelineEntry(runtime.Event{Seq: 1, Type: "no_such_event"}); err == nil {
		t.Error("unknown event type: no error")
	}
}

func TestTimelineFilter(t *testing.T) {
	sthlm := runtime.Stockholm
	cit := runtime.Actor{ID: "199001011234", Role: runtime.RoleCitizen}
	// The clocks go forward at 02:00 on 30 March 2025 and back at 03:00 on
	// 26 October 2025: the local date of an event near midnight must
	// follow the local clock, not UTC.
	events := []runtime.Event{
		event(t, 1, time.Date(2025, 3, 29, 23, 30, 0, 0, sthlm), runtime.System, &runtime.EnrolmentStarted{ID: "e1", Clinician: "anna"}),
		event(t, 2, time.Date(2025, 3, 30, 0, 15, 0, 0, sthlm), cit, &runtime.StepOpened{Module: "m", Step: "s"}),
		event(t, 3, time.Date(2025, 3, 30, 23, 59, 0, 0, sthlm), cit, &runtime.FormSubmitted{Form: "f"}),
		event(t, 4, time.Date(2025, 3, 31, 0, 0, 0, 0, sthlm), runtime.System, &runtime.FlagRaised{Flag: "x"}),
		event(t, 5, time.Date(2025, 10, 26, 0, 30, 0, 0, sthlm), cit, &runtime.FormSubmitted{Form: "f", Battery: "b"}),
		event(t, 6, time.Date(2025, 10, 26, 23, 30, 0, 0, sthlm), cit, &runtime.StepOpened{Module: "m", Step: "s"}),
		event(t, 7, time.Date(2025, 10, 27, 0, 30, 0, 0, sthlm), runtime.System, &runtime.ModuleCompleted{Module: "m"}),
	}
	tests := []struct {
		name           string
		kinds          []string
		from, to, week string
		want           []int64
		wantErr        bool
	}{
		{name: "whole period", want: []int64{1, 2, 3, 4, 5, 6, 7}},
		{name: "forms", kinds: []string{"forms"}, want: []int64{3}},
		{name: "forms and batteries", kinds: []string{"forms", "batteries"}, want: []int64{3, 5}},
		{name: "modules", kinds: []string{"modules"}, want: []int64{2, 6, 7}},
		{name: "spring-forward day", from: "2025-03-30", to: "2025-03-30", want: []int64{2, 3}},
		{name: "from only", from: "2025-03-31", want: []int64{4, 5, 6, 7}},
		{name: "to only", to: "2025-03-29", want: []int64{1}},
		{name: "fall-back day", from: "2025-10-26", to: "2025-10-26", want: []int64{5, 6}},
		{name: "week 13 (24–30 March)", week: "2025-W13", want: []int64{1, 2, 3}},
		{name: "week 14", week: "2025-w14", want: []int64{4}},
		{name: "week wins over range", week: "2025-W43", from: "2025-01-01", want: []int64{5, 6}},
		{name: "kind and week", kinds: []string{"modules"}, week: "2025-W44", want: []int64{7}},
		{name: "unknown kind", kinds: []string{"gossip"}, wantErr: true},
		{name: "bad date", from: "2025-13-01", wantErr: true},
		{name: "from after to", from: "2025-04-02", to: "2025-04-01", wantErr: true},
		{name: "bad week", week: "2025-W60", wantErr: true},
		{name: "no week 53 in 2025", week: "2025-W53", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := runtime.ParseTimelineFilter(tt.kinds, tt.from, tt.to, tt.week)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("no error for %+v", tt)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := runtime.Timeline(events, f)
			if err != nil {
				t.Fatal(err)
			}
			var seqs []int64
			for _, en := range got {
				seqs = append(seqs, en.Seq)
			}
			if !reflect.DeepEqual(seqs, tt.want) {
				t.Errorf("got %v, want %v", seqs, tt.want)
			}
		})
	}
}

func TestISOWeekStart(t *testing.T) {
	tests := []struct{ week, want string }{
		{"2025-W01", "2024-12-30"},
		{"2026-W53", "2026-12-28"},
		{"2021-W01", "2021-01-04"},
	}
	for _, tt := range tests {
		t.Run(tt.week, func(t *testing.T) {
			got, err := runtime.ISOWeekStart(tt.week)
			if err != nil || got.Format(time.DateOnly) != tt.want {
				t.Errorf("got %v %v, want %s", got, err, tt.want)
			}
		})
	}
}

// TestTimelineMessages: a message event's kind and words come from its
// conversation, which the timeline learns from the log; drafts are left
// out; no message text is in the entry.
func TestTimelineMessages(t *testing.T) {
	at := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	clin := runtime.Actor{ID: "anna", Role: runtime.RoleClinician}
	cit := runtime.Actor{ID: "199001011234", Role: runtime.RoleCitizen}
	events := []runtime.Event{
		event(t, 1, at, clin, &runtime.EnrolmentStarted{ID: "e1", Clinician: "anna"}),
		event(t, 2, at, clin, &runtime.ConversationStarted{By: runtime.SideStaff, Title: "Min konversation"}),
		event(t, 3, at, clin, &runtime.ConversationRenamed{Conversation: "2", Title: "Sömnen"}),
		event(t, 4, at, clin, &runtime.MessageDrafted{Conversation: "2", From: runtime.SideStaff, Text: "Hej"}),
		event(t, 5, at, clin, &runtime.MessageSent{Conversation: "2", From: runtime.SideStaff, Text: "Hej hemlis"}),
		event(t, 6, at, cit, &runtime.ConversationRead{Conversation: "2", By: runtime.SideCitizen, Upto: 1}),
		event(t, 7, at, cit, &runtime.ConversationStarted{By: runtime.SideCitizen, Module: "m1", Step: "s1"}),
		event(t, 8, at, cit, &runtime.MessageSent{Conversation: "7", From: runtime.SideCitizen, Text: "En kommentar"}),
		event(t, 9, at, clin, &runtime.ConversationRead{Conversation: "7", By: runtime.SideStaff, Upto: 1}),
		event(t, 10, at, clin, &runtime.ConversationUnread{Conversation: "7", By: runtime.SideStaff}),
		event(t, 11, at, cit, &runtime.ConversationStarted{By: runtime.SideCitizen, Title: "Tom"}),
		event(t, 12, at, cit, &runtime.ConversationDeleted{Conversation: "11"}),
	}
	conv := func(id, label string) []runtime.TimelineRef {
		return []runtime.TimelineRef{{Kind: runtime.RefConversation, ID: id, Label: label}}
	}
	page := []runtime.TimelineRef{{Kind: runtime.RefStep, ID: "s1", Module: "m1"}, {Kind: runtime.RefModule, ID: "m1"}}
	want := []struct {
		seq  int64
		kind runtime.TimelineKind
		key  string
		args []runtime.TimelineRef
	}{
		{2, runtime.KindMessages, "timeline.event.conversation_started", conv("2", "Min konversation")},
		{3, runtime.KindMessages, "timeline.event.conversation_renamed", append(conv("2", "Min konversation"), runtime.TimelineRef{Kind: runtime.RefText, ID: "Sömnen"})},
		{5, runtime.KindMessages, "timeline.event.message_sent", conv("2", "Sömnen")},
		{6, runtime.KindMessages, "timeline.event.conversation_read", conv("2", "Sömnen")},
		{7, runtime.KindComments, "timeline.event.conversation_started.comment", page},
		{8, runtime.KindComments, "timeline.event.message_sent.comment", page},
		{9, runtime.KindComments, "timeline.event.conversation_read.comment", page},
		{10, runtime.KindComments, "timeline.event.conversation_unread.comment", page},
		{11, runtime.KindMessages, "timeline.event.conversation_started", conv("11", "Tom")},
		{12, runtime.KindMessages, "timeline.event.conversation_deleted", conv("11", "Tom")},
	}
	f, err := runtime.ParseTimelineFilter([]string{"messages", "comments"}, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	got, err := runtime.Timeline(events, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		en := got[i]
		if en.Seq != w.seq || en.Kind != w.kind || en.Key != w.key || !reflect.DeepEqual(en.Args, w.args) {
			t.Errorf("entry %d: got %+v\nwant %+v", i, en, w)
		}
		if en.Conversation == "" {
			t.Errorf("entry %d: no conversation to link to", i)
		}
		for _, a := range en.Args {
			if strings.Contains(a.ID+a.Label, "Hej") || strings.Contains(a.ID+a.Label, "kommentar") {
				t.Errorf("entry %d carries a message's text: %+v", i, a)
			}
		}
	}
	only, err := runtime.ParseTimelineFilter([]string{"comments"}, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := runtime.Timeline(events, only); len(got) != 4 {
		t.Errorf("comments only: got %d entries, want 4", len(got))
	}
	if en, err := runtime.NewTimelineEntry(events[3]); err != nil || !en.Hidden {
		t.Errorf("a draft: got %+v, %v; want hidden", en, err)
	}
}
