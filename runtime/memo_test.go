package runtime

import "testing"

// TestMemo checks that a shared state keeps what Memo builds of it, per
// key, and that a state of one's own, its copies and a changed snapshot's
// state keep nothing.
func TestMemo(t *testing.T) {
	c := NewSnapshotCache(4)
	decode := func(raw string) (*Enrolment, error) {
		e := sampleEnrolment()
		e.CitizenName = raw
		return e, nil
	}
	builds := 0
	build := func() any { builds++; return builds }
	shared, err := c.DecodeShared("a", "v1", decode)
	if err != nil {
		t.Fatal(err)
	}
	own, _ := c.Decode("a", "v1", decode)
	changed, _ := c.DecodeShared("a", "v2", decode)
	for _, tt := range []struct {
		name   string
		e      *Enrolment
		key    string
		want   int
		builds int
	}{
		{"shared, first", shared, "sv", 1, 1},
		{"shared, again", shared, "sv", 1, 1},
		{"shared, another key", shared, "en", 2, 2},
		{"own", own, "sv", 3, 3},
		{"own, again", own, "sv", 4, 4},
		{"a copy of the shared", shared.Clone(), "sv", 5, 5},
		{"the changed snapshot's", changed, "sv", 6, 6},
		{"shared, still", shared, "sv", 1, 6},
	} {
		if got := tt.e.Memo(tt.key, build); got != tt.want || builds != tt.builds {
			t.Errorf("%s: Memo = %v after %d builds, want %d after %d", tt.name, got, builds, tt.want, tt.builds)
		}
	}
}
