// Conformance of runtime.Enrolments.View over the store: the shared state
// a page reads, which commands and Get's owners never write to.

package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stegvis/stegvis/runtime"
)

func testServiceView(t *testing.T, s runtime.Store) {
	ctx := context.Background()
	svc := service(s)
	p := Program()
	e := start(t, svc, "u1", "anna", "19121212-1212")
	e, err := svc.Do(ctx, e.ID, citizen, runtime.Then(
		runtime.OpenStep(p, "intro", "phq", time.Now()),
		runtime.SubmitForm(p, "intro", "phq", "", map[string][]string{"q1": {"3"}}, time.Now()),
		runtime.RaiseFlag(p, "risk", "3"),
	))
	if err != nil {
		t.Fatal(err)
	}

	v, err := svc.View(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "viewed", v.Clone(), e) // the Clone leaves the view's memo behind
	again, err := svc.View(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(runtime.SharedLoader); ok && again != v {
		t.Error("two views of an unchanged enrolment decoded it twice")
	}
	before := encode(t, v)

	// Get's owner and a command change their own copies only.
	own, err := svc.Get(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	own.Submissions[0].Answers["q1"][0] = "changed by the owner"
	own.Modules["intro"].Status = runtime.StatusCompleted
	after, err := svc.Do(ctx, e.ID, clinician, runtime.Then(runtime.MarkRead("3"), runtime.HideStep(p, "intro", "why")))
	if err != nil {
		t.Fatal(err)
	}
	if encode(t, v) != before {
		t.Error("a command or Get's owner wrote to the viewed state")
	}
	now, err := svc.View(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	equal(t, "viewed after the command", now.Clone(), after)

	_, err = svc.View(ctx, "nope")
	isErr(t, "view a missing enrolment", err, runtime.ErrNotFound)
}

func encode(t *testing.T, e *runtime.Enrolment) string {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
