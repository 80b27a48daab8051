package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// Guide is what a demo prints when it starts: where to go and who to sign
// in as. t is the catalogue of the demo's language.
func Guide(t func(key string, args ...any) string, url string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n%s\n", t("cli.serve.url", url), t("cli.demo.staff"))
	for _, s := range StaffMembers {
		units := make([]string, 0, len(s.Roles))
		for u := range s.Roles {
			units = append(units, u)
		}
		slices.Sort(units)
		var roles []string
		for _, u := range units {
			for _, r := range s.Roles[u] {
				roles = append(roles, fmt.Sprintf("%s (%s)", t("web.role."+string(r)), u))
			}
		}
		fmt.Fprintf(&b, "  %-8s %-18s %s\n", s.ID, s.Name, strings.Join(roles, ", "))
	}
	fmt.Fprintf(&b, "\n%s\n", t("people.demo.guardian"))
	fmt.Fprintf(&b, "  %-14s %s – %s\n", runtime.FormatPnr(Guardian.PNR), Guardian.Name, t("people.demo.guardian.child", ChildName, ChildName))
	fmt.Fprintf(&b, "  %-14s %s – %s\n", runtime.FormatPnr(Protected.PNR), Protected.Name, t("people.protected"))
	fmt.Fprintf(&b, "\n%s\n", t("cli.demo.citizens"))
	for _, c := range Citizens {
		fmt.Fprintf(&b, "  %-14s %s\n", runtime.FormatPnr(c.PNR), c.Name)
	}
	fmt.Fprintf(&b, "\n%s\n", t("cli.demo.signin"))
	return b.String()
}
