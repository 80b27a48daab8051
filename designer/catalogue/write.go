package catalogue

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"

	"github.com/stegvis/stegvis/designer/sign"
	"github.com/stegvis/stegvis/themes"
)

// IndexFile is the catalogue's page for people.
const IndexFile = "index.html"

// WriteDir writes the catalogue into dir: each entry's zip, catalogue.json
// and index.html in lang. A zip already there with the same bytes is left
// alone; one with other bytes is an error, as a listed bundle never
// changes. Each file appears whole or not at all.
func WriteDir(dir, lang string, c *Catalogue, entries []Entry) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Bundle.Name+".zip")
		if old, err := os.ReadFile(p); err == nil {
			if !bytes.Equal(old, e.Zip) {
				return fmt.Errorf("write catalogue: %s exists with other bytes; a shared bundle never changes, so remove it or bump the version", p)
			}
			continue
		}
		if err := writeFile(p, e.Zip); err != nil {
			return err
		}
	}
	html, err := Index(c, lang)
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, File), c.Bytes()); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, IndexFile), html)
}

// writeFile writes a file whole or not at all, readable by all (the
// catalogue is public).
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write catalogue: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write catalogue: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write catalogue: %w", err)
	}
	return nil
}

var indexTemplate = template.Must(template.New("index").Funcs(template.FuncMap{"short": sign.Short}).Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:50rem;margin:0 auto;padding:1rem;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ccc;vertical-align:top}.wrap{overflow-x:auto}code{word-break:break-all}</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<p>{{.Intro}}</p>
{{range .C.Programs}}<section aria-labelledby="p-{{.ID}}">
<h2 id="p-{{.ID}}">{{.Title}} ({{.ID}})</h2>
{{with .Description}}<p>{{.}}</p>{{end}}
<p>{{$.PublisherLabel}}: <code title="{{.Publisher.Fingerprint}}">{{short .Publisher.Fingerprint}}</code></p>
<div class="wrap"><table>
<thead><tr><th scope="col">{{$.VersionLabel}}</th><th scope="col">{{$.FileLabel}}</th><th scope="col">SHA-256</th></tr></thead>
<tbody>{{range .Versions}}<tr><th scope="row">{{.Version}}</th><td><a href="{{.File}}">{{.File}}</a></td><td><code>{{.SHA256}}</code></td></tr>{{end}}</tbody>
</table></div>
</section>
{{else}}<p>{{.Empty}}</p>{{end}}
<p><a href="catalogue.json">catalogue.json</a></p>
</main>
</body>
</html>
`))

// Index returns index.html: the catalogue for people, in lang.
func Index(c *Catalogue, lang string) ([]byte, error) {
	cat := themes.Lookup(lang)
	title := cat.T("regions.catalogue.html.title")
	if c.Region != "" {
		title = cat.T("regions.catalogue.html.title_region", c.Region)
	}
	var buf bytes.Buffer
	err := indexTemplate.Execute(&buf, map[string]any{
		"Lang": cat.Lang, "Title": title, "C": c,
		"Intro":          cat.T("regions.catalogue.html.intro"),
		"PublisherLabel": cat.T("regions.catalogue.html.publisher"),
		"VersionLabel":   cat.T("regions.catalogue.html.version"),
		"FileLabel":      cat.T("regions.catalogue.html.file"),
		"Empty":          cat.T("regions.catalogue.html.empty"),
	})
	if err != nil {
		return nil, fmt.Errorf("catalogue index: %w", err)
	}
	return buf.Bytes(), nil
}
