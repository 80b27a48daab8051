package themes

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Languages are the catalogue languages, Swedish first: it is the language
// of the users, and the one every other falls back to.
var Languages = []string{"sv", "en"}

// Catalog is the user-visible text of one language. Texts live in
// locales/<lang>/<area>.json as flat objects of key → text, where the text
// may hold fmt verbs. Each area (web, pdf, preview, cli) has its own file.
type Catalog struct {
	Lang     string
	msgs     map[string]string
	fallback *Catalog
}

// T returns the text for key with args formatted into it. A key missing
// from the language falls back to Swedish; a key missing there too is
// returned as it is, so the gap shows instead of breaking the page. The
// catalogue test keeps both languages complete.
func (c *Catalog) T(key string, args ...any) string {
	s, ok := c.msgs[key]
	if !ok && c.fallback != nil {
		s, ok = c.fallback.msgs[key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// N returns the text for key in the form that fits the count n: key+".one"
// when n is 1 and the language has that form, otherwise key. n is the
// first argument of the text. Swedish "1 varning", "2 varningar".
func (c *Catalog) N(key string, n int, args ...any) string {
	args = append([]any{n}, args...)
	if n == 1 {
		if _, ok := c.msgs[key+".one"]; ok {
			return c.T(key+".one", args...)
		}
	}
	return c.T(key, args...)
}

// Has reports whether the language itself has key.
func (c *Catalog) Has(key string) bool {
	_, ok := c.msgs[key]
	return ok
}

// Keys returns the language's keys, sorted.
func (c *Catalog) Keys() []string {
	keys := make([]string, 0, len(c.msgs))
	for k := range c.msgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var (
	loadOnce sync.Once
	catalogs map[string]*Catalog
	loadErr  error
)

// Lookup returns the catalogue of lang, or Swedish when lang has none. It
// panics if the embedded catalogues are malformed, which the package's
// tests rule out.
func Lookup(lang string) *Catalog {
	loadOnce.Do(func() { catalogs, loadErr = LoadCatalogs(FS) })
	if loadErr != nil {
		panic(loadErr)
	}
	lang, _, _ = strings.Cut(strings.ToLower(lang), "-")
	if c, ok := catalogs[lang]; ok {
		return c
	}
	return catalogs["sv"]
}

// LoadCatalogs reads locales/<lang>/*.json from fsys for every language.
func LoadCatalogs(fsys fs.FS) (map[string]*Catalog, error) {
	out := make(map[string]*Catalog)
	for _, lang := range Languages {
		c := &Catalog{Lang: lang, msgs: make(map[string]string)}
		files, err := fs.Glob(fsys, path.Join("locales", lang, "*.json"))
		if err != nil {
			return nil, err
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := fs.ReadFile(fsys, f)
			if err != nil {
				return nil, fmt.Errorf("read catalogue: %w", err)
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("catalogue %s: %w", f, err)
			}
			for k, v := range m {
				if _, dup := c.msgs[k]; dup {
					return nil, fmt.Errorf("catalogue %s: key %q is also in another file of %s", f, k, lang)
				}
				c.msgs[k] = v
			}
		}
		out[lang] = c
	}
	for lang, c := range out {
		if lang != "sv" {
			c.fallback = out["sv"]
		}
	}
	return out, nil
}
