package preview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// debounce is how long the watcher waits after a change for more changes:
// an editor's save is often several events (write, chmod, rename).
const debounce = 40 * time.Millisecond

// Watch rebuilds a program whenever a file in its folder changes, until
// ctx is done. New folders are watched as they appear. Watching is closed
// once the folders there are at the start are watched.
func (s *Server) Watch(ctx context.Context) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	for _, pr := range s.programs {
		if err := addTree(w, pr.dir); err != nil {
			return err
		}
	}
	s.watchingOnce.Do(func() { close(s.watching) })
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	dirty := map[*program]map[string]bool{}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.Events:
			if !ok {
				return nil
			}
			if strings.HasPrefix(filepath.Base(ev.Name), ".") || strings.HasSuffix(ev.Name, "~") {
				continue // editor swap and backup files
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := addTree(w, ev.Name); err != nil {
						s.log.Warn("watch", "dir", ev.Name, "err", err)
					}
				}
			}
			for _, pr := range s.programs {
				if rel, ok := within(pr.dir, ev.Name); ok {
					if dirty[pr] == nil {
						dirty[pr] = map[string]bool{}
					}
					dirty[pr][rel] = true
				}
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			s.log.Warn("watch", "err", err)
		case <-timer.C:
			for pr, files := range dirty {
				changed := make([]string, 0, len(files))
				for rel := range files {
					changed = append(changed, rel)
				}
				if _, err := s.Rebuild(pr, changed...); err != nil {
					s.log.Error("rebuild", "dir", pr.dir, "err", err)
				}
				delete(dirty, pr)
			}
		}
	}
}

// addTree watches dir and every folder below it.
func addTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if err := w.Add(p); err != nil {
			return fmt.Errorf("watch %s: %w", p, err)
		}
		return nil
	})
}

// within reports whether path is below dir, and its slash path relative to dir.
func within(dir, path string) (string, bool) {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}
