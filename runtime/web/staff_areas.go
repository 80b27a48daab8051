package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/stegvis/stegvis/runtime"
)

// The staff areas of a unit, by their path below /u/{unit}.
const (
	areaMine       = "mine"
	areaAll        = "all"
	areaEnded      = "ended"
	areaPrograms   = "programs"
	areaStart      = "start"
	areaEnrolments = "enrolments"
	// areaNotifications is the staff member's notifications of the unit,
	// areaProfile their own notification settings ("Min profil").
	areaNotifications = "notifications"
	areaProfile       = "profile"
	// areaRoles is who has which role on the unit ("Behörigheter"),
	// areaHandovers the enrolments handed over to it ("Överlämningar").
	areaRoles     = "roles"
	areaHandovers = "handovers"
	// areaAccessLog is the unit's access log, for its unit admins.
	areaAccessLog = "accesslog"
	// areaMaintenance lists the unit's enrolments in maintenance
	// ("Vidmakthåll"); areaData is the data admin's export and purge.
	areaMaintenance = "maintenance"
	areaData        = "data"
	// areaVideo is the unit's video service, for its unit admins
	// (video_settings.go); its meetings open below it.
	areaVideo = "video"
	// areaStatistics is the usage statistics of the region and the
	// unit, for its unit admins ("Statistik").
	areaStatistics = "statistics"
)

// staffArea is a part of a unit's staff pages and the roles that may use
// it.
type staffArea struct {
	path  string
	roles []runtime.Role
	// nav is the catalogue key of its link in the main navigation; ""
	// leaves it out.
	nav string
	// home ranks it as the unit's first page for those who may use it:
	// the lowest wins; 0 never.
	home int
}

// staffAreas is the one role policy of the staff pages: routes.go guards
// each area with its roles, the navigation lists the areas with a label
// that the user may use, in this order, and the unit's own URL sends
// staff to the first of theirs.
var staffAreas = []staffArea{
	{path: areaMine, roles: careRoles, nav: "web.nav.mine", home: 1},
	{path: areaAll, roles: careRoles, nav: "web.nav.all"},
	{path: areaMaintenance, roles: careRoles, nav: "lifecycle.nav.maintenance"},
	{path: areaEnded, roles: []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin, runtime.RoleDataAdmin}, nav: "web.nav.ended", home: 3},
	{path: areaPrograms, roles: []runtime.Role{runtime.RoleUnitAdmin}, nav: "web.nav.programs", home: 2},
	{path: areaStart, roles: careRoles},
	{path: areaEnrolments, roles: careRoles},
	{path: areaData, roles: []runtime.Role{runtime.RoleDataAdmin}, nav: "lifecycle.nav.data"},
	{path: areaNotifications, roles: runtime.StaffRoles, nav: "web.nav.notifications"},
	{path: areaProfile, roles: runtime.StaffRoles, nav: "web.nav.profile"},
	{path: areaRoles, roles: []runtime.Role{runtime.RoleUnitAdmin}, nav: "roles.nav.roles"},
	{path: areaHandovers, roles: handOverRoles, nav: "roles.nav.handovers"},
	{path: areaAccessLog, roles: []runtime.Role{runtime.RoleUnitAdmin}, nav: "accesslog.nav"},
	{path: areaVideo, roles: []runtime.Role{runtime.RoleUnitAdmin}, nav: "video.nav"},
	{path: areaStatistics, roles: []runtime.Role{runtime.RoleUnitAdmin}, nav: "statistics.nav"},
}

// careRoles are those who care for citizens: they start, follow and end
// enrolments.
var careRoles = []runtime.Role{runtime.RoleClinician, runtime.RoleCitizenAdmin}

// handOverRoles may choose an enrolment's responsible clinician: when
// starting it for another clinician, and by handing it over later.
var handOverRoles = []runtime.Role{runtime.RoleCitizenAdmin}

// area returns the staff area of a path; an unknown one is a mistake in
// the code, found when the routes are built.
func area(path string) staffArea {
	for _, a := range staffAreas {
		if a.path == path {
			return a
		}
	}
	panic(fmt.Sprintf("web: no staff area %q", path))
}

// allows reports whether staff with roles may use the area.
func (a staffArea) allows(roles []runtime.Role) bool { return hasAny(roles, a.roles...) }

// requireArea lets through staff whose roles on the unit allow the area.
func (s *Server) requireArea(path string) func(http.Handler) http.Handler {
	return s.requireRole(area(path).roles...)
}

// homeArea is the area the unit's own URL sends staff with roles to.
func homeArea(roles []runtime.Role) string {
	best := staffArea{}
	last := staffArea{}
	for _, a := range staffAreas {
		if a.home == 0 {
			continue
		}
		if a.home > last.home {
			last = a
		}
		if a.allows(roles) && (best.home == 0 || a.home < best.home) {
			best = a
		}
	}
	if best.home == 0 {
		// No area allows the roles; the last is as good a refusal as any.
		return last.path
	}
	return best.path
}

func hasAny(roles []runtime.Role, want ...runtime.Role) bool {
	for _, r := range roles {
		if slices.Contains(want, r) {
			return true
		}
	}
	return false
}
