package runtime

import (
	"reflect"
	"testing"
	"time"
)

func sampleEnrolment() *Enrolment {
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	return &Enrolment{
		ID: "e1", Seq: 7, StartedAt: now,
		Modules:     map[string]*ModuleState{"m": {Status: StatusCurrent, StartedAt: now}},
		Hidden:      map[string]bool{"m/a": true},
		Opened:      map[string]*Opened{"m/b": {First: now, Last: now, Count: 2}},
		Drafts:      map[string]*Draft{"m/f": {Form: "f", Answers: map[string][]string{"q": {"1"}}}},
		Submissions: []*Submission{{ID: "5", Form: "f", Answers: map[string][]string{"q": {"2", "3"}}}},
		Reviews:     []*Review{{ID: "6", Flag: "fl"}},

		CareContacts: []*CareContact{{ID: "8", CareContactInput: CareContactInput{Name: "Sam"}}},
		Planning:     []*PlanningItem{{ID: "9", PlanningInput: PlanningInput{Title: "Möte"}}},
		Bookmarks:    map[string]time.Time{"m/b": now},
	}
}

func TestCloneIsDeep(t *testing.T) {
	e := sampleEnrolment()
	c := e.Clone()
	if !reflect.DeepEqual(e, c) {
		t.Fatal("the clone differs")
	}
	c.Modules["m"].Status = StatusCompleted
	c.Hidden["m/x"] = true
	c.Opened["m/b"].Count = 9
	c.Drafts["m/f"].Answers["q"][0] = "x"
	c.Submissions[0].Answers["q"][1] = "x"
	c.Submissions[0].ReadBy = "anna"
	c.Reviews[0].ReviewedBy = "anna"
	c.CareContacts[0].Name = "Kim"
	c.Planning[0].Title = "Annat"
	c.Bookmarks["m/x"] = time.Time{}
	if !reflect.DeepEqual(e, sampleEnrolment()) {
		t.Error("changing the clone changed the original")
	}
}

func TestSnapshotCache(t *testing.T) {
	c := NewSnapshotCache(2)
	decodes := 0
	decode := func(raw string) (*Enrolment, error) {
		decodes++
		e := sampleEnrolment()
		e.CitizenName = raw
		return e, nil
	}
	for _, tt := range []struct {
		id, raw string
		decodes int
	}{
		{"a", "v1", 1}, // first read decodes
		{"a", "v1", 1}, // unchanged: from the cache
		{"a", "v2", 2}, // changed in the store: decodes again
		{"b", "v1", 3},
		{"c", "v1", 4}, // evicts one of a and b
	} {
		e, err := c.Decode(tt.id, tt.raw, decode)
		if err != nil || e.CitizenName != tt.raw || decodes != tt.decodes {
			t.Fatalf("Decode(%s, %s): %v %q, %d decodes, want %d", tt.id, tt.raw, err, e.CitizenName, decodes, tt.decodes)
		}
		e.CitizenName = "changed by the caller"
	}
	if len(c.m) != 2 {
		t.Errorf("cache holds %d, want at most 2", len(c.m))
	}
	if e, _ := c.Decode("c", "v1", decode); e.CitizenName != "v1" || decodes != 4 {
		t.Errorf("a caller's change reached the cache: %q", e.CitizenName)
	}
	c.Forget("c")
	if _, ok := c.m["c"]; ok {
		t.Error("Forget kept the enrolment")
	}
}

// TestCloneKnowsEveryField fails when Enrolment gains a field that shares
// memory (a map, slice or pointer), which Clone must then copy too.
func TestCloneKnowsEveryField(t *testing.T) {
	known := map[string]bool{"Modules": true, "Hidden": true, "Opened": true, "Drafts": true, "Submissions": true, "Reviews": true, "Conversations": true, "Linked": true, "MaintenanceHidden": true,
		"CareContacts": true, "Planning": true, "Bookmarks": true, "PlanStates": true,
		"memo": true} // Clone leaves the memo behind (TestMemo)
	typ := reflect.TypeOf(Enrolment{})
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		switch f.Type.Kind() {
		case reflect.Map, reflect.Slice, reflect.Pointer, reflect.Interface:
			if !known[f.Name] {
				t.Errorf("Enrolment.%s shares memory; make Clone copy it and add it here", f.Name)
			}
		}
	}
}

// TestSnapshotCacheBytes checks that DecodeBytes hits on equal bytes,
// decodes changed ones, and keeps a copy of what it caches, not the
// caller's buffer.
func TestSnapshotCacheBytes(t *testing.T) {
	c := NewSnapshotCache(4)
	decodes := 0
	decode := func(raw string) (*Enrolment, error) {
		decodes++
		e := sampleEnrolment()
		e.CitizenName = raw
		return e, nil
	}
	buf := []byte("v1")
	for _, tt := range []struct {
		raw     string
		decodes int
	}{
		{"v1", 1}, // first read decodes
		{"v1", 1}, // equal bytes: from the cache
		{"v2", 2}, // changed: decodes again
		{"v2", 2},
	} {
		copy(buf, tt.raw)
		e, err := c.DecodeBytes("a", buf, decode)
		if err != nil || e.CitizenName != tt.raw || decodes != tt.decodes {
			t.Fatalf("DecodeBytes(%s): %v %q, %d decodes, want %d", tt.raw, err, e.CitizenName, decodes, tt.decodes)
		}
	}
	copy(buf, "xx") // the caller's buffer changes, as a bbolt page does
	if c.m["a"].raw != "v2" {
		t.Errorf("the cache holds %q: it kept the caller's bytes", c.m["a"].raw)
	}
}
