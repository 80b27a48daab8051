package runtime

// Role is what a user may do, on a unit for staff.
type Role string

// Roles. Staff roles are given per unit; citizen and guardian come from how
// the user signed in; system is the scheduler and other automation.
const (
	RoleCitizen      Role = "citizen"       // invånare
	RoleGuardian     Role = "guardian"      // ombud, acting for a child under 13
	RoleClinician    Role = "clinician"     // behandlare
	RoleUnitAdmin    Role = "unit_admin"    // behörighetsadministratör
	RoleCitizenAdmin Role = "citizen_admin" // invånaradministratör
	RoleDataAdmin    Role = "data_admin"    // dataadministratör
	RoleSystem       Role = "system"        // scheduled jobs and automation
)

// StaffRoles lists the roles a unit admin can give staff on a unit.
var StaffRoles = []Role{RoleClinician, RoleUnitAdmin, RoleCitizenAdmin, RoleDataAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleCitizen, RoleGuardian, RoleClinician, RoleUnitAdmin, RoleCitizenAdmin, RoleDataAdmin, RoleSystem:
		return true
	}
	return false
}

// Staff reports whether r is a role given to staff on a unit.
func (r Role) Staff() bool {
	switch r {
	case RoleClinician, RoleUnitAdmin, RoleCitizenAdmin, RoleDataAdmin:
		return true
	}
	return false
}

// Actor is who did something: every event records one. For a citizen, ID is
// the personal identity number; for a guardian acting for a child, ID is
// the guardian's own number and Role is RoleGuardian, so the action is
// attributed to the guardian; for staff, ID is the staff id.
type Actor struct {
	ID   string `json:"id"`
	Role Role   `json:"r"`
}

// System is the actor of scheduled jobs and automation.
var System = Actor{ID: "system", Role: RoleSystem}

// ActsAsCitizen reports whether the actor is the citizen or someone acting for
// them: their actions count as activity in the program.
func (a Actor) ActsAsCitizen() bool { return a.Role == RoleCitizen || a.Role == RoleGuardian }
