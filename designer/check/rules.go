package check

import (
	"slices"
	"strings"

	"github.com/stegvis/stegvis/designer"
)

// flags checks the program's flags and every form's answer flags; flag ids
// are unique across both.
func (c *checker) flags() {
	ids := map[string]bool{}
	id := func(fl *designer.Flag) {
		switch {
		case fl.ID == "":
			c.errorf(fl.Pos, "a flag has no id; add \"id: …\" (events and notifications name it)")
		case ids[fl.ID]:
			c.errorf(fl.At("id"), "flag id %q is used twice; flag ids are unique across program.yaml and the forms", fl.ID)
		}
		ids[fl.ID] = true
	}
	for _, fl := range c.p.Flags {
		id(fl)
		c.flag(fl)
	}
	for _, f := range c.p.Forms {
		for _, fl := range f.Flags {
			id(fl)
			if fl.When == nil {
				c.errorf(fl.Pos, "flag %q needs \"when:\", the answer or score that raises it", fl.ID)
			} else {
				c.condition(f, fl.When, "when")
			}
			c.flagEffect(fl)
		}
	}
	hasDuration := slices.ContainsFunc(c.p.Modules, func(m *designer.Module) bool { return m.DurationDays > 0 })
	for _, fl := range c.p.Flags {
		if fl.On == designer.TriggerModuleEnding && !hasDuration {
			c.warnf(fl.At("on"), "flag %q is raised before a module ends, but no module has duration_days, so it never fires", fl.ID)
		}
	}
}

func (c *checker) flag(fl *designer.Flag) {
	if fl.On == "" {
		c.errorf(fl.Pos, "flag %q has no \"on:\"; say when it is raised: %s", fl.ID, strings.Join(designer.Triggers, ", "))
		return
	}
	if !c.oneOf(fl.At("on"), "flag event", fl.On, designer.Triggers) {
		return
	}
	needDays := fl.On == designer.TriggerInactivity || fl.On == designer.TriggerModuleEnding || fl.On == designer.TriggerProgramEnding
	switch {
	case needDays && fl.Days <= 0:
		c.errorf(fl.At("on"), "flag %q on %s needs \"days:\", a positive number of days", fl.ID, fl.On)
	case !needDays && fl.Days != 0:
		c.errorf(fl.At("days"), "flag %q on %s takes no days", fl.ID, fl.On)
	}
	if fl.On == designer.TriggerProgramEnding && c.p.RecommendedDays > 0 && fl.Days >= c.p.RecommendedDays {
		c.errorf(fl.At("days"), "flag %q fires %d days before the end of a %d-day program, which is before it starts", fl.ID, fl.Days, c.p.RecommendedDays)
	}
	needForm := fl.On == designer.TriggerFormSubmitted || fl.On == designer.TriggerFormAnswer
	switch {
	case needForm && fl.Form == "":
		c.errorf(fl.At("on"), "flag %q on %s needs \"form: <id>\"", fl.ID, fl.On)
	case needForm:
		if f, ok := c.formRef(fl.At("form"), fl.Form); ok && fl.On == designer.TriggerFormAnswer {
			if fl.When == nil {
				c.errorf(fl.Pos, "flag %q needs \"when:\", the answer or score that raises it", fl.ID)
			} else {
				c.condition(f, fl.When, "when")
			}
		}
	case fl.Form != "":
		c.errorf(fl.At("form"), "flag %q on %s takes no form", fl.ID, fl.On)
	}
	if fl.When != nil && fl.On != designer.TriggerFormAnswer {
		c.errorf(fl.At("when"), "\"when:\" belongs to flags on form_answer; flag %q is on %s", fl.ID, fl.On)
	}
	switch {
	case fl.On == designer.TriggerActivityMissed && fl.Plan == "":
		c.errorf(fl.At("on"), "flag %q on activity_missed needs \"plan: <id>\", an activity plan of the program", fl.ID)
	case fl.On == designer.TriggerActivityMissed:
		if _, ok := c.p.Plan(fl.Plan); !ok {
			c.errorf(fl.At("plan"), "flag %q names activity plan %q, which program.yaml does not have", fl.ID, fl.Plan)
		}
	case fl.Plan != "":
		c.errorf(fl.At("plan"), "flag %q on %s takes no plan", fl.ID, fl.On)
	}
	c.flagEffect(fl)
}

// flagEffect checks who a flag notifies and how.
func (c *checker) flagEffect(fl *designer.Flag) {
	for _, n := range fl.Notify {
		c.oneOf(fl.At("notify"), "notify", n, []string{designer.NotifyCitizen, designer.NotifyClinician})
	}
	if fl.Delivery != "" {
		c.oneOf(fl.At("delivery"), "delivery", fl.Delivery, []string{designer.DeliveryImmediate, designer.DeliveryDaily})
	}
	if !fl.Review && len(fl.Notify) == 0 {
		c.warnf(fl.Pos, "flag %q does nothing: set \"review: true\" for the clinician to review it, and/or \"notify:\"", fl.ID)
	}
	if len(fl.Notify) > 0 && strings.TrimSpace(fl.Message) == "" {
		c.warnf(fl.At("notify"), "flag %q notifies without a message; add \"message: …\"", fl.ID)
	}
	if fl.Urgent && !fl.Review && !slices.Contains(fl.Notify, designer.NotifyClinician) {
		c.errorf(fl.At("urgent"), "flag %q is urgent but reaches no clinician; add \"review: true\" or notify clinician", fl.ID)
	}
	if fl.Urgent && fl.Delivery == designer.DeliveryDaily {
		c.errorf(fl.At("delivery"), "flag %q is urgent and cannot wait for the daily summary; use delivery: immediate", fl.ID)
	}
}

func (c *checker) batteries() {
	ids := map[string]bool{}
	for _, b := range c.p.Batteries {
		switch {
		case b.ID == "":
			c.errorf(b.Pos, "a battery has no id; add \"id: …\"")
		case ids[b.ID]:
			c.errorf(b.At("id"), "battery id %q is used twice", b.ID)
		}
		ids[b.ID] = true
		if strings.TrimSpace(b.Title) == "" {
			c.errorf(b.Pos, "battery %q has no title", b.ID)
		}
		if len(b.Forms) == 0 {
			c.errorf(b.Pos, "battery %q has no forms; add \"forms: [id, …]\"", b.ID)
		}
		for _, f := range b.Forms {
			c.formRef(b.At("forms"), f)
		}
		if !b.AtStart && b.EveryDays == 0 && b.EveryWeeks == 0 && len(b.OnDays) == 0 {
			c.errorf(b.Pos, "battery %q is never given; add at_start: true, every_days, every_weeks or on_days", b.ID)
		}
		if b.EveryDays < 0 || b.EveryWeeks < 0 {
			c.errorf(b.Pos, "battery %q: every_days and every_weeks must be positive", b.ID)
		}
		if b.EveryDays > 0 && b.EveryWeeks > 0 {
			c.errorf(b.At("every_weeks"), "battery %q: give every_days or every_weeks, not both", b.ID)
		}
		for _, d := range b.OnDays {
			if d < 0 || (c.p.RecommendedDays > 0 && d > c.p.RecommendedDays) {
				c.errorf(b.At("on_days"), "battery %q: day %d is outside the program's %d days", b.ID, d, c.p.RecommendedDays)
			}
		}
	}
}

func (c *checker) plans() {
	ids := map[string]bool{}
	for _, a := range c.p.ActivityPlans {
		switch {
		case a.ID == "":
			c.errorf(a.Pos, "an activity plan has no id; add \"id: …\"")
		case ids[a.ID]:
			c.errorf(a.At("id"), "activity plan id %q is used twice", a.ID)
		}
		ids[a.ID] = true
		if strings.TrimSpace(a.Title) == "" {
			c.errorf(a.Pos, "activity plan %q has no title", a.ID)
		}
		if a.Form == "" {
			c.errorf(a.Pos, "activity plan %q needs \"form: <id>\", the form with the questions of each registration", a.ID)
		} else {
			c.formRef(a.At("form"), a.Form)
		}
		if len(a.Times) == 0 {
			c.errorf(a.Pos, "activity plan %q has no times; add \"times:\" with a weekday and a time, e.g. mon: \"07:30\"", a.ID)
		}
		for day, tm := range a.Times {
			pos := a.At("times." + day)
			c.oneOf(pos, "weekday", day, designer.Weekdays)
			if !timeRE.MatchString(tm) {
				c.errorf(pos, "time %q for %s is not HH:MM (24-hour clock), e.g. \"07:30\"; write it in quotes", tm, day)
			}
		}
		if a.EveryWeeks < 0 {
			c.errorf(a.At("every_weeks"), "every_weeks must be 1 or more")
		}
		if a.GraceDays < 0 {
			c.errorf(a.At("grace_days"), "grace_days must be 0 or more")
		}
	}
	if len(c.p.ActivityPlans) > 0 && !c.p.Has(designer.FeatureActivities) {
		c.warnf(c.p.At("activity_plans"), "the program has activity plans but features does not list activities, so citizens will not see them")
	}
}
