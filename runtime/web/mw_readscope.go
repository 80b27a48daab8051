package web

import (
	"github.com/stegvis/stegvis/runtime"
)

// readScoper returns the store's runtime.ReadScoper, nil when it offers
// none. deadline opens a read scope with it around each request, inside
// the request's deadline: the request's reads are then served from one
// read transaction (the embedded store), so a page that reads the
// session, the user, the enrolment and the inbox begins and ends one
// transaction instead of one each. A write in the request ends the
// transaction first, so the reads after it see the write.
func (s *Server) readScoper() runtime.ReadScoper {
	rs, _ := s.store.(runtime.ReadScoper)
	return rs
}
