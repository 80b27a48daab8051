package runtime

import (
	"errors"
	"testing"
)

// TestStampWasChanged: an entry counts as changed when someone else or a
// later event changed it.
func TestStampWasChanged(t *testing.T) {
	made := newStamp(Event{Seq: 2, Actor: citizen, At: minute(1)})
	for _, tc := range []struct {
		name string
		by   Event
		want bool
	}{
		{"untouched", Event{}, false},
		{"same actor, same minute", Event{Actor: citizen, At: minute(1)}, false},
		{"same actor, later", Event{Actor: citizen, At: minute(2)}, true},
		{"other actor, same minute", Event{Actor: clinician, At: minute(1)}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := made
			if tc.by.Actor != (Actor{}) {
				s.changed(tc.by)
			}
			if got := s.WasChanged(); got != tc.want {
				t.Errorf("WasChanged = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestEntries: finding, and removing down to no list at all.
func TestEntries(t *testing.T) {
	list := []*CareContact{{ID: "2"}, {ID: "5"}}
	for _, tc := range []struct {
		id    string
		found bool
	}{{"2", true}, {"5", true}, {"3", false}, {"", false}} {
		got, ok := findEntry(list, tc.id)
		if ok != tc.found || ok && got.ID != tc.id {
			t.Errorf("findEntry(%q) = %v, %v", tc.id, got, ok)
		}
		if _, err := entryToWrite(list, tc.id, "change contact"); (err == nil) != tc.found || err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("entryToWrite(%q): %v", tc.id, err)
		}
	}
	list = removeEntry(list, "2")
	if len(list) != 1 || list[0].ID != "5" {
		t.Fatalf("after removing 2: %v", list)
	}
	if list = removeEntry(list, "5"); list != nil {
		t.Errorf("after removing the last: %v, want nil", list)
	}
	if err := entryRoom(MaxCareContacts, MaxCareContacts, "contacts", "add contact"); !errors.Is(err, ErrInvalid) {
		t.Errorf("entryRoom at the limit: %v", err)
	}
}
