package runtime

import (
	"context"
	"errors"
)

// ActorName returns the name to show for the actor of an event: a staff
// member's or a citizen's name from the directory, or, for a guardian, the
// guardian's own name (a guardian's number is their citizen record). It
// falls back to the formatted number or the id when the directory has no
// name, and returns "" for the system. Pages that show a citizen's own
// identity to staff must still ask CareTeam first.
func ActorName(ctx context.Context, dir DirectoryStore, a Actor) (string, error) {
	switch a.Role {
	case RoleSystem:
		return "", nil
	case RoleCitizen, RoleGuardian:
		c, err := dir.Citizen(ctx, a.ID)
		if errors.Is(err, ErrNotFound) || err == nil && c.Name == "" {
			return FormatPnr(a.ID), nil
		}
		if err != nil {
			return "", err
		}
		return c.Name, nil
	}
	st, err := dir.Staff(ctx, a.ID)
	if errors.Is(err, ErrNotFound) || err == nil && st.Name == "" {
		return a.ID, nil
	}
	if err != nil {
		return "", err
	}
	return st.Name, nil
}
