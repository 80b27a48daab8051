package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// Contacts ("Kontakter"): the people the citizen can turn to during the
// program, in a program with designer.FeatureContacts. The responsible
// clinician comes first, by itself: it is not stored but derived from the
// enrolment's clinician and the directory (ResponsibleContact), so it
// follows a change of clinician and cannot be removed. The other contacts
// (a physiotherapist, a partner, a coach at the gym …) are added, changed
// and removed by the citizen and the clinicians alike, as events on the
// enrolment's log, each keeping who created it and who last changed it.
// In maintenance and after the end none is written (CheckWrite).
//
// Not to be confused with contact.go, which holds a person's own e-mail
// and SMS settings for notifications.

func init() {
	register(func() Change { return new(CareContactAdded) })
	register(func() Change { return new(CareContactChanged) })
	register(func() Change { return new(CareContactRemoved) })
}

// Limits on contacts.
const (
	// MaxCareContacts is the most contacts an enrolment keeps.
	MaxCareContacts = 50
	// MaxContactName is the longest name of a contact; MaxContactRole
	// the longest role or relation.
	MaxContactName = 100
	MaxContactRole = 100
	// MaxContactNote is the longest note on a contact.
	MaxContactNote = 1000
	// MaxPhone is the longest phone number, as typed.
	MaxPhone = 32
)

// CareContactInput is a contact as typed: every field but Name may be
// empty.
type CareContactInput struct {
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	Note  string `json:"note,omitempty"`
}

// Check returns the input trimmed, or FieldErrors naming every field it
// refuses: a name is required; the phone a number as people write it
// (ParsePhone), the e-mail a bare address (ParseEmail); each text within
// its limit.
func (in CareContactInput) Check() (CareContactInput, error) {
	var c fieldCheck
	out := CareContactInput{
		Name: c.text("name", in.Name, MaxContactName, true),
		Role: c.text("role", in.Role, MaxContactRole, false),
	}
	if p := strings.TrimSpace(in.Phone); p != "" {
		phone, err := ParsePhone(p)
		if err != nil {
			c.fail("phone", FieldInvalid)
		}
		out.Phone = phone
	}
	if m := strings.TrimSpace(in.Email); m != "" {
		email, err := ParseEmail(m)
		if err != nil {
			c.fail("email", FieldInvalid)
		}
		out.Email = email
	}
	out.Note = c.long("note", in.Note, MaxContactNote, false)
	return out, c.err()
}

// ParsePhone checks a phone number as people write it, a landline, a
// mobile or a short number such as 1177: digits with spaces, hyphens,
// dots and brackets, an optional leading +, 3 to 15 digits (E.164's
// most). It returns the number with its spaces made single, as typed
// otherwise.
func ParsePhone(s string) (string, error) {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > MaxPhone {
		return "", fmt.Errorf("phone number: too long: %w", ErrInvalid)
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0:
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return "", fmt.Errorf("phone number: %q: %w", r, ErrInvalid)
		}
	}
	if digits < 3 || digits > 15 {
		return "", fmt.Errorf("phone number: %d digits: %w", digits, ErrInvalid)
	}
	return s, nil
}

// CareContact is one contact the enrolment keeps.
type CareContact struct {
	// ID is the sequence number of its CareContactAdded event.
	ID string `json:"id"`
	CareContactInput
	Stamp
}

func (c *CareContact) entryID() string { return c.ID }

// CareContact returns the contact with the given id.
func (e *Enrolment) CareContact(id string) (*CareContact, bool) {
	return findEntry(e.CareContacts, id)
}

// CareContactAdded adds a contact; its id is the event's sequence number.
type CareContactAdded struct {
	CareContactInput
}

// EventType returns "care_contact_added".
func (*CareContactAdded) EventType() string { return "care_contact_added" }

func (c *CareContactAdded) apply(e *Enrolment, ev Event) {
	e.CareContacts = append(e.CareContacts, &CareContact{ID: seqID(ev), CareContactInput: c.CareContactInput, Stamp: newStamp(ev)})
}

// CareContactChanged replaces what a contact says.
type CareContactChanged struct {
	Contact string `json:"contact"`
	CareContactInput
}

// EventType returns "care_contact_changed".
func (*CareContactChanged) EventType() string { return "care_contact_changed" }

func (c *CareContactChanged) apply(e *Enrolment, ev Event) {
	if ct, ok := e.CareContact(c.Contact); ok {
		ct.CareContactInput = c.CareContactInput
		ct.changed(ev)
	}
}

// CareContactRemoved removes a contact. Name is the contact's name when
// it was removed, for the timeline.
type CareContactRemoved struct {
	Contact string `json:"contact"`
	Name    string `json:"name,omitempty"`
}

// EventType returns "care_contact_removed".
func (*CareContactRemoved) EventType() string { return "care_contact_removed" }

func (c *CareContactRemoved) apply(e *Enrolment, _ Event) {
	e.CareContacts = removeEntry(e.CareContacts, c.Contact)
}

// careContactsWritable refuses contacts in a program without them, in
// maintenance and after the end.
func careContactsWritable(p *designer.Program, e *Enrolment, what string) error {
	return entriesWritable(p, e, designer.FeatureContacts, "contacts", what)
}

// AddCareContact adds a contact, checked by CareContactInput.Check, for
// the citizen or a clinician. The new contact's id is the event's
// sequence number, e.Seq+1 on the state it decides on.
func AddCareContact(p *designer.Program, in CareContactInput) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "add contact"
		if err := careContactsWritable(p, e, what); err != nil {
			return nil, err
		}
		if err := entryRoom(len(e.CareContacts), MaxCareContacts, "contacts", what); err != nil {
			return nil, err
		}
		in, err := in.Check()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return []Change{&CareContactAdded{CareContactInput: in}}, nil
	})
}

// ChangeCareContact replaces what contact id says; the same again
// changes nothing.
func ChangeCareContact(p *designer.Program, id string, in CareContactInput) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "change contact"
		if err := careContactsWritable(p, e, what); err != nil {
			return nil, err
		}
		ct, err := entryToWrite(e.CareContacts, id, what)
		if err != nil {
			return nil, err
		}
		in, err := in.Check()
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", what, id, err)
		}
		if in == ct.CareContactInput {
			return nil, nil
		}
		return []Change{&CareContactChanged{Contact: id, CareContactInput: in}}, nil
	})
}

// RemoveCareContact removes contact id. The responsible clinician is no
// stored contact and cannot be removed.
func RemoveCareContact(p *designer.Program, id string) Decision {
	return decision(func(e *Enrolment) ([]Change, error) {
		const what = "remove contact"
		if err := careContactsWritable(p, e, what); err != nil {
			return nil, err
		}
		ct, err := entryToWrite(e.CareContacts, id, what)
		if err != nil {
			return nil, err
		}
		return []Change{&CareContactRemoved{Contact: id, Name: ct.Name}}, nil
	})
}

// Responsible is the responsible clinician as the first contact: the
// enrolment's clinician, by name from the directory, and the unit.
type Responsible struct {
	// Staff is the clinician's staff id; Name their name, or the id
	// when the directory has none.
	Staff string
	Name  string
	// Unit is the unit's name, or its id when the directory has none.
	Unit string
}

// ResponsibleContact returns the enrolment's responsible clinician as a
// contact, read from the directory now, so that it follows a change of
// clinician or of name.
func ResponsibleContact(ctx context.Context, dir DirectoryStore, e *Enrolment) (Responsible, error) {
	name, err := ActorName(ctx, dir, Actor{ID: e.Clinician, Role: RoleClinician})
	if err != nil {
		return Responsible{}, fmt.Errorf("responsible clinician of %s: %w", e.ID, err)
	}
	out := Responsible{Staff: e.Clinician, Name: name, Unit: e.Unit}
	u, err := dir.Unit(ctx, e.Unit)
	switch {
	case err == nil && u.Name != "":
		out.Unit = u.Name
	case err != nil && !errors.Is(err, ErrNotFound):
		return Responsible{}, fmt.Errorf("unit of %s: %w", e.ID, err)
	}
	return out, nil
}
