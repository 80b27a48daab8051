package publish

import (
	"errors"
	"fmt"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/bundle"
	"github.com/stegvis/stegvis/designer/source"
	"github.com/stegvis/stegvis/themes"
)

// ErrInvalid means a bundle is whole but its program.json breaks the rules
// every built program follows: stegvis build never writes such a bundle.
// The error is a *Problem that says what is wrong.
var ErrInvalid = errors.New("program.json is not a valid program")

// Problem is what is wrong with a bundle's program.json: a key of the web
// catalogue (themes/locales/*/web.json) and its arguments, so the
// programs page can say it in the admin's language.
type Problem struct {
	Key  string
	Args []any
}

// Term is an argument of a Problem that is itself a catalogue key, such
// as the name of a kind of part, translated with the problem.
type Term string

// Text says the problem with the catalogue of lang.
func (p *Problem) Text(lang string) string {
	cat := themes.Lookup(lang)
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		if t, ok := a.(Term); ok {
			a = cat.T(string(t))
		}
		args[i] = a
	}
	return cat.T(p.Key, args...)
}

// Error says the problem in English, for logs and the command line.
func (p *Problem) Error() string { return p.Text("en") }

// Unwrap makes every problem an ErrInvalid.
func (p *Problem) Unwrap() error { return ErrInvalid }

func problem(key string, args ...any) error { return &Problem{Key: key, Args: args} }

// Check checks what the runtime relies on in a bundle's program: the
// program id and version by the designer's own rules (the id pattern of
// content folders and the bundle name's MAJOR.MINOR), ids that are safe in
// URLs and unique, and that everything the program refers to is there:
// step pages and media in the bundle, forms among its forms. Everything
// else, the manifest already vouches for.
func Check(b *bundle.Bundle) error {
	p := b.Program
	switch {
	case !source.IDPattern.MatchString(p.ID):
		return problem("web.publish.invalid.id", p.ID)
	case p.Version == "":
		return problem("web.publish.invalid.version", p.Version)
	}
	if _, _, _, err := designer.ParseBundleName(b.Name); err != nil {
		return problem("web.publish.invalid.version", p.Version) // the id is good, so the version is not
	}
	if b.Manifest.Program != p.ID || b.Manifest.Version != p.Version {
		return problem("web.publish.invalid.manifest", b.Manifest.Program, b.Manifest.Version, p.ID, p.Version)
	}
	if strings.TrimSpace(p.Title) == "" {
		return problem("web.publish.invalid.title")
	}
	if len(p.Modules) == 0 {
		return problem("web.publish.invalid.no_modules")
	}
	forms := map[string]bool{}
	for _, f := range p.Forms {
		if err := partID(forms, "form", f.ID); err != nil {
			return err
		}
	}
	modules := map[string]bool{}
	for _, m := range p.Modules {
		if err := partID(modules, "module", m.ID); err != nil {
			return err
		}
		sections, steps := map[string]bool{}, map[string]bool{}
		for _, s := range m.Sections {
			if err := partID(sections, "section", s.ID); err != nil {
				return err
			}
			for _, st := range s.Steps {
				if err := partID(steps, "step", st.ID); err != nil {
					return err
				}
				if st.HTML != "" && !has(b, st.HTML) {
					return problem("web.publish.invalid.missing_file", st.HTML)
				}
				if st.Form != "" && !forms[st.Form] {
					return problem("web.publish.invalid.missing_form", st.Form)
				}
				if _, ok := p.MediaFile(st.Audio); st.Audio != "" && !ok {
					return problem("web.publish.invalid.missing_file", st.Audio)
				}
			}
		}
	}
	for _, fl := range p.Flags {
		if fl.Form != "" && !forms[fl.Form] {
			return problem("web.publish.invalid.missing_form", fl.Form)
		}
	}
	for _, bt := range p.Batteries {
		for _, f := range bt.Forms {
			if !forms[f] {
				return problem("web.publish.invalid.missing_form", f)
			}
		}
	}
	for _, md := range p.Media {
		if !has(b, md.Path) {
			return problem("web.publish.invalid.missing_file", md.Path)
		}
	}
	return nil
}

// partID checks the id of a module, section, step or form: runtime URLs
// carry it, so it follows the designer's id pattern, and it is unique among
// its kind.
func partID(seen map[string]bool, kind, id string) error {
	if !source.IDPattern.MatchString(id) {
		return problem("web.publish.invalid.part_id", Term("web.publish.part."+kind), id)
	}
	if seen[id] {
		return problem("web.publish.invalid.id_twice", Term("web.publish.part."+kind), id)
	}
	seen[id] = true
	return nil
}

func has(b *bundle.Bundle, path string) bool {
	_, ok := b.Files[path]
	return ok
}

// checked checks b, wrapping a problem with the bundle's name for logs.
func checked(b *bundle.Bundle) error {
	if err := Check(b); err != nil {
		return fmt.Errorf("publish %s: %w", b.Name, err)
	}
	return nil
}
