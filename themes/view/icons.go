package view

// The icons and dots users of the regions' platform expect: a book for a
// page to read, a form for one to fill in, an eye for what can only be
// looked at (a form already sent), a dot for unread and one for to fill
// in. Inline SVG, hidden from assistive technology: each stands beside a
// text that says the same. They are the same markup as the templates'
// "icon_book", "icon_form", "icon_eye", "dot_unread" and "dot_todo"
// (themes/templates/partials/manage.html), which TestIconsMatchTemplates
// checks; Go writes them here for the citizen's step list (module.go).
//
// Each icon draws a symbol of iconSprite, which the frame writes once at
// the top of every page (frame.go): a list of twenty steps then carries
// a short reference per step rather than the whole drawing.
const (
	iconBook  = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16"><use href="#icon-book"/></svg>`
	iconEye   = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16"><use href="#icon-eye"/></svg>`
	iconForm  = `<svg class="icon" aria-hidden="true" focusable="false" width="16" height="16"><use href="#icon-form"/></svg>`
	dotUnread = `<span class="dot unread" aria-hidden="true"></span>`
	dotTodo   = `<span class="dot todo" aria-hidden="true"></span>`
	// iconSprite defines the icons' drawings; hidden by the class sprite
	// (app.css), it shows nothing itself.
	iconSprite = `<svg class="sprite" aria-hidden="true" focusable="false">` +
		`<symbol id="icon-book" viewBox="0 0 16 16"><path d="M2 2.5C3.8 2 6 2.2 7.5 3.2v10.3C6 12.6 3.8 12.4 2 12.9zM14 2.5c-1.8-.5-4-.3-5.5.7v10.3c1.5-.9 3.7-1.1 5.5-.6z" fill="currentColor"/></symbol>` +
		`<symbol id="icon-eye" viewBox="0 0 16 16"><path d="M8 3C4.4 3 1.7 5.6 1 8c.7 2.4 3.4 5 7 5s6.3-2.6 7-5c-.7-2.4-3.4-5-7-5zm0 8a3 3 0 1 1 0-6 3 3 0 0 1 0 6zm0-1.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z" fill="currentColor"/></symbol>` +
		`<symbol id="icon-form" viewBox="0 0 16 16"><path d="M3 1.5h7l3 3v10H3zM5 7h6v1H5zm0 2.5h6v1H5zm0 2.5h4v1H5z" fill="currentColor"/></symbol></svg>`
)
