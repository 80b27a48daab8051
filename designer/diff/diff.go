// Package diff lists what changed between two versions of a program, by id,
// and classifies each change: compatible changes (text and media fixes) can
// reach running enrolments in a minor version; incompatible ones (removed or
// renamed modules, steps, forms or questions, changed options, scoring or
// schedules) need a major version, which only new enrolments get.
package diff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
)

// Operations.
const (
	Added   = "added"
	Removed = "removed"
	Changed = "changed"
)

// Change is one difference between two versions.
type Change struct {
	// Kind is what changed: program, module, section, step, form, question,
	// option, score, flag, battery, plan, media.
	Kind string `json:"kind"`
	// ID names it: a module id, module/step, form, form/question, …
	ID string `json:"id"`
	Op string `json:"op"`
	// Detail says what about it changed, e.g. "text" or "options".
	Detail string `json:"detail,omitempty"`
	// Compatible changes may reach running enrolments.
	Compatible bool `json:"compatible"`
}

// Format formats the change as one line in the language of t:
// "~ step stress/vad-ar-stress: text". The kind is translated; ids and
// the names of changed fields are shown as they are.
func (c Change) Format(t designer.Translator) string {
	sign := map[string]string{Added: "+", Removed: "-", Changed: "~"}[c.Op]
	kind := t("designer.diff.kind." + c.Kind)
	var s string
	if c.Detail != "" {
		s = t("designer.diff.line_detail", sign, kind, c.ID, c.Detail)
	} else {
		s = t("designer.diff.line", sign, kind, c.ID)
	}
	if !c.Compatible {
		s = t("designer.diff.incompatible", s)
	}
	return s
}

// String formats the change as one line in English.
func (c Change) String() string { return c.Format(designer.English) }

// VersionError says why a version number does not fit the changes. Key
// and Args are its catalogue text; Changes, if any, are listed below it.
type VersionError struct {
	Key     string
	Args    []any
	Changes []Change
}

// Format formats e in the language of t.
func (e *VersionError) Format(t designer.Translator) string {
	var b strings.Builder
	b.WriteString(t(e.Key, e.Args...))
	for _, c := range e.Changes {
		b.WriteString("\n  " + c.Format(t))
	}
	return b.String()
}

func (e *VersionError) Error() string { return e.Format(designer.English) }

// Report is every change between two versions of one program.
type Report struct {
	Program    string   `json:"program"`
	OldVersion string   `json:"old_version"`
	NewVersion string   `json:"new_version"`
	Changes    []Change `json:"changes"`
}

// Incompatible returns the changes that need a major version.
func (r Report) Incompatible() []Change {
	var out []Change
	for _, c := range r.Changes {
		if !c.Compatible {
			out = append(out, c)
		}
	}
	return out
}

// CheckVersion says whether the new version number fits the changes: a
// minor bump over only compatible changes, a major bump over any. It
// returns nil when it does, and a *VersionError that names the changes
// that force a major version when it does not.
func (r Report) CheckVersion() error {
	om, on, err := parseVersion(r.OldVersion)
	if err != nil {
		return err
	}
	nm, nn, err := parseVersion(r.NewVersion)
	if err != nil {
		return err
	}
	bad := r.Incompatible()
	switch {
	case nm < om || (nm == om && nn < on):
		return &VersionError{Key: "designer.diff.older", Args: []any{r.NewVersion, r.OldVersion}}
	case nm == om && nn == on && len(r.Changes) > 0:
		next := fmt.Sprintf("%d.%d", om, on+1)
		if len(bad) > 0 {
			next = fmt.Sprintf("%d.0", om+1)
		}
		return &VersionError{Key: "designer.diff.same_version", Args: []any{r.NewVersion, next}}
	case nm == om && len(bad) > 0:
		key := "designer.diff.needs_major"
		if len(bad) == 1 {
			key += ".one"
		}
		return &VersionError{Key: key, Args: []any{r.NewVersion, r.OldVersion, len(bad), om + 1}, Changes: bad}
	}
	return nil
}

func parseVersion(v string) (major, minor int, err error) {
	a, b, ok := strings.Cut(v, ".")
	major, err1 := strconv.Atoi(a)
	minor, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, &VersionError{Key: "designer.diff.bad_version", Args: []any{v}}
	}
	return major, minor, nil
}

// Bundles compares two bundles of the same program.
func Bundles(old, new *bundle.Bundle) Report {
	d := differ{oldHash: fileHashes(old), newHash: fileHashes(new)}
	d.program(old.Program, new.Program)
	return Report{Program: new.Program.ID, OldVersion: old.Program.Version, NewVersion: new.Program.Version, Changes: d.changes}
}

func fileHashes(b *bundle.Bundle) map[string]string {
	m := make(map[string]string, len(b.Manifest.Files))
	for _, f := range b.Manifest.Files {
		m[f.Path] = f.SHA256
	}
	return m
}

type differ struct {
	oldHash, newHash map[string]string
	changes          []Change
}

func (d *differ) add(kind, id, op, detail string, compatible bool) {
	d.changes = append(d.changes, Change{Kind: kind, ID: id, Op: op, Detail: detail, Compatible: compatible})
}

// fields compares named fields of two values and returns the names of those
// that differ.
func fields(a, b any, names ...string) []string {
	va, vb := reflect.Indirect(reflect.ValueOf(a)), reflect.Indirect(reflect.ValueOf(b))
	var out []string
	for _, n := range names {
		if !equalJSON(va.FieldByName(n).Interface(), vb.FieldByName(n).Interface()) {
			out = append(out, strings.ToLower(n))
		}
	}
	return out
}

func equalJSON(a, b any) bool {
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// changed records a change of an item whose compatible and incompatible
// fields are compared separately.
func (d *differ) changed(kind, id string, a, b any, compatible, incompatible []string) {
	if f := fields(a, b, incompatible...); len(f) > 0 {
		d.add(kind, id, Changed, strings.Join(f, ", "), false)
	}
	if f := fields(a, b, compatible...); len(f) > 0 {
		d.add(kind, id, Changed, strings.Join(f, ", "), true)
	}
}

func (d *differ) program(o, n *designer.Program) {
	d.changed("program", n.ID, o, n,
		[]string{"Title", "Description", "Author", "Welcome", "Presentation", "QuickGuide", "Features", "Date"},
		[]string{"RecommendedDays", "Language"})
	d.modules(o, n)
	d.forms(o, n)
	each(d, "flag", o.Flags, n.Flags, func(f *designer.Flag) string { return f.ID }, func(id string, a, b *designer.Flag) {
		d.changed("flag", id, a, b, []string{"Title", "Message"}, []string{"On", "Days", "Form", "Plan", "When", "Review", "Urgent", "Notify", "Delivery"})
	}, false)
	each(d, "battery", o.Batteries, n.Batteries, func(b *designer.Battery) string { return b.ID }, func(id string, a, b *designer.Battery) {
		d.changed("battery", id, a, b, []string{"Title"}, []string{"Forms", "AtStart", "EveryDays", "EveryWeeks", "OnDays"})
	}, false)
	each(d, "plan", o.ActivityPlans, n.ActivityPlans, func(p *designer.ActivityPlan) string { return p.ID }, func(id string, a, b *designer.ActivityPlan) {
		d.changed("plan", id, a, b, []string{"Title", "Description", "Comments", "Active"}, []string{"Form", "Occasions", "EveryWeeks", "GraceDays"})
	}, false)
	each(d, "media", o.Media, n.Media, func(m *designer.MediaFile) string { return m.Name }, func(id string, a, b *designer.MediaFile) {
		if a.Path != b.Path {
			d.add("media", id, Changed, "content", true)
		}
	}, true)
}

// each pairs two lists by id and reports what was added, removed and, via
// both, changed. Additions are compatible; removals are compatible only
// when removable says so.
func each[T any](d *differ, kind string, old, new []T, id func(T) string, both func(id string, a, b T), removable bool) {
	oldBy := map[string]T{}
	for _, x := range old {
		oldBy[id(x)] = x
	}
	newIDs := map[string]bool{}
	for _, x := range new {
		k := id(x)
		newIDs[k] = true
		if a, ok := oldBy[k]; ok {
			both(k, a, x)
		} else {
			d.add(kind, k, Added, "", true)
		}
	}
	for _, x := range old {
		if k := id(x); !newIDs[k] {
			d.add(kind, k, Removed, "", removable)
		}
	}
}

func (d *differ) modules(o, n *designer.Program) {
	each(d, "module", o.Modules, n.Modules, func(m *designer.Module) string { return m.ID }, func(id string, a, b *designer.Module) {
		d.changed("module", id, a, b, []string{"Title", "Description", "Start"}, []string{"DurationDays"})
		each(d, "section", a.Sections, b.Sections, func(s *designer.Section) string { return id + "/" + s.ID }, func(sid string, x, y *designer.Section) {
			d.changed("section", sid, x, y, []string{"Title"}, nil)
		}, true)
		list := func(m *designer.Module) []*designer.Step {
			var out []*designer.Step
			for _, s := range m.Sections {
				out = append(out, s.Steps...)
			}
			return out
		}
		each(d, "step", list(a), list(b), func(s *designer.Step) string { return id + "/" + s.ID }, func(sid string, x, y *designer.Step) {
			d.changed("step", sid, x, y, []string{"Title", "Printable", "Comments"}, []string{"Kind", "Form"})
			if d.oldHash[x.HTML] != d.newHash[y.HTML] {
				d.add("step", sid, Changed, "text", true)
			}
			if !equalJSON(x.Media, y.Media) {
				d.add("step", sid, Changed, "media", true)
			}
		}, false)
	}, false)
}

func (d *differ) forms(o, n *designer.Program) {
	each(d, "form", o.Forms, n.Forms, func(f *designer.Form) string { return f.ID }, func(id string, a, b *designer.Form) {
		d.changed("form", id, a, b, []string{"Title", "Intro", "Source"}, nil)
		each(d, "question", a.Questions, b.Questions, func(q *designer.Question) string { return id + "/" + q.ID }, func(qid string, x, y *designer.Question) {
			d.changed("question", qid, x, y, []string{"Text", "Help", "Layout"}, []string{"Type", "Required", "Scale", "Min", "Max", "Unit", "Multiline", "ShowIf"})
			each(d, "option", x.Options, y.Options, func(o *designer.Option) string { return qid + "=" + o.Value }, func(oid string, p, q *designer.Option) {
				d.changed("option", oid, p, q, []string{"Label"}, []string{"Score"})
			}, false)
			// An added option changes what can be answered, and a score's range.
			for i, c := range d.changes {
				if c.Kind == "option" && c.Op == Added && strings.HasPrefix(c.ID, qid+"=") {
					d.changes[i].Compatible = false
				}
			}
			if ids := func(q *designer.Question) []string {
				var v []string
				for _, o := range q.Options {
					v = append(v, o.Value)
				}
				return v
			}; !slices.Equal(ids(x), ids(y)) && len(x.Options) == len(y.Options) {
				d.add("question", qid, Changed, "option order", false)
			}
		}, false)
		// A question added to a form changes what it asks; harmless only
		// when it is optional and counted by no score.
		for i, c := range d.changes {
			if c.Kind == "question" && c.Op == Added && strings.HasPrefix(c.ID, id+"/") {
				qid := strings.TrimPrefix(c.ID, id+"/")
				q, _ := b.Question(qid)
				d.changes[i].Compatible = q != nil && !q.Required && !scored(b, qid)
			}
		}
		each(d, "score", a.Scores, b.Scores, func(s *designer.Score) string { return id + "/" + s.ID }, func(sid string, x, y *designer.Score) {
			d.changed("score", sid, x, y, []string{"Title"}, []string{"Items", "Reversed", "Method"})
			lims := func(s *designer.Score) [][2]float64 {
				var v [][2]float64
				for _, b := range s.Bands {
					v = append(v, [2]float64{b.Min, b.Max})
				}
				return v
			}
			if !equalJSON(lims(x), lims(y)) {
				d.add("score", sid, Changed, "bands", false)
			} else if !equalJSON(x.Bands, y.Bands) {
				d.add("score", sid, Changed, "band labels", true)
			}
		}, false)
	}, false)
}

func scored(f *designer.Form, qid string) bool {
	for _, s := range f.Scores {
		if len(s.Items) == 0 || slices.Contains(s.Items, qid) {
			if q, ok := f.Question(qid); ok && q.Scorable() {
				return true
			}
		}
	}
	return false
}
