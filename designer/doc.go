// Package designer holds the content model of a stegvis program: the types a
// program designer writes as Markdown and YAML (Program, Module, Section,
// Step, Form with its Questions and Scores, Flag, Battery, ActivityPlan),
// the lists of what they may say (QuestionTypes, Triggers, Features, …),
// Diagnostics with file, line and column, and what the runtime reads from
// a compiled bundle: program.json is a Program, manifest.json a Manifest,
// and bundles are named by BundleName. It does no I/O; the Bundle type
// itself, which holds the files, is in designer/bundle.
//
// The compiler is a pipeline of stages, each in its own sub-package:
//
//	source   classifies the files of a program folder, parses each one
//	         (YAML files and the front matter of steps) and assembles them
//	         into one Program
//	decode   YAML with positions, unknown keys with "did you mean"
//	markdown the Markdown dialect (goldmark), rendering to HTML, media
//	         references, readability
//	lix      the readability index
//	check    every rule a program must follow
//	scoring  form scores, bands, conditions and test cases
//	bundle   the deterministic, hashed bundle writer and reader
//	pdf      printable PDFs of modules, steps, forms and activity plans
//	compiler reads a folder from an fs.FS and runs the stages, with a
//	         cache for fast rebuilds
//
// Beside the pipeline:
//
//	formdata a posted form as answers, checked; shared with the runtime
//	diff     what changed between two bundles, and whether it is compatible
//	preview  the live preview server
//	synth    synthetic programs of any size, for benchmarks
package designer
