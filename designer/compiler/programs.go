package compiler

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

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
		return nil, fmt.Errorf("%s holds no program: a program folder has a program.yaml, and so may each folder directly below", dir)
	}
	slices.Sort(out)
	return out, nil
}

// BuildDir builds the program folder at dir, naming files in diagnostics
// relative to the working directory as the designer typed them.
func BuildDir(dir string, opts Options) (*Result, error) {
	return New(os.DirFS(dir), filepath.ToSlash(filepath.Clean(dir)), opts).Build()
}
