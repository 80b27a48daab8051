package web

import (
	"net/http"
	"net/url"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes/view"
)

// Every URL the pages link to, post to or redirect to is built here;
// routes.go holds the patterns they match.

// The URLs without parameters.
const (
	rootURL           = "/"
	signInURL         = "/signin"
	signInCallbackURL = "/signin/callback"
	signOutURL        = "/signout"
	citizenHomeURL    = "/home"
	citizenContactURL = "/home/settings"
	citizenReadURL    = "/home/inbox/read"
	unitsURL          = "/staff"
)

// The URLs of starting a sign-in at a provider and of signing out on
// every device.
const (
	signInStartPath      = "/signin/start"
	signOutEverywhereURL = "/signout/everywhere"
)

// signInStartURL starts a sign-in through the way via ("" for the only
// provider), returning to next afterwards.
func signInStartURL(via, next string) string {
	q := url.Values{}
	if via != "" {
		q.Set("via", via)
	}
	if next != "" {
		q.Set("next", next)
	}
	if len(q) == 0 {
		return signInStartPath
	}
	return signInStartPath + "?" + q.Encode()
}

// signInNextURL is the sign-in page that returns to next afterwards.
func signInNextURL(next string) string { return signInURL + "?next=" + url.QueryEscape(next) }

// signInAction is where the sign-in form posts; next, when set, is where
// the user goes afterwards.
func signInAction(next string) string {
	if next == "" {
		return signInCallbackURL
	}
	return signInCallbackURL + "?next=" + url.QueryEscape(next)
}

// citizenBase is the URL of an enrolment's pages for its citizen: its
// overview, and the folder its steps, media and PDFs are served below.
func citizenBase(e *runtime.Enrolment) string { return "/e/" + e.ID }

// overviewURL is the overview's tab.
func overviewURL(e *runtime.Enrolment) string { return citizenBase(e) + "/" }

func guideURL(e *runtime.Enrolment) string { return citizenBase(e) + "/guide" }

// resultsURL is the citizen's results tab.
func resultsURL(e *runtime.Enrolment) string { return citizenBase(e) + "/results" }

func stepURL(e *runtime.Enrolment, module, step string) string {
	return citizenBase(e) + "/m/" + module + "/" + step
}

// batteryURL is a form of the battery due, for the citizen to fill in.
func batteryURL(e *runtime.Enrolment, battery, form string) string {
	return citizenBase(e) + "/battery/" + battery + "/" + form
}

func draftURL(e *runtime.Enrolment, module, step string) string {
	return stepURL(e, module, step) + "/draft"
}

// bundleFileURL is a file of the enrolment's bundle by its path there,
// e.g. pdf/steps/m/s.pdf.
func bundleFileURL(e *runtime.Enrolment, file string) string { return citizenBase(e) + "/" + file }

// pdfURLs returns the URL of a bundle PDF for the enrolment's citizen, or
// nil when the program offers no PDFs.
func pdfURLs(e *runtime.Enrolment, p *designer.Program) func(string) string {
	if !p.Has(designer.FeaturePDF) {
		return nil
	}
	return func(file string) string { return bundleFileURL(e, file) }
}

// filledPDFURL is a submitted form with its answers, as the citizen prints it.
func filledPDFURL(e *runtime.Enrolment, submission string) string {
	return citizenBase(e) + "/submissions/" + submission + "/pdf"
}

// mediaURL returns the URL a media file of the bundle is served at below
// base, an enrolment's citizenBase; an https URL stays as it is.
func mediaURL(base string, p *designer.Program, ref string) string {
	return view.MediaURL(p, base, ref)
}

// rewriteMedia points the root-relative media links of a bundle's HTML
// (/media/<file>) at the media route below base.
func rewriteMedia(html, base string) string { return view.RewriteMedia(html, base) }

// citizenStepURLs are the links of a step page for the enrolment's citizen.
func citizenStepURLs(e *runtime.Enrolment, p *designer.Program) view.StepURLs {
	return view.StepURLs{
		Overview: citizenBase(e),
		Files:    citizenBase(e),
		Step:     func(module, step string) string { return stepURL(e, module, step) },
		Draft:    func(module, step string) string { return draftURL(e, module, step) },
		PDF:      pdfURLs(e, p),
	}
}

// The URLs of guardians and self-enrolment (mw_guardian.go, join.go).
const (
	actForURL  = "/home/act"
	actStopURL = "/home/act/stop"
)

// joinURL is the page on which a citizen starts a program themselves.
func joinURL(program string) string { return "/join/" + program }

// guardiansURL is the page listing the guardians of an enrolment's citizen.
func guardiansURL(unit, enrolment string) string { return enrolmentURL(unit, enrolment) + "/guardians" }

// selfEnrolURL is where a unit admin opens or closes self-enrolment.
func selfEnrolURL(unit, program string) string {
	return areaURL(unit, areaPrograms) + "/" + program + "/selfenrol"
}

// unitURL is a unit's first page, which sends staff on to their area.
func unitURL(unit string) string { return "/u/" + unit }

// areaURL is a staff area of a unit (see staffAreas).
func areaURL(unit, area string) string { return unitURL(unit) + "/" + area }

// accessLogURL is the unit's access log with a search; empty fields are
// left out.
func accessLogURL(unit string, q url.Values) string {
	v := url.Values{}
	for k, vs := range q {
		if len(vs) > 0 && vs[0] != "" {
			v.Set(k, vs[0])
		}
	}
	u := areaURL(unit, areaAccessLog)
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// enrolmentURL is the manage view of an enrolment of a unit.
func enrolmentURL(unit, enrolment string) string {
	return areaURL(unit, areaEnrolments) + "/" + enrolment
}

// manageURL is the manage view of the enrolment in the context.
func manageURL(r *http.Request) string {
	return enrolmentURL(unitFrom(r.Context()).ID, enrolmentFrom(r.Context()).E.ID)
}

func publishURL(unit string) string { return areaURL(unit, areaPrograms) + "/publish" }

// sharedURL is the page of programs other regions share; importURL is
// where one of their versions is imported.
func sharedURL(unit string) string { return areaURL(unit, areaPrograms) + "/shared" }

func importURL(unit string) string { return areaURL(unit, areaPrograms) + "/import" }

func activateURL(unit, program string) string {
	return areaURL(unit, areaPrograms) + "/" + program + "/activate"
}

func rolloutURL(unit, program string) string {
	return areaURL(unit, areaPrograms) + "/" + program + "/rollout"
}

// staffReadURL is where a unit's notifications page marks one read.
func staffReadURL(unit string) string { return areaURL(unit, areaNotifications) + "/read" }

// The tabs of the clinician's view of an enrolment besides Hantera, which
// is enrolmentURL: Meddelanden, Tidslinje and Resultat.

func enrolmentMessagesURL(unit, enrolment string) string {
	return enrolmentURL(unit, enrolment) + "/messages"
}

func enrolmentTimelineURL(unit, enrolment string) string {
	return enrolmentURL(unit, enrolment) + "/timeline"
}

// enrolmentTimelinePDFURL prints the timeline with the filter in query
// (the timeline page's form, encoded), which may be empty.
func enrolmentTimelinePDFURL(unit, enrolment, query string) string {
	u := enrolmentTimelineURL(unit, enrolment) + "/pdf"
	if query != "" {
		u += "?" + query
	}
	return u
}

func enrolmentResultsURL(unit, enrolment string) string {
	return enrolmentURL(unit, enrolment) + "/results"
}

// enrolmentResultsPDFURL prints the results for the patient record.
func enrolmentResultsPDFURL(unit, enrolment string) string {
	return enrolmentResultsURL(unit, enrolment) + "/pdf"
}

// staffRolesURL is where the roles page changes one staff member's roles.
func staffRolesURL(unit, staff string) string { return areaURL(unit, areaRoles) + "/staff/" + staff }

// backupURL is where the roles page sets the unit's backup clinicians.
func backupURL(unit string) string { return areaURL(unit, areaRoles) + "/backup" }

// handoverURL is the page that hands an enrolment over and links it.
func handoverURL(unit, enrolment string) string { return enrolmentURL(unit, enrolment) + "/handover" }

// linkURL is where that page links the enrolment with another.
func linkURL(unit, enrolment string) string { return enrolmentURL(unit, enrolment) + "/link" }

// acceptURL and declineURL answer a handover to unit.
func acceptURL(unit, enrolment string) string {
	return areaURL(unit, areaHandovers) + "/" + enrolment + "/accept"
}

func declineURL(unit, enrolment string) string {
	return areaURL(unit, areaHandovers) + "/" + enrolment + "/decline"
}

// purgeURL is where the data admin's chosen enrolments are confirmed and
// purged.
func purgeURL(unit string) string { return areaURL(unit, areaData) + "/purge" }

// exportURL is an enrolment's export in a format: "json", "csv" or "fhir".
func exportURL(unit, enrolment, format string) string {
	return areaURL(unit, areaData) + "/" + enrolment + "/export." + format
}
