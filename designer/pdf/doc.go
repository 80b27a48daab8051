// Package pdf prints a program's modules, steps, forms and activity plans
// as A4 PDFs, for citizens who want paper and clinicians who hand it out.
//
// A Renderer is built once with New and is safe for concurrent use:
//
//	r := pdf.New()
//	b, err := r.Module(prog, mod, media)   // title, every section and step
//	b, err := r.Step(prog, mod, step, media)
//	b, err := r.Form(prog, form)           // blank, to fill in by hand
//	b, err := r.FilledForm(prog, form, pdf.FilledAnswers{...})
//	b, err := r.PlanSheet(prog, plan)      // one week of an activity plan
//	b, err := r.PlanRegistrations(prog, plan, regs)
//
// The compiler calls the first four at build time; the runtime makes filled
// forms and registrations on demand and never stores them.
//
// # Content
//
// Step bodies are Markdown (CommonMark with GFM tables and strike-through),
// walked from goldmark's syntax tree: headings (also as PDF bookmarks),
// paragraphs, emphasis, links with their address after the text, nested
// lists, block quotes, tables, code, rules and PNG or JPEG images, which are
// fetched through Media by the name written in the Markdown and scaled to
// the width of the text. An image that cannot be had prints its alt text in
// a box instead. Raw HTML prints nothing. Form intros and media transcripts
// are Markdown in the source and HTML in a bundle; HTML is reduced to its
// text and paragraphs.
//
// Form questions get room to answer on paper: lines for text, a box per
// option, numbered boxes for a scale, labelled fields with the unit or the
// format for numbers, dates, times and durations. Conditions ("show_if")
// are said in words, and required questions are starred. Filled forms show
// the labels chosen and the scores with their bands; questions behind a
// condition that have no answer are left out, as the citizen never saw them.
//
// # Output
//
// The text is set in the Go fonts (golang.org/x/image/font/gofont, see
// LICENSE-GOFONT), embedded as subsets, so every Swedish letter and
// typographic mark prints. Every page has the program and document title in
// its header and "sida N av M" in its footer, from the text catalogue of the
// program's language (keys pdf.* in themes/locales).
//
// Output is deterministic: the same input gives the same bytes. The PDF's
// dates are the program's Date (2000-01-01 when empty), fpdf's catalogues
// are sorted and images are named after their path. Page content is written
// uncompressed: fpdf builds a new zlib compressor for every stream, which
// took half the time of a twenty-page module; fonts stay compressed.
package pdf
