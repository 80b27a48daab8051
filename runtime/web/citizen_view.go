package web

import (
	"net/http"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/runtime"
	"github.com/stegvis/stegvis/themes"
	"github.com/stegvis/stegvis/themes/view"
)

// formState says whether a step's form is still to fill, has a draft, or
// has been submitted.
func formState(e *runtime.Enrolment, module, step string) string {
	for _, sub := range e.Submissions {
		if sub.Module == module && sub.Step == step {
			return view.FormDone
		}
	}
	if _, ok := e.Drafts[runtime.StepKey(module, step)]; ok {
		return view.FormDraft
	}
	return view.FormTodo
}

// citizenModules returns the modules the citizen sees, current and
// completed, in the program's order, without hidden steps.
func (s *Server) citizenModules(r *http.Request, l *loaded) (current, completed []*view.ModuleView) {
	e, p := l.E, l.Program
	pdf := pdfURLs(e, p)
	cat := s.cat(r)
	for _, m := range p.Modules {
		status := e.ModuleStatus(m.ID)
		if status == runtime.StatusUpcoming || !e.ModuleVisible(m.ID) {
			continue
		}
		mv := &view.ModuleView{ID: m.ID, Title: m.Title, Description: m.Description, Status: status}
		if pdf != nil && m.PDF != "" {
			mv.PDF = pdf(m.PDF)
		}
		for _, sec := range m.Sections {
			sv := &view.SectionView{Title: sec.Title}
			for _, st := range sec.Steps {
				if !e.CanOpen(m.ID, st.ID) {
					continue
				}
				link := &view.StepLink{Href: stepURL(e, m.ID, st.ID), Title: st.Title, Kind: st.Kind}
				if o, ok := e.Opened[runtime.StepKey(m.ID, st.ID)]; ok {
					link.Opened, link.OpenedAt = true, s.date(o.First)
				}
				if st.Form != "" {
					link.Form = formState(e, m.ID, st.ID)
				}
				link.SetBadge(cat.T)
				sv.Steps = append(sv.Steps, link)
			}
			if len(sv.Steps) > 0 {
				mv.Sections = append(mv.Sections, sv)
			}
		}
		if status == runtime.StatusCompleted {
			completed = append(completed, mv)
		} else {
			current = append(current, mv)
		}
	}
	return current, completed
}

// moduleLists are the citizen's current and completed modules, as
// citizenModules makes them.
type moduleLists struct{ current, completed []*view.ModuleView }

// moduleListsKey keys the module lists of a language in an enrolment's
// memo.
type moduleListsKey struct{ lang string }

// citizenModuleLists is citizenModules made once per state of the
// enrolment and language (runtime.Enrolment.Memo): they follow from the
// state, the program it names and the language alone, and the overview
// shows them on every visit. The lists are shared and must not be written.
func (s *Server) citizenModuleLists(r *http.Request, l *loaded) (current, completed []*view.ModuleView) {
	ml := l.E.Memo(moduleListsKey{s.cat(r).Lang}, func() any {
		var ml moduleLists
		ml.current, ml.completed = s.citizenModules(r, l)
		return ml
	}).(moduleLists)
	return ml.current, ml.completed
}

// tabsKey keys the tabs of a language, with current the tab shown, in an
// enrolment's memo.
type tabsKey struct{ lang, current string }

// tabs returns the tabs of the program's features that exist: the
// overview, the messages with the unread count in the label when the
// program has messages or page comments, and the quick guide when the
// program has one. Other features (results, planning …) add their tabs as
// they are built. They follow from the state, the program it names, the
// language and the tab shown alone, so they are made once per state of
// the enrolment (runtime.Enrolment.Memo); they are shared and must not be
// written.
func (s *Server) tabs(r *http.Request, l *loaded, current string) []view.Link {
	cat := s.cat(r)
	return l.E.Memo(tabsKey{cat.Lang, current}, func() any { return s.makeTabs(cat, l, current) }).([]view.Link)
}

func (s *Server) makeTabs(cat *themes.Catalog, l *loaded, current string) []view.Link {
	tabs := []view.Link{{Href: overviewURL(l.E), Label: cat.T("web.tab.overview"), Current: current == "overview"}}
	if hasMessages(l.Program) {
		n := unreadForCitizen(l.E)
		label := cat.T("messages.tab")
		if n > 0 {
			label = cat.N("messages.tab.count", n)
		}
		tabs = append(tabs, view.Link{Href: citizenBase(l.E) + "/messages", Label: label, Current: current == "messages", Count: n})
	}
	if hasContacts(l.Program) {
		tabs = append(tabs, view.Link{Href: citizenBase(l.E) + "/contacts", Label: cat.T("contacts.tab"), Current: current == tabContacts})
	}
	if hasResults(l.Program) {
		tabs = append(tabs, view.Link{Href: resultsURL(l.E), Label: cat.T("results.tab"), Current: current == "results"})
	}
	if hasPlanning(l.Program) {
		tabs = append(tabs, view.Link{Href: citizenBase(l.E) + "/planning", Label: cat.T("planning.tab"), Current: current == tabPlanning})
	}
	if hasBookmarks(l.Program) {
		tabs = append(tabs, view.Link{Href: bookmarksURL(l.E), Label: cat.T("bookmarks.tab"), Current: current == tabBookmarks})
	}
	if hasActivities(l.Program) {
		tabs = append(tabs, view.Link{Href: citizenActivitiesURL(l.E), Label: cat.T("activities.tab"), Current: current == "activities"})
	}
	if hasGuide(l.Program) {
		tabs = append(tabs, view.Link{Href: guideURL(l.E), Label: cat.T("web.tab.guide"), Current: current == "guide"})
	}
	if len(tabs) == 1 {
		return nil
	}
	return tabs
}

func hasGuide(p *designer.Program) bool {
	return p.QuickGuide != "" && p.Has(designer.FeatureQuickGuide)
}
