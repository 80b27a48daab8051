package web

import (
	"context"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// Context keys are unexported types, so no other package can make a key
// that collides with them.
type (
	sessionKey   struct{}
	userKey      struct{}
	enrolmentKey struct{}
	unitKey      struct{}
)

// user is who is signed in, as loaded for this request.
type user struct {
	Kind auth.Kind
	// ID is the personal identity number of a citizen or the staff id.
	ID   string
	Name string
	// Staff is the staff record with roles, for staff.
	Staff runtime.Staff
	// Guardian is the guardian's number while a guardian acts for the
	// citizen ID (mw_guardian.go); GuardianName is their name.
	Guardian, GuardianName string
}

// loaded is an enrolment with the program of its bundle.
type loaded struct {
	// E is shared with other requests (runtime.Enrolments.View): read it,
	// never write to it nor to anything it reaches.
	E       *runtime.Enrolment
	Program *designer.Program
}

func sessionFrom(ctx context.Context) *session {
	ss, _ := ctx.Value(sessionKey{}).(*session)
	return ss
}

func userFrom(ctx context.Context) *user {
	u, _ := ctx.Value(userKey{}).(*user)
	return u
}

func enrolmentFrom(ctx context.Context) *loaded {
	l, _ := ctx.Value(enrolmentKey{}).(*loaded)
	return l
}

func unitFrom(ctx context.Context) runtime.Unit {
	u, _ := ctx.Value(unitKey{}).(runtime.Unit)
	return u
}
