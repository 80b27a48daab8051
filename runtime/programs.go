package runtime

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/stegvis/stegvis/designer"
)

// DefaultPrograms is how many programs NewPrograms keeps when given no
// bound: more than the versions a server runs at once.
const DefaultPrograms = 128

// Programs loads the program of a bundle (its program.json) from a
// BundleStore and keeps the most recent ones. A bundle never changes once
// stored, so a kept program never goes stale and is keyed by the bundle's
// name alone. The web layer and the scheduler share one. It is safe for
// concurrent use.
type Programs struct {
	store BundleStore
	files *BundleJSON[designer.Program]
}

// NewPrograms returns a loader over store that keeps at most max programs;
// max <= 0 means DefaultPrograms.
func NewPrograms(store BundleStore, max int) *Programs {
	return &Programs{store: store, files: NewBundleJSON[designer.Program](store, designer.ProgramFile, max)}
}

// Program returns the program of a bundle. Callers share it and must not
// change it.
func (c *Programs) Program(ctx context.Context, bundle string) (*designer.Program, error) {
	return c.files.Get(ctx, bundle)
}

// BundleJSON reads one JSON file of bundles, such as program.json or
// manifest.json, from a BundleStore and keeps the most recent ones
// decoded. A bundle never changes once stored, so a kept file never goes
// stale and is keyed by the bundle's name alone. It is safe for
// concurrent use.
type BundleJSON[T any] struct {
	store BundleStore
	file  string
	max   int
	mu    sync.Mutex
	m     map[string]*T
}

// NewBundleJSON returns a reader of file over store that keeps at most max
// decoded files; max <= 0 means DefaultPrograms.
func NewBundleJSON[T any](store BundleStore, file string, max int) *BundleJSON[T] {
	if max <= 0 {
		max = DefaultPrograms
	}
	return &BundleJSON[T]{store: store, file: file, max: max, m: map[string]*T{}}
}

// Get returns the file of a bundle, decoded. Callers share it and must not
// change it.
func (c *BundleJSON[T]) Get(ctx context.Context, bundle string) (*T, error) {
	c.mu.Lock()
	v, ok := c.m[bundle]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	what := strings.TrimSuffix(c.file, ".json")
	b, err := c.store.BundleFile(ctx, bundle, c.file)
	if err != nil {
		return nil, fmt.Errorf("read %s of %s: %w", what, bundle, err)
	}
	v = new(T)
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("decode %s of %s: %w", what, bundle, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if kept, ok := c.m[bundle]; ok { // loaded meanwhile: share that one
		return kept, nil
	}
	if len(c.m) >= c.max {
		for k := range c.m { // maps iterate from a random place: a random eviction
			delete(c.m, k)
			break
		}
	}
	c.m[bundle] = v
	return v, nil
}

// FormVersion finds the definition of a form as it was at version, for
// showing or scoring answers with the questions and options they were
// given on. It looks in current, the program of the enrolment's bundle,
// first and then in every other stored bundle of the program, newest
// name first.
func (c *Programs) FormVersion(ctx context.Context, current *designer.Program, bundle, form, version string) (*designer.Form, error) {
	if f, ok := current.Form(form); ok && f.Version == version {
		return f, nil
	}
	names, err := c.store.Bundles(ctx)
	if err != nil {
		return nil, fmt.Errorf("form %s version %s: %w", form, version, err)
	}
	for i := len(names) - 1; i >= 0; i-- {
		id, _, _, err := designer.ParseBundleName(names[i])
		if err != nil || id != current.ID || names[i] == bundle {
			continue
		}
		p, err := c.Program(ctx, names[i])
		if err != nil {
			return nil, err
		}
		if f, ok := p.Form(form); ok && f.Version == version {
			return f, nil
		}
	}
	return nil, fmt.Errorf("form %s version %s: %w", form, version, ErrNotFound)
}
