package runtime

import "sync"

// memo is what pages derived from one shared state (see
// snapshot_shared.go), by key.
type memo struct {
	mu sync.Mutex
	m  map[any]any
}

// memoMax bounds the values kept of one state: its keys are few (a page's
// part in each language), so the bound only stops a careless key from
// growing it without end. A page's tabs take one key per tab shown.
const memoMax = 32

// Memo returns build(), made once per key for a shared state: a state
// that Enrolments.View returns is never written, so what a page derives
// from it alone (its module list, say) stays true for as long as the
// state is the enrolment's current one, and is kept with it: once the
// enrolment changes, View returns another state with nothing kept. key
// must name everything else the value depends on (the language, say) and
// be comparable; the value must never be written either, as it is shared
// like the state. On a state of one's own (Get, Clone, a command's) Memo
// calls build every time.
func (e *Enrolment) Memo(key any, build func() any) any {
	t := e.memo
	if t == nil {
		return build()
	}
	t.mu.Lock()
	v, ok := t.m[key]
	t.mu.Unlock()
	if ok {
		return v
	}
	v = build()
	t.mu.Lock()
	if len(t.m) < memoMax {
		t.m[key] = v
	}
	t.mu.Unlock()
	return v
}

// share marks e shared: from now on Memo keeps what it builds.
func (e *Enrolment) share() { e.memo = &memo{m: make(map[any]any)} }
