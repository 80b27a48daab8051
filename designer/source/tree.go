package source

import (
	"path"
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/decode"
)

// Kind says what a file in a program folder is.
type Kind int

// Kinds of files in a program folder.
const (
	KindOther Kind = iota
	KindProgram
	KindModule
	KindSection
	KindStep
	KindForm
	KindMedia
	KindIgnored // dot files, README.md: not part of the program, silently
)

// Classify tells what the file at rel (a slash path relative to the program
// folder) is, from its place alone.
func Classify(rel string) Kind {
	parts := strings.Split(rel, "/")
	base := parts[len(parts)-1]
	if strings.HasPrefix(base, ".") || strings.EqualFold(base, "README.md") {
		return KindIgnored
	}
	switch {
	case rel == ProgramFile:
		return KindProgram
	case parts[0] == MediaDir && len(parts) > 1:
		return KindMedia
	case parts[0] == FormsDir && len(parts) == 2 && strings.HasSuffix(base, ".yaml"):
		return KindForm
	case parts[0] == ModulesDir && len(parts) == 3 && base == ModuleFile:
		return KindModule
	case parts[0] == ModulesDir && len(parts) == 4 && base == SectionFile:
		return KindSection
	case parts[0] == ModulesDir && len(parts) == 4 && strings.HasSuffix(base, ".md"):
		return KindStep
	}
	return KindOther
}

// Tree is the parsed files of one program folder. Keys are slash paths
// relative to the folder; the values carry positions with the display path.
type Tree struct {
	// Dir is the program folder as shown in diagnostics, e.g. content/livsstil.
	Dir      string
	Program  *designer.Program
	Modules  map[string]*designer.Module  // by module folder, e.g. modules/01-stress
	Sections map[string]*designer.Section // by section folder
	Steps    map[string]*designer.Step    // by file
	Forms    map[string]*designer.Form    // by file
	Media    []string                     // files under media/
	Other    []string                     // files that are no part of a program
}

// NewTree returns an empty tree for the program folder dir.
func NewTree(dir string) *Tree {
	return &Tree{
		Dir:      dir,
		Modules:  make(map[string]*designer.Module),
		Sections: make(map[string]*designer.Section),
		Steps:    make(map[string]*designer.Step),
		Forms:    make(map[string]*designer.Form),
	}
}

// Display returns the path of rel as shown in diagnostics.
func (t *Tree) Display(rel string) string {
	if t.Dir == "" || t.Dir == "." {
		return rel
	}
	return path.Join(t.Dir, rel)
}

// Assemble puts the parsed files together into a Program: modules in the
// order program.yaml gives, sections and steps in the order of their
// numbered names. It copies every value it takes from the tree, so the tree
// can be cached and assembled again. Problems of structure (a folder named
// wrongly, a module not listed, a step id used twice) go to ds.
func Assemble(t *Tree, ds *designer.Diagnostics) *designer.Program {
	if t.Program == nil {
		ds.Errorf(designer.Pos{File: t.Display(ProgramFile)}, "the program has no program.yaml; create one with at least id, version and title")
		return nil
	}
	p := *t.Program
	p.Schema = designer.SchemaVersion
	p.Modules, p.Forms, p.Media = nil, nil, nil

	// Folders, from the files found in them.
	moduleDirs := map[string]bool{}
	sectionDirs := map[string]bool{}
	for dir := range t.Modules {
		moduleDirs[dir] = true
	}
	for dir := range t.Sections {
		sectionDirs[dir] = true
		moduleDirs[path.Dir(dir)] = true
	}
	for file := range t.Steps {
		sectionDirs[path.Dir(file)] = true
		moduleDirs[path.Dir(path.Dir(file))] = true
	}

	byID := map[string]*designer.Module{}
	for _, dir := range sortedKeys(moduleDirs) {
		id, ok := Numbered(path.Base(dir))
		pos := designer.Pos{File: t.Display(dir)}
		if !ok {
			ds.Errorf(pos, "module folder %q is not named like 01-stress: two digits, a hyphen, then lower-case letters, digits and hyphens", path.Base(dir))
			continue
		}
		var m designer.Module
		if src, ok := t.Modules[dir]; ok {
			m = *src
		} else {
			m.Pos = designer.Pos{File: t.Display(path.Join(dir, ModuleFile))}
			ds.Errorf(pos, "module %q has no %s; add one with a title", id, ModuleFile)
		}
		m.ID, m.Dir = id, dir
		if prev, dup := byID[id]; dup {
			ds.Errorf(pos, "module id %q is used by two folders, %s and %s; rename one", id, path.Base(prev.Dir), path.Base(dir))
			continue
		}
		byID[id] = &m
	}
	for _, dir := range sortedKeys(sectionDirs) {
		m := byID[id(path.Base(path.Dir(dir)))]
		if m == nil {
			continue
		}
		sid, ok := Numbered(path.Base(dir))
		pos := designer.Pos{File: t.Display(dir)}
		if !ok {
			ds.Errorf(pos, "section folder %q is not named like 01-intro: two digits, a hyphen, then lower-case letters, digits and hyphens", path.Base(dir))
			continue
		}
		var s designer.Section
		if src, ok := t.Sections[dir]; ok {
			s = *src
		} else {
			s.Pos = designer.Pos{File: t.Display(path.Join(dir, SectionFile))}
			ds.Errorf(pos, "section %q has no %s; add one with a title", sid, SectionFile)
		}
		s.ID, s.Dir, s.Steps = sid, dir, nil
		for _, other := range m.Sections {
			if other.ID == sid {
				ds.Errorf(pos, "section id %q is used twice in module %q; rename one folder", sid, m.ID)
			}
		}
		m.Sections = append(m.Sections, &s)
	}
	for _, file := range sortedKeys(t.Steps) {
		m := byID[id(path.Base(path.Dir(path.Dir(file))))]
		if m == nil {
			continue
		}
		sec := sectionIn(m, path.Dir(file))
		if sec == nil {
			continue
		}
		stepID, ok := Numbered(strings.TrimSuffix(path.Base(file), ".md"))
		st := *t.Steps[file]
		if !ok {
			ds.Errorf(st.Pos, "step file %q is not named like 01-what-is-stress.md: two digits, a hyphen, then lower-case letters, digits and hyphens", path.Base(file))
			continue
		}
		st.ID = stepID
		if _, _, other, dup := findStep(m, stepID); dup {
			ds.Errorf(st.Pos, "step id %q is used twice in module %q (also %s); step ids must be unique in a module", stepID, m.ID, other.Path)
			continue
		}
		sec.Steps = append(sec.Steps, &st)
	}

	// Module order and start state from program.yaml.
	listed := map[string]bool{}
	for _, e := range t.Program.ModuleOrder {
		if e.ID == "" {
			ds.Errorf(e.Pos, "a module in the list has no id; give the id of a folder under modules/ (without its number)")
			continue
		}
		m, ok := byID[e.ID]
		if !ok {
			msg := "module %q is listed but there is no folder modules/NN-%s"
			if near := nearestID(e.ID, byID); near != "" {
				msg += "; did you mean %q?"
				ds.Errorf(e.At("id"), msg, e.ID, e.ID, near)
			} else {
				ds.Errorf(e.At("id"), msg, e.ID, e.ID)
			}
			continue
		}
		if listed[e.ID] {
			ds.Errorf(e.At("id"), "module %q is listed twice; remove one line", e.ID)
			continue
		}
		listed[e.ID] = true
		switch e.Start {
		case "", designer.StartUpcoming:
			m.Start = designer.StartUpcoming
		case designer.StartCurrent:
			m.Start = designer.StartCurrent
		default:
			ds.Errorf(e.At("start"), "start %q is neither %q nor %q", e.Start, designer.StartCurrent, designer.StartUpcoming)
			m.Start = designer.StartUpcoming
		}
		p.Modules = append(p.Modules, m)
	}
	for _, id := range sortedKeys(byID) {
		if !listed[id] {
			m := byID[id]
			ds.Errorf(t.Program.At("modules"), "module %q (folder %s) is not listed under modules in program.yaml; add \"- id: %s\" where it belongs in the order", id, path.Base(m.Dir), id)
		}
	}

	for _, file := range sortedKeys(t.Forms) {
		f := *t.Forms[file]
		if !IDPattern.MatchString(f.ID) {
			ds.Errorf(f.Pos, "form file %q: the name is the form's id and may only hold lower-case letters, digits and hyphens", path.Base(file))
		}
		p.Forms = append(p.Forms, &f)
	}
	for _, file := range t.Media {
		p.Media = append(p.Media, &designer.MediaFile{Name: file})
	}
	for _, file := range t.Other {
		ds.Warnf(designer.Pos{File: t.Display(file)}, "this file is not part of the program and is left out of the bundle; move it under media/ if steps should use it")
	}
	return &p
}

func id(base string) string {
	id, _ := Numbered(base)
	return id
}

func sectionIn(m *designer.Module, dir string) *designer.Section {
	for _, s := range m.Sections {
		if s.Dir == dir {
			return s
		}
	}
	return nil
}

func findStep(m *designer.Module, stepID string) (*designer.Module, *designer.Section, *designer.Step, bool) {
	for _, s := range m.Sections {
		for _, st := range s.Steps {
			if st.ID == stepID {
				return m, s, st, true
			}
		}
	}
	return nil, nil, nil, false
}

func nearestID[V any](id string, m map[string]V) string {
	return decode.Nearest(id, sortedKeys(m))
}

func sortedKeys[K ~string, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
