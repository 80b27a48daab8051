package runtime

// Protected identity ("skyddad identitet"): a citizen whose name and
// number must not spread. Their record says Citizen.Protected; they are
// offered no self-enrolment (a clinic that knows them starts programs for
// them), and staff pages show who they are only to their care team.

// CareRoles are the staff roles that give a care relation with every
// enrolment of a unit: they may see the citizen's identity.
var CareRoles = []Role{RoleClinician, RoleCitizenAdmin}

// CareTeam reports whether st belongs to the care team of the enrolment:
// the responsible clinician, or staff with a care role on its unit. A unit
// admin or data admin without a care role is not, and sees a protected
// citizen's identity as "Skyddad identitet" (ShowIdentity).
func CareTeam(st Staff, e *Enrolment) bool {
	if e.Clinician == st.ID {
		return true
	}
	for _, r := range CareRoles {
		if st.HasRole(e.Unit, r) {
			return true
		}
	}
	return false
}

// ShowIdentity reports whether st may see the name and number of the
// enrolment's citizen, whose record says protected: a protected citizen's
// identity only to the care team, anyone else's to everyone who may open
// the enrolment.
func ShowIdentity(st Staff, e *Enrolment, protected bool) bool {
	return !protected || CareTeam(st, e)
}
