// Package formdata turns a posted form into answers and checks them against
// the form's questions. It is shared by the runtime, which stores the
// answers, and the designer's live preview, which only shows them.
//
// Field names: a question's value is posted as "q.<id>" (repeated for a
// multiple choice question); a duration question posts its hours and
// minutes as "q.<id>.h" and "q.<id>.m". Answers are keyed by question id and
// hold strings: option values, a whole number for a scale, a number with a
// decimal point, YYYY-MM-DD, HH:MM, and whole minutes for a duration.
//
// Errors are message keys with arguments, translated by the caller with
// themes.Catalog.T, so this package stays free of language.
package formdata
