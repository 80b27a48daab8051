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
		ds.Errorf(designer.Pos{File: t.Display(ProgramFile)}, "designer.program.missing")
		return nil
	}
	p := *t.Program
	p.Schema = designer.SchemaVersion
	moduleDirs, sectionDirs := t.folders()
	byID, misnamed := t.modules(moduleDirs, ds)
	t.sections(byID, sectionDirs, ds)
	t.steps(byID, ds)
	p.Modules = t.order(byID, misnamed, ds)
	p.Forms = t.forms(ds)
	p.Media = nil
	for _, file := range t.Media {
		p.Media = append(p.Media, &designer.MediaFile{Name: file})
	}
	for _, file := range t.Other {
		ds.Warnf(designer.Pos{File: t.Display(file)}, "designer.file.other")
	}
	return &p
}

// EveryModule returns a stand-in for a program.yaml that could not be
// read: its own position, and every module folder listed in the order of
// its name, so that the rest of the program can still be checked.
func EveryModule(t *Tree) *designer.Program {
	p := &designer.Program{Language: "sv"}
	p.Pos = designer.Pos{File: t.Display(ProgramFile), Line: 1, Col: 1}
	if t.Program != nil {
		p.Pos = t.Program.Pos
	}
	moduleDirs, _ := t.folders()
	for _, dir := range sortedKeys(moduleDirs) {
		if mid, ok := Numbered(path.Base(dir)); ok {
			p.ModuleOrder = append(p.ModuleOrder, &designer.ModuleEntry{Origin: designer.Origin{Pos: p.Pos}, ID: mid})
		}
	}
	return p
}

// folders returns the module and section folders, from the files found in
// them.
func (t *Tree) folders() (moduleDirs, sectionDirs map[string]bool) {
	moduleDirs, sectionDirs = map[string]bool{}, map[string]bool{}
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
	return moduleDirs, sectionDirs
}

// modules returns a copy of each module, by id, without sections.
func (t *Tree) modules(dirs map[string]bool, ds *designer.Diagnostics) (byID map[string]*designer.Module, misnamed map[string]bool) {
	byID, misnamed = map[string]*designer.Module{}, map[string]bool{}
	for _, dir := range sortedKeys(dirs) {
		pos := designer.Pos{File: t.Display(dir)}
		id, ok := named(pos, path.Base(dir), "designer.id.what.module", ds)
		if !ok {
			ds.Errorf(pos, "designer.module.bad_folder", path.Base(dir))
			// The id the folder was meant to have is not also missing.
			misnamed[path.Base(dir)] = true
			misnamed[strings.TrimLeft(path.Base(dir), "0123456789-_ ")] = true
			continue
		}
		var m designer.Module
		if src, ok := t.Modules[dir]; ok {
			m = *src
		} else {
			m.Pos = designer.Pos{File: t.Display(path.Join(dir, ModuleFile))}
			ds.Errorf(pos, "designer.module.no_file", id, ModuleFile)
		}
		m.ID, m.Dir = id, dir
		if prev, dup := byID[id]; dup {
			ds.Errorf(pos, "designer.module.id_twice", id, path.Base(prev.Dir), path.Base(dir))
			continue
		}
		byID[id] = &m
	}
	return byID, misnamed
}

// sections adds a copy of each section, without steps, to its module.
func (t *Tree) sections(byID map[string]*designer.Module, dirs map[string]bool, ds *designer.Diagnostics) {
	for _, dir := range sortedKeys(dirs) {
		m := byID[id(path.Base(path.Dir(dir)))]
		if m == nil {
			continue
		}
		pos := designer.Pos{File: t.Display(dir)}
		sid, ok := named(pos, path.Base(dir), "designer.id.what.section", ds)
		if !ok {
			ds.Errorf(pos, "designer.section.bad_folder", path.Base(dir))
			continue
		}
		var s designer.Section
		if src, ok := t.Sections[dir]; ok {
			s = *src
		} else {
			s.Pos = designer.Pos{File: t.Display(path.Join(dir, SectionFile))}
			ds.Errorf(pos, "designer.section.no_file", sid, SectionFile)
		}
		s.ID, s.Dir, s.Steps = sid, dir, nil
		for _, other := range m.Sections {
			if other.ID == sid {
				ds.Errorf(pos, "designer.section.id_twice", sid, m.ID)
			}
		}
		m.Sections = append(m.Sections, &s)
	}
}

// steps adds a copy of each step to its section.
func (t *Tree) steps(byID map[string]*designer.Module, ds *designer.Diagnostics) {
	for _, file := range sortedKeys(t.Steps) {
		m := byID[id(path.Base(path.Dir(path.Dir(file))))]
		if m == nil {
			continue
		}
		sec := sectionIn(m, path.Dir(file))
		if sec == nil {
			continue
		}
		st := *t.Steps[file]
		stepID, ok := named(designer.Pos{File: st.Pos.File}, strings.TrimSuffix(path.Base(file), ".md"), "designer.id.what.step", ds)
		if !ok {
			ds.Errorf(st.Pos, "designer.step.bad_file", path.Base(file))
			continue
		}
		st.ID = stepID
		if _, _, other, dup := findStep(m, stepID); dup {
			ds.Errorf(st.Pos, "designer.step.id_twice", stepID, m.ID, other.Path)
			continue
		}
		sec.Steps = append(sec.Steps, &st)
	}
}

// order returns the modules in the order program.yaml lists them, with
// their start state, and reports those it does not list.
func (t *Tree) order(byID map[string]*designer.Module, misnamed map[string]bool, ds *designer.Diagnostics) []*designer.Module {
	var modules []*designer.Module
	listed := map[string]bool{}
	for _, e := range t.Program.ModuleOrder {
		if e.ID == "" {
			ds.Errorf(e.Pos, "designer.modules.no_id")
			continue
		}
		m, ok := byID[e.ID]
		if r, bad := BadChar(e.ID); bad {
			if folded, foldable := FoldID(e.ID); foldable {
				ds.Errorf(e.At("id"), "designer.id.bad_char", e.ID, string(r), folded)
				if !ok {
					// Whether a folder of the folded name exists or not,
					// the id is what to fix first.
					continue
				}
			}
		}
		if !ok && misnamed[e.ID] {
			continue // its folder is reported
		}
		if !ok {
			if near := nearestID(e.ID, byID); near != "" {
				ds.Errorf(e.At("id"), "designer.modules.missing_near", e.ID, e.ID, near)
			} else {
				ds.Errorf(e.At("id"), "designer.modules.missing", e.ID, e.ID)
			}
			continue
		}
		if listed[e.ID] {
			ds.Errorf(e.At("id"), "designer.modules.listed_twice", e.ID)
			continue
		}
		listed[e.ID] = true
		switch e.Start {
		case "", designer.StartUpcoming:
			m.Start = designer.StartUpcoming
		case designer.StartCurrent:
			m.Start = designer.StartCurrent
		default:
			ds.Errorf(e.At("start"), "designer.modules.bad_start", e.Start, designer.StartCurrent, designer.StartUpcoming)
			m.Start = designer.StartUpcoming
		}
		modules = append(modules, m)
	}
	for _, id := range sortedKeys(byID) {
		if !listed[id] {
			m := byID[id]
			ds.Errorf(t.Program.At("modules"), "designer.modules.not_listed", id, path.Base(m.Dir), id)
		}
	}
	return modules
}

// forms returns a copy of each form, in the order of their files.
func (t *Tree) forms(ds *designer.Diagnostics) []*designer.Form {
	var forms []*designer.Form
	for _, file := range sortedKeys(t.Forms) {
		f := *t.Forms[file]
		if !IDPattern.MatchString(f.ID) {
			r, _ := BadChar(f.ID)
			if folded, ok := FoldID(f.ID); ok {
				ds.Errorf(designer.Pos{File: f.Pos.File}, "designer.id.bad_char_name", designer.Phrase{Key: "designer.id.what.form"}, path.Base(file), string(r), folded+".yaml")
			} else {
				ds.Errorf(f.Pos, "designer.form.bad_file", path.Base(file))
			}
		}
		forms = append(forms, &f)
	}
	return forms
}

// id is the id in a numbered folder name, also when it is misnamed.
func id(base string) string {
	if id, ok := Numbered(base); ok {
		return id
	}
	id, _, _, _ := Misnamed(base)
	return id
}

// named returns the id in the numbered name base. A name that only has
// characters an id may not hold ("02-sömnvanor") is reported here, by the
// character and the name to use, and its id is taken as written so that
// nothing else is reported about it; ok is false for any other misnamed
// base, which the caller reports.
func named(pos designer.Pos, base, what string, ds *designer.Diagnostics) (string, bool) {
	if id, ok := Numbered(base); ok {
		return id, true
	}
	id, r, fixed, ok := Misnamed(base)
	if !ok {
		return "", false
	}
	if what == "designer.id.what.step" {
		base, fixed = base+".md", fixed+".md"
	}
	ds.Errorf(pos, "designer.id.bad_char_name", designer.Phrase{Key: what}, base, string(r), fixed)
	return id, true
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
