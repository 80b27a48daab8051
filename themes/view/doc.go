// Package view renders the HTML pages of stegvis from the templates in
// themes/templates. It holds the data each template takes, so that the
// runtime (runtime/web) and the designer's live preview (designer/preview)
// fill the same types and show a step or a form the same way, without the
// preview importing the runtime.
//
// # Templates
//
// Every page is one file in templates/ that defines "main"; the frame
// (frame.go) wraps it with the header, the skip link, the navigation, the
// flash notice and the footer, and takes the window title from
// Page.Title. Partials in templates/partials/ are shared by the pages.
// The parts every request renders are written in Go (markup.go), escaped
// exactly as html/template would: the frame, the tabs ("tabs"), and the
// whole main of the citizen's overview (overview.go, in goPages instead
// of a template file) with its modules, notifications ("inbox") and video
// meetings ("video_now"), which the other pages call as template
// functions. As templates they were most of the overview's CPU, each
// escaper and each t a call by reflection. TestMarkupEscapes,
// TestFrameGolden and TestOverviewGolden hold them to what the templates
// wrote.
// Each page is executed with a *Page whose Data field holds the page's own
// type:
//
//	page               Data
//	signin             *SignInData
//	error              *ErrorData
//	citizen_home       *CitizenHomeData
//	citizen_overview   *OverviewData
//	citizen_guide      *OverviewData
//	citizen_step       *StepView        (a form step has StepView.Form set)
//	staff_units        *UnitsData
//	staff_list         *ListData
//	staff_start        *StartData
//	staff_enrolment    *ManageData
//	admin_programs     *ProgramsData
//	admin_rollout      *RolloutData
//	admin_shared       *SharedData
//	staff_accesslog    *AccessLogData
//	care_contacts      *CareContactsView  (citizen and staff alike, as planning)
//	care_contact       *CareContactEditView
//	planning           *PlanningView
//	planning_item      *PlanningEditView
//	staff_video        *VideoSettingsData
//	bookmarks          *BookmarksView
//	citizen_activities *ActivitiesData
//	citizen_activity_plan     *ActivityPlanData
//	citizen_activity_occasion *OccasionData
//	staff_activities   *PlansData
//	staff_activity_plan *PlanSettingsData
//	staff_statistics   *StatisticsData
//
// The partials take:
//
//	step_body     *StepView       the step's text, media and PDF link
//	form          *FormView       a form with every question, for filling in
//	question      *QuestionView   one question with its label, help and error
//	question_notes, question_desc  *QuestionView   its condition, help and error, and their ids
//	answers       *FormView       submitted answers, read only, with the options offered
//	tabs          []Link          the program's tabs
//	inbox         *InboxView      the notifications (Go, inbox.go)
//	video_now     []Link          the video meetings open now (Go, video.go)
//	staff_module  dict M *ModuleView, CSRF string (staff_enrolment only)
//	post_fields   string          the hidden fields of a form that posts, given the CSRF token
//	activity_card *PlanCard       a plan on the citizen's Aktiviteter tab
//	activity_schedule *ScheduleView  a plan's schedule behind "Visa schemat"
//	activity_question dict Q *AskedField, Types []Link  a custom plan's question fields
//	stat_chart    *BarChart       a bar chart of statistics (staff_statistics)
//
// Forms post their fields as designer/formdata names them (q.<id>,
// q.<id>.h and q.<id>.m for a duration), the form's version as
// "form_version", and, as every form that posts, the hidden fields of the
// partial "post_fields": the CSRF token as "csrf" (CSRFField) and a fresh
// idempotency key as "idem" (KeyField). A FormView with ReadOnly set
// renders as "answers".
//
// The step page's StepView is built by NewStepView for both the runtime
// and the preview, which differ only in StepURLs (where links go, where
// media are served) and StepState (which steps may be opened, the form's
// answers, drafts and submissions); media references resolve through
// designer.Program.MediaFile. The preview renders "citizen_step" with a
// *Page it fills itself (no User, CSRF empty, Preview true); a form then
// posts back to the preview, which decodes and validates with
// designer/formdata and renders again.
//
// Pages have the functions "t" (the catalogue text of a key, with
// arguments), "asset" (the content-hash URL of a static file), "csrfField",
// "add" and "dict" (a map, to pass several values to a partial); see funcs
// in templates.go.
package view
