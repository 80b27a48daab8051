package runtime

import "context"

// The directory: units, staff and their roles, citizens, and the actors
// that events record.

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

// DirectoryStore keeps units, staff and their roles, and citizens. These
// are small records written by admins and the demo seed.
type DirectoryStore interface {
	// PutUnit creates or replaces a unit.
	PutUnit(ctx context.Context, u Unit) error
	// Unit returns a unit.
	Unit(ctx context.Context, id string) (Unit, error)
	// Units returns every unit, sorted by id.
	Units(ctx context.Context) ([]Unit, error)

	// PutStaff creates or replaces a staff member's record, all but Roles,
	// which only SetRoles changes.
	PutStaff(ctx context.Context, s Staff) error
	// Staff returns a staff member with their roles on every unit.
	Staff(ctx context.Context, id string) (Staff, error)
	// StaffMembers returns every staff member, sorted by id.
	StaffMembers(ctx context.Context) ([]Staff, error)
	// SetRoles sets a staff member's roles on one unit; no roles removes
	// them from the unit. It returns ErrNotFound for an unknown staff id.
	// Roles are set per unit so that admins of different units never
	// overwrite each other.
	SetRoles(ctx context.Context, staff, unit string, roles []Role) error

	// PutCitizen creates or replaces a citizen.
	PutCitizen(ctx context.Context, c Citizen) error
	// Citizen returns a citizen by personal identity number (12 digits).
	Citizen(ctx context.Context, pnr string) (Citizen, error)
}

// Unit is a clinic ("vårdenhet", "mottagning").
type Unit struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Backup are the staff ids of the unit's backup clinicians, whom an
	// urgent flag reaches first when the responsible clinician has not
	// acknowledged it in time (escalation.go).
	Backup []string `json:"backup,omitempty"`
	// Video is the URL template of the unit's video service, with the
	// placeholder {room}; "" when none is connected (video.go).
	Video string `json:"video,omitempty"`
}

// Staff is a member of staff who signs in to the staff UI. ID is their
// login name (an HSA id in production).
type Staff struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
	// Mobile, NotifyEmail and NotifySMS are the notification settings
	// under "Min profil" (Contact, contact.go).
	Mobile      string `json:"mobile,omitempty"`
	NotifyEmail bool   `json:"notify_email,omitempty"`
	NotifySMS   bool   `json:"notify_sms,omitempty"`
	// PasswordHash is for the demo and development sign-in; the web layer
	// chooses the hash.
	PasswordHash string `json:"password_hash,omitempty"`
	// Roles maps a unit id to the staff member's roles there.
	Roles map[string][]Role `json:"-"`
}

// HasRole reports whether the staff member has role on unit.
func (s Staff) HasRole(unit string, role Role) bool {
	for _, r := range s.Roles[unit] {
		if r == role {
			return true
		}
	}
	return false
}

// Citizen is a citizen ("invånare") known to the runtime.
type Citizen struct {
	// PNR is the personal identity number, 12 digits (see ParsePnr).
	PNR  string `json:"pnr"`
	Name string `json:"name"`
	// Mobile is used for notifications when the citizen agrees.
	Mobile string `json:"mobile,omitempty"`
	Email  string `json:"email,omitempty"`
	// NotifyEmail and NotifySMS turn on notice of new notifications by
	// e-mail and SMS (Contact, contact.go).
	NotifyEmail bool `json:"notify_email,omitempty"`
	NotifySMS   bool `json:"notify_sms,omitempty"`
	// Protected marks a protected identity (protected.go).
	Protected bool `json:"protected,omitempty"`
}
