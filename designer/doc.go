// Package designer holds the content model of a stegvis program: the types a
// program designer writes as Markdown and YAML (Program, Module, Section,
// Step, Form, Flag, Battery, ActivityPlan) and the compiled Bundle the
// runtime serves. It does no I/O.
//
// The compiler is a pipeline of stages, each in its own sub-package:
//
//	source   reads a content folder from an fs.FS (load)
//	decode   YAML with positions, unknown keys with "did you mean" (decode)
//	markdown front matter, goldmark rendering, readability (render)
//	check    every rule a program must follow (validate)
//	scoring  form scores, bands and test cases
//	bundle   the deterministic, hashed bundle writer and reader
//	diff     what changed between two bundles, and whether it is compatible
//	pdf      printable PDFs of modules, steps and forms
//	preview  the live preview server
//	compiler glues the stages together, with a cache for fast rebuilds
package designer
