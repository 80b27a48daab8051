package compiler

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/source"
)

// Programs returns the program folders in dir: dir itself when it holds a
// program.yaml, otherwise each folder directly below it that does.
func Programs(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, source.ProgramFile)); err == nil {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("find programs: %w", err)
	}
	var out []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		sub := filepath.Join(dir, e.Name())
		if _, err := os.Stat(filepath.Join(sub, source.ProgramFile)); err == nil {
			out = append(out, sub)
		}
	}
	if len(out) == 0 {
		return nil, &NoProgramError{Dir: dir}
	}
	slices.Sort(out)
	return out, nil
}

// NoProgramError is Programs' error for a folder that holds no program.
type NoProgramError struct{ Dir string }

// Format words e in the language of t.
func (e *NoProgramError) Format(t designer.Translator) string {
	return t("designer.compiler.no_program", e.Dir)
}

func (e *NoProgramError) Error() string { return e.Format(designer.English) }

// BuildDir builds the program folder at dir, naming files in diagnostics
// relative to the working directory as the designer typed them.
func BuildDir(dir string, opts Options) (*Result, error) {
	return New(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)), opts).Build()
}
