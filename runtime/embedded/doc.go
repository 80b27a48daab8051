// Package embedded is the default store of stegvis: everything in one
// bbolt file beside the binary, so a clinic or a developer runs the server
// with no database to install.
//
// bbolt is pure Go (no cgo, one static binary), keeps its data in a single
// file, and gives ACID transactions with one writer at a time: an append
// checks the log's sequence and writes events, snapshot and indexes in one
// transaction, which is fsynced before Append returns. Readers never block
// the writer. That is the whole contract runtime.Store asks for, with less
// machinery than SQLite and no second process like Redis.
//
// The file holds these buckets:
//
//	enrolments/<id>/snap        the snapshot (JSON)
//	enrolments/<id>/log/<seq>   events, seq as 8 bytes big-endian; the log
//	                            bucket's sequence is the last seq
//	index/<kind:key>/<id>       index memberships
//	bundles/<name>/<path>       bundle files
//	publications/<bundle>       runtime.Publication (JSON)
//	activations/<unit>/<prog>   runtime.Activation (JSON)
//	units/<id>, staff/<id>, citizens/<pnr>    records (JSON)
//	roles/<staff>/<unit>        a staff member's roles on a unit (JSON)
//	sessions/<id>               expiry (8 bytes, Unix ns) + data
//	jobs/<id>, due/<at><id>     the due-time queue (see queue.go)
//	summaries/<id>              the enrolment's runtime.SummaryRecord (JSON),
//	                            summary-entries/<id> its entries (summaries.go)
//	summary-sets/<set number><entry key>      a list in one order
//	summary-set-ids/<unit NUL set>            its set number (uvarint)
//	summary-counts/<unit NUL list>            a list's count (8 bytes)
//	summary-meta/schema         the SummarySchema the summaries were built by
package embedded
