package runtime

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// A shared state is a decoded snapshot that the SnapshotCache keeps and
// hands to every reader of the same stored snapshot at once, without a
// copy: the cheap way to read an enrolment for a page (Enrolments.View).
//
// Its contract: nobody writes to a shared state, nor to anything it
// reaches (its maps, slices and the structs they point to), ever. A reader
// that wants to change it takes a copy (Clone) or, to change the
// enrolment, runs a command (Enrolments.Do), which loads a private copy.
// Go cannot enforce that, so the cache checks it where it can: in a race
// build (go test -race) every read of a kept state first checks that the
// state still encodes as when it was kept, and panics naming the
// enrolment when it does not.

// verifyShared turns the check on; a race build starts with it on.
var verifyShared = raceEnabled

// DecodeShared is Decode without the copy: it returns the cache's own
// decoded state of raw, the same value to every caller, kept for the
// next. The caller must not write to it nor to anything it reaches (see
// above); Clone it to change it.
func (c *SnapshotCache) DecodeShared(id, raw string, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	return c.shared(id, raw, decode)
}

// DecodeSharedBytes is DecodeShared for a snapshot read as bytes, as
// DecodeBytes is Decode's.
func (c *SnapshotCache) DecodeSharedBytes(id string, raw []byte, decode func(raw string) (*Enrolment, error)) (*Enrolment, error) {
	return c.sharedBytes(id, raw, decode)
}

// encodingOf returns e's encoding while verifyShared is on, nil otherwise.
func encodingOf(e *Enrolment) []byte {
	if !verifyShared {
		return nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		panic(fmt.Sprintf("snapshot cache: encode %s: %v", e.ID, err))
	}
	return b
}

// verify panics when the kept state no longer encodes as it did when it
// was kept: someone wrote to a shared state.
func (s cachedSnapshot) verify(id string) {
	b, err := json.Marshal(s.e)
	if err != nil {
		panic(fmt.Sprintf("snapshot cache: encode %s: %v", id, err))
	}
	if !bytes.Equal(b, s.enc) {
		panic(fmt.Sprintf("snapshot cache: the shared state of enrolment %s was written to (runtime.SnapshotCache.DecodeShared)", id))
	}
}
