package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// The access log is written from here alone: logAccesses records every
// page of a unit's enrolment that staff open, by its route, and logAccess
// is the one call for the pages elsewhere that show an enrolment's data
// (an export, a PDF outside the manage view). A page is not served when
// its access cannot be logged.

// roleKey holds the role requireRole let the staff member through with.
type roleKey struct{}

func roleFrom(ctx context.Context) runtime.Role {
	r, _ := ctx.Value(roleKey{}).(runtime.Role)
	return r
}

// roleUsed is the first of the allowed roles that the staff member has:
// the role the access is logged under.
func roleUsed(have []runtime.Role, allowed []runtime.Role) runtime.Role {
	for _, a := range allowed {
		if hasAny(have, a) {
			return a
		}
	}
	return ""
}

// accessRoleOrder is the order a role is chosen in when no route chose
// one: care before administration.
var accessRoleOrder = []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin, runtime.RoleDataAdmin, runtime.RoleUnitAdmin}

// logAccess records that the signed-in staff member opened kind (object
// within it, "" for the whole) of the enrolment that the middleware
// loaded. Handlers that show an enrolment's data outside the manage
// view's routes call it before they answer, and fail when it fails:
//
//	if err := s.logAccess(r, runtime.AccessExport, "fhir"); err != nil { s.fail(w, r, err); return }
func (s *Server) logAccess(r *http.Request, kind runtime.AccessKind, object string) error {
	l := enrolmentFrom(r.Context())
	if l == nil {
		return fmt.Errorf("log access: no enrolment loaded")
	}
	return s.logAccessTo(r, l.E.ID, kind, object)
}

// logAccessTo is logAccess for a page that names the enrolment itself,
// such as an export of enrolments chosen from a list.
func (s *Server) logAccessTo(r *http.Request, enrolment string, kind runtime.AccessKind, object string) error {
	u, unit := userFrom(r.Context()), unitFrom(r.Context())
	if u == nil || u.Kind != auth.Staff || unit.ID == "" {
		return fmt.Errorf("log access to %s: no staff member on a unit", enrolment)
	}
	role := roleFrom(r.Context())
	if role == "" {
		role = roleUsed(u.Staff.Roles[unit.ID], accessRoleOrder)
	}
	err := s.store.AppendAccess(r.Context(), runtime.AccessEntry{
		At: s.now(), Staff: u.ID, StaffName: u.Name, Role: role,
		Unit: unit.ID, Enrolment: enrolment, Kind: kind, Object: object,
	})
	if err != nil {
		return fmt.Errorf("log access to %s: %w", enrolment, err)
	}
	return nil
}

// logAccesses logs each page of the unit's enrolment that staff open
// (GET), by its route, before the page is served: the manage view and
// each of its tabs, so that a tab added later is logged without its
// handler asking. Actions (POST) change; the page they lead to is logged.
func (s *Server) logAccesses(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		kind, object, ok := accessOfRoute(r)
		if !ok {
			next.ServeHTTP(w, r) // no such page: the router answers 404
			return
		}
		if err := s.logAccess(r, kind, object); err != nil {
			s.fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// accessOfRoute finds the route of a request below a unit's enrolment and
// says what opening it is: a form answer by its {submission}, a
// conversation under /messages, the timeline, an export, or else the
// manage view and its tab.
func accessOfRoute(r *http.Request) (runtime.AccessKind, string, bool) {
	rctx := chi.RouteContext(r.Context())
	if rctx == nil || rctx.Routes == nil {
		return "", "", false
	}
	path := r.URL.RawPath
	if path == "" {
		path = r.URL.Path
	}
	found := chi.NewRouteContext()
	if !rctx.Routes.Match(found, http.MethodGet, path) {
		return "", "", false
	}
	_, tab, ok := strings.Cut(found.RoutePattern(), "/{enrolment}")
	if !ok {
		return "", "", false
	}
	tab = strings.Trim(tab, "/")
	// The object of a tab is its own path, with the values of its
	// parameters.
	_, rest, _ := strings.Cut(path, "/"+found.URLParam("enrolment"))
	rest = strings.Trim(rest, "/")
	switch {
	case strings.Contains(tab, "{submission}"):
		return runtime.AccessSubmission, found.URLParam("submission"), true
	case tab == "messages" || strings.HasPrefix(tab, "messages/"):
		return runtime.AccessMessage, found.URLParam("conversation"), true
	case tab == "timeline" || strings.HasPrefix(tab, "timeline/"):
		return runtime.AccessTimeline, strings.TrimPrefix(strings.TrimPrefix(rest, "timeline"), "/"), true
	case tab == "export" || strings.HasPrefix(tab, "export/"):
		return runtime.AccessExport, strings.TrimPrefix(strings.TrimPrefix(rest, "export"), "/"), true
	}
	return runtime.AccessEnrolment, rest, true
}
