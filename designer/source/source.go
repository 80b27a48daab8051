// Package source parses the files of a program's content folder into the
// content model and assembles them into one designer.Program. Each file is
// parsed on its own (so a compiler can cache the results), and Assemble
// puts the pieces together in the order the folder names give.
package source

import (
	"bytes"
	"path"
	"regexp"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/decode"
)

// Well-known names in a program folder.
const (
	ProgramFile = "program.yaml"
	ModuleFile  = "module.yaml"
	SectionFile = "section.yaml"
	ModulesDir  = "modules"
	FormsDir    = "forms"
	MediaDir    = "media"
)

// IDPattern is what an id looks like: lower-case letters, digits and hyphens.
var IDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

var numberedRE = regexp.MustCompile(`^([0-9]{2,})-([a-z0-9][a-z0-9-]*)$`)

// Numbered splits a folder or file base name such as "01-stress" into its
// id ("stress"). ok is false when the name does not have that form.
func Numbered(name string) (id string, ok bool) {
	m := numberedRE.FindStringSubmatch(name)
	if m == nil {
		return "", false
	}
	return m[2], true
}

// ParseProgram parses program.yaml.
func ParseProgram(file string, data []byte, ds *designer.Diagnostics) *designer.Program {
	p := &designer.Program{Language: "sv"}
	decode.File(file, data, 0, p, ds)
	p.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	return p
}

// ParseModule parses a module.yaml.
func ParseModule(file string, data []byte, ds *designer.Diagnostics) *designer.Module {
	m := &designer.Module{}
	decode.File(file, data, 0, m, ds)
	m.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	return m
}

// ParseSection parses a section.yaml.
func ParseSection(file string, data []byte, ds *designer.Diagnostics) *designer.Section {
	s := &designer.Section{}
	decode.File(file, data, 0, s, ds)
	s.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	return s
}

// ParseForm parses forms/<id>.yaml.
func ParseForm(file string, data []byte, ds *designer.Diagnostics) *designer.Form {
	f := &designer.Form{Path: file}
	decode.File(file, data, 0, f, ds)
	f.ID = strings.TrimSuffix(path.Base(file), ".yaml")
	f.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	return f
}

// ParseStep parses a step: YAML front matter between two lines of "---",
// then the Markdown body.
func ParseStep(file string, data []byte, ds *designer.Diagnostics) *designer.Step {
	s := &designer.Step{Path: file}
	s.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	front, body, bodyLine, ok := SplitFrontMatter(data)
	if !ok {
		key := NoFrontMatter
		if first, _, _ := bytes.Cut(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), []byte("\n")); string(bytes.TrimRight(first, "\r \t")) == "---" {
			key = FrontMatterOpen
		}
		ds.Errorf(s.Pos, key)
		s.Body, s.BodyLine = data, 1
		return s
	}
	decode.File(file, front, 1, s, ds)
	s.Pos = designer.Pos{File: file, Line: 1, Col: 1}
	s.Body, s.BodyLine = body, bodyLine
	return s
}

// Keys of the diagnostics for a step whose front matter cannot be found:
// none at all, or one that starts with "---" and never ends.
const (
	NoFrontMatter   = "designer.step.no_front_matter"
	FrontMatterOpen = "designer.step.front_matter_open"
)

// SplitFrontMatter splits a Markdown file into its YAML front matter and
// body. bodyLine is the 1-based line of the file where the body starts. ok
// is false when the file does not start with "---" or the front matter is
// not closed.
func SplitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || string(bytes.TrimRight(first, "\r \t")) != "---" {
		return nil, data, 1, false
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, "\r \t")) == "---" {
			front = rest[:off]
			if end < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[off+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return nil, data, 1, false
}
