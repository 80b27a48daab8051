// Package web is the HTTP side of the stegvis runtime: the citizen's and
// the clinician's pages, server-rendered from themes/templates, on go-chi.
//
// New builds the handler from a Config; routes.go lists every route. Each
// page or action has its own file (step_show.go, form_submit.go, …).
// Middleware loads the session, checks the CSRF token of every POST, and
// loads the unit or the enrolment and checks the user's role there before
// any handler runs, so a handler only does its one job. An enrolment that
// is not the user's to see, or a unit they have no role on, is "not
// found"; a page of their unit that their role does not allow is
// "forbidden". Errors shown to users are coded (E404, E403-CSRF, E500 …)
// and translated; internal details go to the log only, with the request id
// the page shows. Pages are in Config.Lang when the server was given one,
// else in the language the browser's Accept-Language prefers, Swedish
// when it asks for neither (lang.go).
//
// # Routes
//
//	GET  /healthz /readyz                        liveness; readiness pings the store
//	GET  /static/{name}.{hash}.{ext}             CSS and JS, cached for a year
//	GET  /  /signin  GET|POST /signin/callback   start page by role; sign-in; POST /signout
//	GET  /signin/start  POST /signout/everywhere    start an OIDC sign-in; end every session of the person
//	GET  /published/{program}/program.json|manifest.json   the latest published version, for build --previous URL
//
// The citizen's, for their own enrolments only:
//
//	GET  /home                                    their enrolments
//	GET  /e/{e}  /e/{e}/guide                     overview; quick guide
//	GET  /e/{e}/m/{module}/{step}                 a step (records that it was opened)
//	POST /e/{e}/m/{module}/{step}                 submit the step's form
//	POST /e/{e}/m/{module}/{step}/draft           save a draft (JSON for the script)
//	GET  /e/{e}/media/{file}  /e/{e}/pdf/…        bundle media; bundle PDFs (feature pdf)
//	GET  /e/{e}/submissions/{id}/pdf              a filled form as PDF
//	GET|POST /e/{e}/contacts  GET|POST …/contacts/{id}  POST …/{id}/delete
//	                                              contacts (feature contacts)
//	GET|POST /e/{e}/planning[?from=2006-01]  GET|POST …/planning/{id}  POST …/{id}/delete
//	                                              planning (feature planning)
//	GET  /e/{e}/bookmarks  POST /e/{e}/m/{module}/{step}/bookmark
//	                                              bookmarks (feature bookmarks)
//	GET  /e/{e}/video/{item}                      open a video meeting in its window:
//	                                              access log, then 303 to the service
//
// Staff, per unit, by role (C clinician, CA citizen admin, UA unit admin,
// DA data admin):
//
//	GET  /staff  /u/{unit}                        units; the unit's first page for the role
//	GET  /u/{unit}/mine /all                      C CA: lists
//	GET  /u/{unit}/ended                          C CA DA: ended enrolments
//	GET|POST /u/{unit}/start                      C CA: start a program for a citizen
//	GET  /u/{unit}/enrolments/{e}                 C CA: manage view
//	POST …/welcome …/modules/{m}/start|complete …/steps/{m}/{s}/hide|show
//	POST …/submissions/{id}/read …/reviews/{id}/done …/maintenance …/end
//	POST …/clinician                            CA: hand over to another clinician
//	GET  …/submissions/{id}/pdf
//	GET|POST …/contacts …/planning (and their {id} pages)  C CA: as the citizen's
//	POST …/video                                C CA: add a video meeting (unit with a service)
//	GET  /u/{unit}/video/{e}/{item}               C CA: open a video meeting, as the citizen's
//	GET|POST /u/{unit}/video                      UA: the unit's video service (URL template)
//	GET  /u/{unit}/programs                       UA: published programs
//	POST /u/{unit}/programs/{p}/activate          UA: the version new enrolments get
//	GET|POST /u/{unit}/programs/{p}/rollout       UA: move running enrolments to it
//
// Every page works without JavaScript; themes/static/app.js hides
// questions whose condition does not hold and saves drafts as the citizen
// types.
package web
