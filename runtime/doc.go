// Package runtime holds the domain of the stegvis server, free of I/O: the
// Enrolment (one citizen's running instance of a program), the events that
// change it, the decisions that validate commands, the Enrolments service
// that applies them with optimistic concurrency, and the Store interface
// that the stores in runtime/embedded and runtime/redis implement.
//
// # Files
//
// The package is grouped by idea: each idea's file holds its events (the
// Change types, registered in its init), its decisions, its part of the
// enrolment's state and methods, and its store interface.
//
//	event.go         the Event envelope, the registry of changes, Apply and Fold
//	decide.go        the Decision type, Always, Then, and the rule of the end
//	service.go       the Enrolments service: Get, Do with retries, Timeline, Purge
//	view.go          Enrolments.View: the shared, read-only state a page reads (SharedLoader)
//	timeline.go      the log in words: entries with kind, actor and sentence; filters
//	timeline_filter.go  the timeline's filter: kinds, dates, ISO weeks
//	timeline_notices.go the inboxes' notifications about an enrolment as timeline entries
//	enrolment.go     the Enrolment state, EnrolmentStore and its indexes
//	lifecycle.go     start, visits, welcome text, clinician, mobile, bundle move,
//	                 the old maintenance event, and end
//	maintenance.go   maintenance: StartMaintenance for days with visible
//	                 modules, MaintenanceEnds, ModuleVisible, CitizenAccess
//	ending.go        the end's message to the citizen (EndNotification)
//	purge.go         what a purge deletes, DeliveryID, PurgeRecord (audit)
//	modules.go       modules and steps: start, complete, queue, open, hide, CanOpen
//	forms.go         drafts, submissions and their reading; Submit; CheckWrite
//	flags.go         flags raised for review and their review; FlagsOnSubmit
//	scores.go        the scores of submissions, one at a time and over time
//	results.go       the results page's series: scores with their bands, and any other series over time
//	directory.go     units, staff, citizens, roles, actors; DirectoryStore
//	roles.go         who gives which staff roles (Grants, CheckRoles,
//	                 SetStaffRoles), new staff records, backup clinicians
//	handover.go      handover to another unit (request, accept, decline)
//	                 and links between two enrolments of one citizen
//	sessions.go      SessionStore
//	publications.go  publications and activations; BundleStore
//	publication_latest.go  LatestPublication: a program's newest version
//	programs.go      Programs: the program of a bundle, through one cache
//	provenance.go    programs shared between regions: Provenance of an
//	                 import, the publisher key that owns a program id,
//	                 Trust (the trusted publishers, ParseTrust)
//	queue.go         QueueStore: the due-time queue for scheduled work
//	clock.go         Stockholm, local calendar days (AddDays, Morning,
//	                 DayNumber), ManualClock and OffsetClock
//	scheduler.go     Scheduler: claims due jobs in leased batches and runs
//	                 them by kind (Handle, RunDue, Run), retries, gives up
//	plan.go          the jobs the state implies (PlanJobs, StartJobs, the
//	                 due times), JobID
//	planner.go       the Planner run after appends (AfterAppend, Replan)
//	timeflags.go     TimeFlags: the handlers of the time-based flags and of
//	                 modules' ends; occasions; RaiseFlagOn
//	notify.go        Notification, Notifier, FlagNotifications, LogNotifier
//	messages.go      conversations, messages, page comments, their drafts
//	                 and reading (unread counts from the state, receipts
//	                 and texts from the log); MessageNotifications
//	batteries.go     batteries: occasions in local days (BatteryOccasions),
//	                 the one due (BatteryDue), ContentOpen and ErrBatteryDue,
//	                 SubmitBattery, BatteryHistory for the clinician
//	battery_jobs.go  JobBattery: planned at each occasion, tells the citizen
//	activities.go    activity plans: their events and state (PlanState,
//	                 records of occasions), Plan as it stands, RecordForm
//	activity_occasions.go  occasions in Stockholm time (Occasions, Open,
//	                 History, NextClose)
//	activity_commands.go  the plans' decisions: ConfigurePlan,
//	                 SaveCustomPlan, SwitchPlan, RegisterActivity,
//	                 CommentActivity; PlanError
//	activity_jobs.go JobActivityMissed: raises activity_missed once per
//	                 missed occasion; ActivitySeries for results
//	inbox.go         InboxItem, InboxStore (inboxes and the claims of sends),
//	                 RecipientKey, the inbox's bounds
//	contact.go       Contact: e-mail and SMS settings, ParseEmail, ParseMobile
//	courier.go       Courier, the Notifier that fills the inbox and sends by
//	                 e-mail and SMS (Sender, runtime/send); StaffNotice,
//	                 StaffWithRole
//	accesslog.go     the access log: AccessEntry, AccessLog (append and
//	                 search, no change or delete), AccessQuery and its pages
//	store.go         Store, every store interface together
//	errors.go        the errors every store and decision returns
//	pnr.go           personal identity numbers
//	guardians.go     guardians acting for a child under 13: Age,
//	                 CanActFor, CheckGuardians, WardsOf, GuardianStore
//	protected.go     protected identity: CareTeam, ShowIdentity
//	selfenrol.go     units' offers of self-enrolment, SelfEnrolStore
//	actors.go        ActorName: the name to show for who did something
//	contacts_book.go contacts ("kontakter"): CareContact, the responsible
//	                 clinician derived (ResponsibleContact), ParsePhone;
//	                 not contact.go's notification settings
//	planning.go      planning ("planering"): PlanningItem with an exact or
//	                 approximate date, PlanningWindow for the month list
//	bookmarks.go     the citizen's bookmarks on steps, BookmarkList
//	video.go         video meetings: a unit's video service (URL template,
//	                 ParseVideoTemplate, SetVideoService), AddVideoMeeting
//	                 with a random room, JoinVideo in its window
//	entries.go       what contacts and planned items share: Stamp (created
//	                 and changed by/at), find, remove, writable, room
//	fields.go        FieldErrors: typed entries refused field by field
//	clone.go, snapcache.go  copying states and caching decoded snapshots
//	snapshot_shared.go  the cache's decoded states shared without a copy, the
//	                 contract that nobody writes them and its check in race
//	                 builds (shared_race.go, shared_norace.go)
//	memo.go          Enrolment.Memo: what pages derive from a shared state,
//	                 kept with it until the enrolment changes
//	page_ahead.go    PageReader: a page's session, enrolment and inbox read
//	                 in one round trip, on a store that can (Redis)
//	compaction.go    logs that stay small: same-sitting visits and openings
//	                 append nothing (VisitAt, ReadStep), JobCompact and
//	                 LogCompactor, the Compaction the scheduler runs
//	activity_folded.go  ActivityFolded: old visits and openings folded
//	                 into one digest event (FoldActivity, ActivityRetention)
//	summaries.go     Summarize, the lists of summaries (List, SortKey),
//	                 SummaryStore, UnitSummaries; summary_pages.go their
//	                 pages and cursors, ReadSummaryPage and its repairs
//	statistics.go    usage statistics from the summaries per region, unit
//	                 and program; statistics_suppress.go their suppression
//	                 of small figures (Protect)
//
// # Where to add
//
//   - A new event: its Change type, EventType and apply, registered in the
//     init of its idea's file (a new idea, such as messages or plans, gets a
//     new file); add it to the fold tests in event_test.go. Never change
//     what an existing event type means: give the new meaning a new type.
//   - A new decision: a function returning a Decision in its idea's file,
//     wrapped in decision() so that it obeys the rule of the end; the
//     citizen's writes also ask CheckWrite. Add it to decide_test.go and,
//     when it writes, to readonly_test.go.
//   - A new store: its interface in its idea's file and in Store; one
//     implementation in runtime/embedded and one in runtime/redis, one file
//     per sub-store, and its tests in the conformance suite
//     runtime/storetest, which both stores run.
//   - A new question type: its constant and QuestionTypes in
//     designer/form.go, then every place that switches on it: designer/check,
//     designer/formdata, designer/scoring, designer/pdf and themes/view.
//   - A new flag trigger: designer/rules.go, then scoring.SubmitTriggers and
//     scoring.FlagsOnSubmit when a submission fires it, or the list of
//     triggers raised elsewhere in flags_test.go.
//   - A new page: one handler file per page or action in runtime/web
//     (step_show.go, form_submit.go), its route in runtime/web/routes.go,
//     its template in themes/ and its texts in themes/locales/{sv,en}. The
//     handler decodes, calls a decision or a query here, and renders.
//
// # Event sourcing
//
// Every change to an enrolment is an Event appended to its log. The
// enrolment's state is Fold(log); the store keeps the folded state as a
// snapshot, written in the same transaction as the events it covers, so a
// read is one lookup. The log stays the truth: when the fold changes
// (SnapshotSchema), the service refolds old snapshots from their log.
//
// Appends carry the sequence number the writer last saw. A store refuses an
// append whose expected sequence is not the log's (ErrConflict); the
// service then reloads, decides again on the fresh state and retries, so
// two replicas never overwrite each other's changes.
//
// # Rules
//
// Every rule about what an enrolment takes lives in its decisions, so the
// web handlers, the scheduler and the preview obey the same ones. An ended
// enrolment takes nothing but the clinician's acknowledgements of what came
// in before the end (ErrEnded); in maintenance the citizen reads but writes
// no answers (ErrReadOnly); the citizen opens only the steps CanOpen allows,
// and none while a battery is due (ContentOpen, ErrBatteryDue): the
// decisions on steps take the time of the command for that.
//
// # Indexes
//
// Lists that span enrolments (of a unit, of a clinician, of a citizen, the
// ended ones) are indexes kept beside the logs. In Redis they live outside
// the enrolment's cluster slot and cannot be written atomically with it, so
// an index is a superset: a store adds an enrolment to the indexes of its
// new state after each append and, when reading, drops members whose
// snapshot no longer matches (Index.Match). An index can therefore be stale
// only towards listing too much, never too little, and it repairs itself.
//
// The clinicians' lists read summaries (summaries.go) rather than
// indexes: a small Summary per enrolment, filed after each append in
// every List it belongs to, once per SortKey, so a page is a seek and a
// range. A summary carries its state's sequence; a page read refreshes a
// summary behind its log from the snapshot and drops one whose enrolment
// is gone, so summaries repair themselves as indexes do.
//
// # Scheduled work
//
// Time-based rules run from a due-time queue (QueueStore): jobs with an id
// and a due time, claimed with a lease so that one replica runs each. The
// events imply the jobs: after every append the Enrolments service calls
// its AfterAppend hook, the Planner's, which schedules what the events
// change from PlanJobs (a pure function of the state and the program, so a
// simulation plans alike). A Scheduler claims due jobs and runs each by
// its kind's JobHandler as the System actor; TimeFlags registers the
// handlers of the flags' triggers and of modules' ends. A handler reads
// the fresh state, decides whether its rule still applies and when (a job
// found early is rescheduled), and fires through decisions that act once
// per occasion (RaiseFlagOn) and notifications keyed per occasion and
// recipient (Notifier), so a job run twice changes nothing the second
// time. All calendar arithmetic is in Stockholm (clock.go).
//
// To add a time-based rule (a battery, a daily collection, an urgent
// escalation): a job kind, its jobs in PlanJobs or scheduled by its own
// handler, and a handler registered on the Scheduler that checks the
// fresh state and acts idempotently per occasion.
package runtime
