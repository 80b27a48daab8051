// Package web is the HTTP side of the stegvis runtime: the citizen's and
// the clinician's pages, server-rendered from themes/templates, on go-chi.
//
// New builds the handler from a Config; routes.go lists every route. Each
// page or action has its own file (step_show.go, form_submit.go, …).
// Middleware loads the session, checks the CSRF token of every POST, and
// loads the enrolment or the unit and checks the user's role there before
// any handler runs, so a handler only does its one job. Errors shown to
// users are coded and translated; internal details go to the log only.
//
// Every page works without JavaScript; themes/static/app.js hides
// questions whose condition does not hold and saves drafts as the citizen
// types.
package web
