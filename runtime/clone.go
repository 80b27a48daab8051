package runtime

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of e: changing the copy never changes e.
func (e *Enrolment) Clone() *Enrolment {
	c := *e
	c.memo = nil // a copy may change: Memo keeps nothing of it
	if e.Modules != nil {
		c.Modules = make(map[string]*ModuleState, len(e.Modules))
		for k, v := range e.Modules {
			m := *v
			c.Modules[k] = &m
		}
	}
	c.Hidden = maps.Clone(e.Hidden)
	c.Linked = slices.Clone(e.Linked)
	c.MaintenanceHidden = slices.Clone(e.MaintenanceHidden)
	if e.Opened != nil {
		c.Opened = make(map[string]*Opened, len(e.Opened))
		for k, v := range e.Opened {
			o := *v
			c.Opened[k] = &o
		}
	}
	if e.Drafts != nil {
		c.Drafts = make(map[string]*Draft, len(e.Drafts))
		for k, v := range e.Drafts {
			d := *v
			d.Answers = cloneAnswers(v.Answers)
			c.Drafts[k] = &d
		}
	}
	if e.Submissions != nil {
		c.Submissions = make([]*Submission, len(e.Submissions))
		for i, v := range e.Submissions {
			s := *v
			s.Answers = cloneAnswers(v.Answers)
			c.Submissions[i] = &s
		}
	}
	if e.Reviews != nil {
		c.Reviews = make([]*Review, len(e.Reviews))
		for i, v := range e.Reviews {
			r := *v
			c.Reviews[i] = &r
		}
	}
	if e.Conversations != nil {
		c.Conversations = make([]*Conversation, len(e.Conversations))
		for i, v := range e.Conversations {
			cv := *v
			cv.Sent, cv.Read, cv.Drafts = maps.Clone(v.Sent), maps.Clone(v.Read), maps.Clone(v.Drafts)
			c.Conversations[i] = &cv
		}
	}
	if e.CareContacts != nil {
		c.CareContacts = make([]*CareContact, len(e.CareContacts))
		for i, v := range e.CareContacts {
			ct := *v
			c.CareContacts[i] = &ct
		}
	}
	if e.Planning != nil {
		c.Planning = make([]*PlanningItem, len(e.Planning))
		for i, v := range e.Planning {
			it := *v
			c.Planning[i] = &it
		}
	}
	c.Bookmarks = maps.Clone(e.Bookmarks)
	if e.PlanStates != nil {
		c.PlanStates = make(map[string]*PlanState, len(e.PlanStates))
		for k, v := range e.PlanStates {
			c.PlanStates[k] = v.clone()
		}
	}
	return &c
}

func cloneAnswers(a map[string][]string) map[string][]string {
	if a == nil {
		return nil
	}
	c := make(map[string][]string, len(a))
	for k, v := range a {
		c[k] = slices.Clone(v)
	}
	return c
}
