package demo

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/runtime"
)

// Guide is what a demo prints when it starts: where to go, who to sign
// in as, and which clock offset shows what (ClockOffsets). t is the
// catalogue of the demo's language.
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
	fmt.Fprintf(&b, "\n%s\n", wrap(t("cli.demo.clock"), "", guideWidth))
	for _, o := range ClockOffsets {
		fmt.Fprintf(&b, "  %-6s %s\n", o.Offset, wrap(t(o.Key), strings.Repeat(" ", 9), guideWidth))
	}
	fmt.Fprintf(&b, "%s\n", wrap(t("cli.demo.clock.sms"), "", guideWidth))
	fmt.Fprintf(&b, "\n%s\n", t("cli.demo.signin"))
	return b.String()
}

// ClockOffset is a --clock-offset of the demo and the catalogue key of
// what it shows with the default content.
type ClockOffset struct {
	Offset, Key string
}

// ClockOffsets are the offsets the guide and docs/operating.md name; the
// demo's tests (cmd/stegvis) run the scheduler at each and check that it
// shows what the text says. The offsets leave a margin: the
// program-ending flag fires at 08:00 on day 89, which "89d" reaches only
// when the demo started after 08:00, and "90d" always does.
var ClockOffsets = []ClockOffset{
	{"0", "cli.demo.clock.start"},
	{"5h", "cli.demo.clock.urgent"},
	{"15d", "cli.demo.clock.inactivity"},
	{"90d", "cli.demo.clock.ending"},
}

// guideWidth is where the guide wraps its lines.
const guideWidth = 100

// wrap breaks s into lines of at most width bytes at spaces, each line
// after the first starting with indent.
func wrap(s, indent string, width int) string {
	var b strings.Builder
	line := 0
	for i, w := range strings.Fields(s) {
		if i > 0 && line+1+len(w) > width-len(indent) {
			b.WriteString("\n" + indent)
			line = 0
		} else if i > 0 {
			b.WriteByte(' ')
			line++
		}
		b.WriteString(w)
		line += len(w)
	}
	return b.String()
}
