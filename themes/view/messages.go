package view

// ConversationItem is one conversation in a list of messages.
type ConversationItem struct {
	Href  string
	Title string
	// Page links to the step a page comment's conversation is about.
	Page string
	// Unread is the number of messages the reader has not read; Draft
	// says the reader has an unsent text in it.
	Unread   int
	Draft    bool
	Messages int
	Last     string
	// UnreadLabel and CountLabel are Unread and Messages in words.
	UnreadLabel, CountLabel string
}

// MessagesView is the messages tab: the conversations, and a form that
// starts one.
type MessagesView struct {
	Heading string
	Tabs    []Link
	// Header is the staff's summary and tabs of the manage view, shown
	// instead of Heading and Tabs; nil for the citizen.
	Header        *ManageHeader
	CSRF          string
	Conversations []ConversationItem
	// Start is where a new conversation is posted; empty when none may be
	// started (maintenance, ended, or no messages feature).
	Start string
	// Preset is the title a new conversation gets ("Min konversation").
	Preset   string
	MaxTitle int
	// ReadOnly explains why nothing can be written, translated.
	ReadOnly string
}

// MessageView is one message of a conversation.
type MessageView struct {
	From string
	Mine bool
	// Text is plain text: the template escapes it and keeps its line
	// breaks (CSS white-space), and makes no links.
	Text string
	At   string
	// Read is the read receipt the writer sees ("Läst 3 nov 10:04"),
	// translated; empty when unread or not the reader's own message.
	Read string
}

// ConversationView is a conversation's page: its messages and the form
// to write the next.
type ConversationView struct {
	Heading string
	Tabs    []Link
	// Header is the staff's summary and tabs, as on MessagesView.
	Header   *ManageHeader
	CSRF     string
	Title    string
	Back     string
	Page     string
	Messages []MessageView
	// Send, Draft, Rename, Delete and Unread are where their forms post;
	// empty hides the form.
	Send, Draft, Rename, Delete, Unread string
	DraftText                           string
	MaxMessage, MaxTitle                int
	ReadOnly                            string
}

// CommentsView is the comment box under a step: the messages of the
// step's conversation and a form to add one.
type CommentsView struct {
	CSRF     string
	Messages []MessageView
	// Send is where a comment posts; empty when none may be written.
	Send       string
	Thread     string
	MaxMessage int
}
