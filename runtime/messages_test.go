package runtime

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/stegvis/stegvis/designer"
)

func messagesProgram() *designer.Program {
	p := testProgram()
	p.Features = []string{designer.FeatureMessages, designer.FeaturePageComments}
	p.Modules[0].Sections[0].Steps[1].Comments = true // intro/why
	p.Flags = append(p.Flags, &designer.Flag{ID: "msg", On: designer.TriggerMessageReceived, Review: true,
		Notify: []string{designer.NotifyClinician}, Message: "Nytt meddelande"})
	return p
}

// conv is a conversation started by the citizen as event 2.
var conv = step{citizen, &ConversationStarted{By: SideCitizen, Title: "Min konversation"}}

func TestMessageDecisions(t *testing.T) {
	p := messagesProgram()
	noMessages := testProgram()
	sent := step{clinician, &MessageSent{Conversation: "2", From: SideStaff, Text: "Hej", Notify: designer.DeliveryImmediate}}
	tests := []struct {
		name    string
		history []step
		d       Decision
		want    []Change
		err     error
	}{
		{"start", []step{started}, StartConversation(p, SideCitizen, " Min konversation "),
			[]Change{&ConversationStarted{By: SideCitizen, Title: "Min konversation"}}, nil},
		{"start without the feature", []step{started}, StartConversation(noMessages, SideCitizen, "x"), nil, ErrInvalid},
		{"start without a title", []step{started}, StartConversation(p, SideStaff, "  "), nil, ErrInvalid},
		{"start with a long title", []step{started}, StartConversation(p, SideStaff, strings.Repeat("a", MaxTitle+1)), nil, ErrTooLong},
		{"start in maintenance", []step{started, {clinician, &MaintenanceSet{On: true}}}, StartConversation(p, SideStaff, "x"), nil, ErrReadOnly},
		{"start after the end", []step{started, {clinician, &Ended{Reason: EndCompleted}}}, StartConversation(p, SideStaff, "x"), nil, ErrEnded},
		{"rename before the first message", []step{started, conv}, RenameConversation("2", "Sömn"),
			[]Change{&ConversationRenamed{Conversation: "2", Title: "Sömn"}}, nil},
		{"rename to the same title", []step{started, conv}, RenameConversation("2", "Min konversation"), nil, nil},
		{"rename after the first message", []step{started, conv, sent}, RenameConversation("2", "Sömn"), nil, ErrInvalid},
		{"rename unknown", []step{started}, RenameConversation("2", "Sömn"), nil, ErrNotFound},
		{"delete empty", []step{started, conv}, DeleteConversation("2"), []Change{&ConversationDeleted{Conversation: "2"}}, nil},
		{"delete with messages", []step{started, conv, sent}, DeleteConversation("2"), nil, ErrInvalid},
		{"send", []step{started, conv}, SendMessage(p, "2", SideStaff, "Hej\npå dig", designer.DeliveryDaily),
			[]Change{&MessageSent{Conversation: "2", From: SideStaff, Text: "Hej\npå dig", Notify: designer.DeliveryDaily}}, nil},
		{"citizen's message raises the flag", []step{started, conv}, SendMessage(p, "2", SideCitizen, "Hej", ""),
			[]Change{&MessageSent{Conversation: "2", From: SideCitizen, Text: "Hej", Notify: designer.DeliveryImmediate}, &FlagRaised{Flag: "msg"}}, nil},
		{"send blank", []step{started, conv}, SendMessage(p, "2", SideStaff, " \n ", ""), nil, ErrInvalid},
		{"send too long", []step{started, conv}, SendMessage(p, "2", SideStaff, strings.Repeat("å", MaxMessage+1), ""), nil, ErrTooLong},
		{"send at the limit", []step{started, conv}, SendMessage(p, "2", SideStaff, strings.Repeat("å", MaxMessage), ""),
			[]Change{&MessageSent{Conversation: "2", From: SideStaff, Text: strings.Repeat("å", MaxMessage), Notify: designer.DeliveryImmediate}}, nil},
		{"send with an unknown notification", []step{started, conv}, SendMessage(p, "2", SideStaff, "Hej", "weekly"), nil, ErrInvalid},
		{"send in maintenance", []step{started, conv, {clinician, &MaintenanceSet{On: true}}}, SendMessage(p, "2", SideStaff, "Hej", ""), nil, ErrReadOnly},
		{"send after the end", []step{started, conv, {clinician, &Ended{Reason: EndCompleted}}}, SendMessage(p, "2", SideCitizen, "Hej", ""), nil, ErrEnded},
		{"draft", []step{started, conv}, SaveMessageDraft("2", SideCitizen, "Hej"),
			[]Change{&MessageDrafted{Conversation: "2", From: SideCitizen, Text: "Hej"}}, nil},
		{"draft unchanged", []step{started, conv, {citizen, &MessageDrafted{Conversation: "2", From: SideCitizen, Text: "Hej"}}},
			SaveMessageDraft("2", SideCitizen, "Hej"), nil, nil},
		{"clear a draft", []step{started, conv, {citizen, &MessageDrafted{Conversation: "2", From: SideCitizen, Text: "Hej"}}},
			SaveMessageDraft("2", SideCitizen, "  "), []Change{&MessageDrafted{Conversation: "2", From: SideCitizen}}, nil},
		{"clear no draft", []step{started, conv}, SaveMessageDraft("2", SideCitizen, ""), nil, nil},
		{"draft too long", []step{started, conv}, SaveMessageDraft("2", SideCitizen, strings.Repeat("a", MaxMessage+1)), nil, ErrTooLong},
		{"draft in maintenance", []step{started, conv, {clinician, &MaintenanceSet{On: true}}}, SaveMessageDraft("2", SideCitizen, "a"), nil, ErrReadOnly},
		{"read", []step{started, conv, sent}, ReadConversation("2", SideCitizen),
			[]Change{&ConversationRead{Conversation: "2", By: SideCitizen, Upto: 1}}, nil},
		{"read again", []step{started, conv, sent, {citizen, &ConversationRead{Conversation: "2", By: SideCitizen, Upto: 1}}},
			ReadConversation("2", SideCitizen), nil, nil},
		{"read in maintenance", []step{started, conv, sent, {clinician, &MaintenanceSet{On: true}}}, ReadConversation("2", SideCitizen),
			[]Change{&ConversationRead{Conversation: "2", By: SideCitizen, Upto: 1}}, nil},
		{"read after the end", []step{started, conv, sent, {clinician, &Ended{Reason: EndCompleted}}}, ReadConversation("2", SideCitizen),
			[]Change{&ConversationRead{Conversation: "2", By: SideCitizen, Upto: 1}}, nil},
		{"mark unread", []step{started, conv, sent, {citizen, &ConversationRead{Conversation: "2", By: SideCitizen, Upto: 1}}},
			MarkConversationUnread("2", SideCitizen), []Change{&ConversationUnread{Conversation: "2", By: SideCitizen}}, nil},
		{"mark unread with nothing read", []step{started, conv, sent}, MarkConversationUnread("2", SideCitizen), nil, nil},
		{"first comment starts the page's conversation", []step{started}, Comment(p, "intro", "why", SideCitizen, "Svårt", ""),
			[]Change{&ConversationStarted{By: SideCitizen, Module: "intro", Step: "why"},
				&MessageSent{Conversation: "2", From: SideCitizen, Text: "Svårt", Notify: designer.DeliveryImmediate}, &FlagRaised{Flag: "msg"}}, nil},
		{"next comment joins it", []step{started, {citizen, &ConversationStarted{By: SideCitizen, Module: "intro", Step: "why"}}},
			Comment(p, "intro", "why", SideStaff, "Bra fråga", designer.DeliveryDaily),
			[]Change{&MessageSent{Conversation: "2", From: SideStaff, Text: "Bra fråga", Notify: designer.DeliveryDaily}}, nil},
		{"comment on a step without comments", []step{started}, Comment(p, "intro", "what", SideCitizen, "x", ""), nil, ErrInvalid},
		{"comment without the feature", []step{started}, Comment(noMessages, "intro", "why", SideCitizen, "x", ""), nil, ErrInvalid},
		{"comment on a closed step", []step{started}, Comment(p, "sleep", "diary", SideCitizen, "x", ""), nil, ErrInvalid},
		{"comment after the end", []step{started, {clinician, &Ended{Reason: EndCompleted}}}, Comment(p, "intro", "why", SideCitizen, "x", ""), nil, ErrEnded},
	}
	p.Modules[1].Sections[0].Steps[0].Comments = true
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Fold(logOf(t, tt.history...))
			if err != nil {
				t.Fatal(err)
			}
			got, err := tt.d(e)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("changes %s, want %s", show(got), show(tt.want))
			}
			for i := range got {
				if show(got[i:i+1]) != show(tt.want[i:i+1]) {
					t.Errorf("change %d: %s, want %s", i, show(got[i:i+1]), show(tt.want[i:i+1]))
				}
			}
		})
	}
}

func show(cs []Change) string {
	var b strings.Builder
	for _, c := range cs {
		ev, _ := NewEvent(t0, Actor{}, c)
		b.WriteString(ev.Type + string(ev.Data) + " ")
	}
	return b.String()
}

// TestUnreadAndReceipts: counts of unread messages per side, reading,
// marking unread again, and the read receipts the log gives.
func TestUnreadAndReceipts(t *testing.T) {
	p := messagesProgram()
	e, err := Fold(logOf(t, started, conv))
	if err != nil {
		t.Fatal(err)
	}
	var events []Event
	do := func(actor Actor, d Decision) {
		t.Helper()
		cs, err := d(e)
		if err != nil {
			t.Fatal(err)
		}
		evs, err := record(e, minute(int(e.Seq)), actor, cs)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, evs...)
	}
	all := func() []Event { return append(logOf(t, started, conv), events...) }
	counts := func(staff, cit int) {
		t.Helper()
		if got := e.UnreadForStaff(); got != staff {
			t.Errorf("unread for staff %d, want %d", got, staff)
		}
		if got := e.UnreadForCitizen(); got != cit {
			t.Errorf("unread for citizen %d, want %d", got, cit)
		}
	}
	do(clinician, SendMessage(p, "2", SideStaff, "Hej 1", ""))
	do(clinician, SendMessage(p, "2", SideStaff, "Hej 2", ""))
	counts(0, 2)
	do(citizen, ReadConversation("2", SideCitizen))
	counts(0, 0)
	do(citizen, MarkConversationUnread("2", SideCitizen))
	counts(0, 1)
	msgs, err := ConversationMessages(all(), "2")
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 2 || msgs[0].ReadAt.IsZero() || msgs[1].ReadAt.IsZero() || msgs[0].Author != "anna" {
		t.Fatalf("messages %+v: want two, both read (the receipt stays after marking unread)", msgs)
	}
	readAt := msgs[1].ReadAt
	do(citizen, SaveMessageDraft("2", SideCitizen, "Svar"))
	cv, _ := e.Conversation("2")
	if cv.Draft(SideCitizen) != "Svar" {
		t.Errorf("draft %q", cv.Draft(SideCitizen))
	}
	do(citizen, SendMessage(p, "2", SideCitizen, "Svar", ""))
	counts(1, 0)
	if cv.Draft(SideCitizen) != "" || cv.Messages() != 3 {
		t.Errorf("after sending: draft %q, %d messages", cv.Draft(SideCitizen), cv.Messages())
	}
	do(clinician, ReadConversation("2", SideStaff))
	counts(0, 0)
	msgs, _ = ConversationMessages(all(), "2")
	if !msgs[1].ReadAt.Equal(readAt) || msgs[2].ReadAt.IsZero() || msgs[2].From != SideCitizen {
		t.Errorf("receipts %+v", msgs)
	}
	if len(e.Reviews) != 1 || e.Reviews[0].Flag != "msg" {
		t.Errorf("reviews %+v, want the message's flag", e.Reviews)
	}
	// The fold of the log gives the state the decisions built.
	f, err := Fold(all())
	if err != nil {
		t.Fatal(err)
	}
	if show := func(e *Enrolment) string { s, _ := json.Marshal(e.Conversations); return string(s) }; show(f) != show(e) {
		t.Errorf("fold %s, want %s", show(f), show(e))
	}
	ns, err := MessageNotifications(p, e, events[len(events)-3])
	if err != nil {
		t.Fatal(err)
	}
	if len(ns) != 2 || ns[0].Recipient.Kind != RecipientStaff || ns[0].Message != "" || ns[0].Flag != MessageFlag || ns[1].Flag != "msg" {
		t.Errorf("notifications %+v", ns)
	}
}
