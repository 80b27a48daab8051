package runtime

import (
	"reflect"
	"strings"
	"testing"
)

// TestDecodeShared: readers of one stored snapshot share one decoded
// state, and Decode's copies never reach it.
func TestDecodeShared(t *testing.T) {
	c := NewSnapshotCache(4)
	decodes := 0
	decode := func(raw string) (*Enrolment, error) {
		decodes++
		e := sampleEnrolment()
		e.CitizenName = raw
		return e, nil
	}
	a, err := c.DecodeShared("a", "v1", decode)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.DecodeSharedBytes("a", []byte("v1"), decode)
	if a != b || decodes != 1 {
		t.Fatalf("two reads of one snapshot: same state %v, %d decodes", a == b, decodes)
	}
	own, _ := c.Decode("a", "v1", decode)
	if own == a || !reflect.DeepEqual(own, a.Clone()) { // a.Clone(): without the memo
		t.Fatalf("Decode: a copy %v, equal %v", own != a, reflect.DeepEqual(own, a.Clone()))
	}
	own.Submissions[0].Answers["q"][0] = "changed by the owner"
	own.Hidden["m/x"] = true
	if !reflect.DeepEqual(a.Clone(), decodeOf(t, "v1")) {
		t.Error("a change to Decode's copy reached the shared state")
	}
	n, _ := c.DecodeShared("a", "v2", decode)
	if n == a || n.CitizenName != "v2" || a.CitizenName != "v1" {
		t.Errorf("a changed snapshot: new state %v, %q, the old one %q", n != a, n.CitizenName, a.CitizenName)
	}
}

func decodeOf(t *testing.T, raw string) *Enrolment {
	t.Helper()
	e := sampleEnrolment()
	e.CitizenName = raw
	return e
}

// TestSharedWriteCaught: with the check on (a race build), a write to a
// shared state panics at the next read of it.
func TestSharedWriteCaught(t *testing.T) {
	defer func(on bool) { verifyShared = on }(verifyShared)
	verifyShared = true
	decode := func(string) (*Enrolment, error) { return sampleEnrolment(), nil }
	for _, tt := range []struct {
		name  string
		write func(e *Enrolment)
	}{
		{"field", func(e *Enrolment) { e.Welcome = "x" }},
		{"map", func(e *Enrolment) { e.Hidden["m/x"] = true }},
		{"pointed-to struct", func(e *Enrolment) { e.Opened["m/b"].Count++ }},
		{"answers of a submission", func(e *Enrolment) { e.Submissions[0].Answers["q"][1] = "x" }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c := NewSnapshotCache(4)
			e, err := c.DecodeShared("a", "v1", decode)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Decode("a", "v1", decode); err != nil { // unwritten: no panic
				t.Fatal(err)
			}
			tt.write(e)
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, "enrolment a was written") {
					t.Errorf("panic %q, want one about the write", msg)
				}
			}()
			c.DecodeShared("a", "v1", decode)
		})
	}
}

// BenchmarkSnapshotCacheHit compares a read from the cache with the copy
// (Decode, for commands) and without (DecodeShared, for pages).
func BenchmarkSnapshotCacheHit(b *testing.B) {
	c := NewSnapshotCache(4)
	decode := func(string) (*Enrolment, error) { return sampleEnrolment(), nil }
	for _, bb := range []struct {
		name string
		read func(id, raw string, decode func(string) (*Enrolment, error)) (*Enrolment, error)
	}{{"copy", c.Decode}, {"shared", c.DecodeShared}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := bb.read("a", "v1", decode); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
