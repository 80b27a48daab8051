package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime/web/auth"
)

// routes is every route behind the cross-origin protection.
func (s *Server) routes() http.Handler { return s.crossOrigin(s.router()) }

// router is the one table of every route. Middleware checks sign-in, the
// CSRF token, the unit and role, and loads the enrolment before a handler
// runs. The access test walks it (access_test.go): a route added here
// needs its entry there.
func (s *Server) router() chi.Router {
	r := chi.NewRouter()
	r.Use(requestID, s.logRequests, s.recoverPanics, s.secureHeaders, middleware.GetHead)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })

	r.Get("/healthz", s.healthz)
	r.Get("/readyz", s.readyz)
	r.Handle("/static/*", s.tpl.Assets())

	r.Group(func(r chi.Router) {
		r.Use(s.shed, s.deadline, s.loadSession, s.checkCSRF)
		r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errNotFound) })

		r.Get(rootURL, s.home)
		r.Get(signInURL, s.showSignIn)
		r.Get(signInCallbackURL, s.signIn)
		r.Post(signInCallbackURL, s.signIn)
		r.Post(signOutURL, s.signOut)
		r.Get(signInStartPath, s.startSignIn)
		r.Post(signOutEverywhereURL, s.signOutEverywhere)
		r.Get(publishedProgramURL, s.showPublished(designer.ProgramFile))
		r.Get(publishedManifestURL, s.showPublished(designer.ManifestFile))

		// The citizen's pages.
		r.Group(func(r chi.Router) {
			r.Use(s.requireKind(auth.Citizen))
			r.Use(s.actingFor)
			r.Get(citizenHomeURL, s.showCitizenHome)
			r.Post(actForURL, s.actFor)
			r.Post(actStopURL, s.stopActing)
			r.Get("/join/{program}", s.showJoin)
			r.Post("/join/{program}", s.join)
			r.Get(citizenContactURL, s.showContact)
			r.Post(citizenContactURL, s.saveContact)
			r.Post(citizenReadURL, s.markInboxRead)
			r.Route("/e/{enrolment}", func(r chi.Router) {
				r.Use(s.loadOwnEnrolment)
				r.Get("/", s.showOverview)
				r.Get("/guide", s.showGuide)
				r.Get("/results", s.showCitizenResults)
				r.Get("/m/{module}/{step}", s.showStep)
				r.Post("/m/{module}/{step}", s.submitForm)
				r.Post("/m/{module}/{step}/draft", s.saveDraft)
				r.Post("/m/{module}/{step}/comment", s.commentStep)
				r.Route("/messages", s.messageRoutes)
				r.Get("/battery/{battery}/{form}", s.showBattery)
				r.Post("/battery/{battery}/{form}", s.submitBattery)
				r.Get("/media/{file}", s.showMedia)
				r.Get("/pdf/*", s.showBundlePDF)
				r.Get("/submissions/{submission}/pdf", s.showFilledPDF)
				r.Route("/contacts", s.careContactRoutes)
				r.Route("/planning", s.planningRoutes)
				r.Get("/bookmarks", s.showBookmarks)
				r.Post("/m/{module}/{step}/bookmark", s.setBookmark)
				r.Get("/activities", s.showActivities)
				r.Get("/activities/{plan}", s.showActivityPlan)
				r.Get("/activities/{plan}/pdf", s.showActivityPDF)
				r.Get("/activities/{plan}/{occasion}", s.showOccasion)
				r.Post("/activities/{plan}/{occasion}", s.registerOccasion)
				r.Post("/activities/{plan}/{occasion}/comment", s.commentOccasion)
				r.Get("/video/{item}", s.openVideo)
			})
		})

		// Staff pages, per unit.
		r.Group(func(r chi.Router) {
			r.Use(s.requireKind(auth.Staff))
			r.Get(unitsURL, s.showUnits)
			r.Route("/u/{unit}", func(r chi.Router) {
				r.Use(s.loadUnit)
				r.Get("/", s.showUnitHome)
				// The roles of each area are in staffAreas.
				for _, list := range []string{areaMine, areaAll, areaEnded} {
					r.With(s.requireArea(list)).Get("/"+list, s.listEnrolments(list))
				}
				r.With(s.requireArea(areaMaintenance)).Get("/"+areaMaintenance, s.listEnrolments(areaMaintenance))
				r.With(s.requireArea(areaStart)).Get("/"+areaStart, s.showStart)
				r.With(s.requireArea(areaNotifications)).Get("/"+areaNotifications, s.showStaffInbox)
				r.With(s.requireArea(areaNotifications)).Post("/"+areaNotifications+"/read", s.markInboxRead)
				r.With(s.requireArea(areaProfile)).Get("/"+areaProfile, s.showContact)
				r.With(s.requireArea(areaProfile)).Post("/"+areaProfile, s.saveContact)
				r.With(s.requireArea(areaStart)).Post("/"+areaStart, s.startEnrolment)
				r.With(s.requireArea(areaAccessLog)).Get("/"+areaAccessLog, s.showAccessLog)
				r.With(s.requireArea(areaVideo)).Get("/"+areaVideo, s.showVideoSettings)
				r.With(s.requireArea(areaVideo)).Post("/"+areaVideo, s.saveVideoSettings)
				// A video meeting opens outside logAccesses: openVideo logs
				// the opening itself, once it is allowed.
				r.With(s.requireArea(areaEnrolments), s.loadUnitEnrolment).Get("/"+areaVideo+"/{enrolment}/{item}", s.openVideo)
				r.With(s.requireArea(areaStatistics)).Get("/"+areaStatistics, s.showStatistics)
				r.With(s.requireArea(areaStatistics)).Get("/"+areaStatistics+".csv", s.showStatisticsCSV)
				r.Route("/"+areaEnrolments+"/{enrolment}", func(r chi.Router) {
					r.Use(s.requireArea(areaEnrolments), s.loadUnitEnrolment, s.logAccesses)
					r.Get("/", s.showManage)
					r.Get("/timeline", s.showTimeline)
					r.Get("/timeline/pdf", s.showTimelinePDF)
					r.Get("/results", s.showResults)
					r.Get("/results/pdf", s.showResultsPDF)
					r.Post("/welcome", s.saveWelcome)
					r.Post("/modules/{module}/start", s.startModule)
					r.Post("/modules/{module}/complete", s.completeModule)
					r.Get("/guardians", s.showGuardians)
					r.Post("/guardians", s.saveGuardians)
					r.Post("/steps/{module}/{step}/hide", s.hideStep)
					r.Post("/steps/{module}/{step}/show", s.unhideStep)
					r.Post("/submissions/{submission}/read", s.markRead)
					r.Get("/submissions/{submission}/pdf", s.showFilledPDF)
					r.Post("/reviews/{review}/done", s.markReviewed)
					r.With(s.requireRole(acknowledgeRoles...)).Post("/reviews/{review}/acknowledge", s.acknowledgeReview)
					r.Get("/maintenance", s.showMaintenance)
					r.Post("/maintenance", s.startMaintenance)
					r.Get("/end", s.showEnd)
					r.Post("/end", s.endEnrolment)
					r.With(s.requireRole(handOverRoles...)).Post("/clinician", s.changeClinician)
					r.Route("/messages", s.messageRoutes)
					r.Get("/handover", s.showHandover)
					r.Post("/handover", s.requestHandover)
					r.Post("/link", s.linkEnrolment)
					r.Route("/contacts", s.careContactRoutes)
					r.Route("/planning", s.planningRoutes)
					r.Get("/activities", s.showPlans)
					r.Get("/activities/new", s.showNewPlan)
					r.Post("/activities/new", s.createPlan)
					r.Get("/activities/{plan}", s.showPlan)
					r.Post("/activities/{plan}", s.savePlan)
					r.Post("/activities/{plan}/switch", s.switchPlan)
					r.Get("/activities/{plan}/pdf", s.showActivityPDF)
					r.Post("/video", s.addVideoMeeting)
				})
				r.Route("/"+areaData, func(r chi.Router) {
					r.Use(s.requireArea(areaData))
					r.Get("/", s.showData)
					r.Post("/purge", s.purgeEnrolments)
					r.With(s.loadUnitEnrolment).Get("/{enrolment}/export.{format}", s.exportEnrolment)
				})
				r.Route("/"+areaPrograms, func(r chi.Router) {
					r.Use(s.requireArea(areaPrograms))
					r.Get("/", s.showPrograms)
					r.Post("/publish", s.publishBundle)
					r.Get("/shared", s.showShared)
					r.Post("/import", s.importProgram)
					r.Post("/{program}/activate", s.activateProgram)
					r.Get("/{program}/rollout", s.showRollout)
					r.Post("/{program}/rollout", s.rollout)
					r.Post("/{program}/selfenrol", s.setSelfEnrol)
				})
				r.Route("/"+areaRoles, func(r chi.Router) {
					r.Use(s.requireArea(areaRoles))
					r.Get("/", s.showRoles)
					r.Post("/", s.addStaff)
					r.Post("/backup", s.saveBackup)
					r.Post("/staff/{staff}", s.saveRoles)
				})
				r.Route("/"+areaHandovers, func(r chi.Router) {
					r.Use(s.requireArea(areaHandovers))
					r.Get("/", s.listHandovers)
					r.With(s.loadIncomingEnrolment).Post("/{enrolment}/accept", s.acceptHandover)
					r.With(s.loadIncomingEnrolment).Post("/{enrolment}/decline", s.declineHandover)
				})
			})
		})
	})
	return r
}

// crossOrigin refuses cross-origin requests that change something.
func (s *Server) crossOrigin(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, errCSRF) }))
	return cop.Handler(h)
}

// messageRoutes are the messages tab's routes, the same for the citizen
// and the staff.
func (s *Server) messageRoutes(r chi.Router) {
	r.Get("/", s.showMessages)
	r.Post("/", s.startConversation)
	r.Get("/{conversation}", s.showConversation)
	r.Post("/{conversation}", s.sendMessage)
	r.Post("/{conversation}/draft", s.saveMessageDraft)
	r.Post("/{conversation}/title", s.renameConversation)
	r.Post("/{conversation}/delete", s.deleteConversation)
	r.Post("/{conversation}/unread", s.markConversationUnread)
}
