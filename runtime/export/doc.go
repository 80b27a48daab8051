// Package export writes an enrolment out for a data admin
// ("dataadministratör"): as a JSON document of its state and its event
// log (JSON), as CSV with one row per answer (CSV), and its submitted
// forms as FHIR R4: each form a Questionnaire and each submission a
// QuestionnaireResponse, together in a Bundle of type "collection"
// (FHIR). The FHIR types are hand-written structs for the subset stegvis
// uses; scripts/fhir/check.mjs checks the output against the R4
// StructureDefinitions in the tests.
package export
