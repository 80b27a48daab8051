package check

import (
	"slices"
	"strconv"
	"strings"

	"github.com/stegvis/stegvis/designer"
	"github.com/stegvis/stegvis/designer/source"
)

// flags checks the program's flags and every form's answer flags; flag ids
// are unique across both.
func (c *checker) flags() {
	ids := map[string]bool{}
	id := func(fl *designer.Flag) {
		c.uniqueID(ids, fl.Origin, fl.ID, "designer.flag.no_id", "designer.flag.id_twice")
	}
	for _, fl := range c.p.Flags {
		id(fl)
		c.flag(fl)
	}
	for _, f := range c.p.Forms {
		for _, fl := range f.Flags {
			id(fl)
			if fl.When == nil {
				c.errorf(fl.Pos, "designer.flag.no_when", fl.ID)
			} else {
				c.condition(f, fl.When, "when")
			}
			c.flagEffect(fl)
		}
	}
	hasDuration := slices.ContainsFunc(c.p.Modules, func(m *designer.Module) bool { return m.DurationDays > 0 })
	for _, fl := range c.p.Flags {
		if fl.On == designer.TriggerModuleEnding && !hasDuration {
			c.warnf(fl.At("on"), "designer.flag.module_ending_never", fl.ID)
		}
	}
}

func (c *checker) flag(fl *designer.Flag) {
	if fl.On == "" {
		c.errorf(fl.Pos, "designer.flag.no_on", fl.ID, strings.Join(designer.Triggers, ", "))
		return
	}
	if !c.oneOf(fl.At("on"), "flag_event", fl.On, designer.Triggers) {
		return
	}
	needDays := fl.On == designer.TriggerInactivity || fl.On == designer.TriggerModuleEnding || fl.On == designer.TriggerProgramEnding
	switch {
	case needDays && fl.Days <= 0:
		c.errorf(fl.At("on"), "designer.flag.needs_days", fl.ID, fl.On)
	case !needDays && fl.Days != 0:
		c.errorf(fl.At("days"), "designer.flag.takes_no_days", fl.ID, fl.On)
	}
	if fl.On == designer.TriggerProgramEnding && c.p.RecommendedDays > 0 && fl.Days >= c.p.RecommendedDays {
		key := "designer.flag.before_start"
		if fl.Days == 1 {
			key += ".one"
		}
		c.errorf(fl.At("days"), key, fl.ID, fl.Days, c.p.RecommendedDays)
	}
	needForm := fl.On == designer.TriggerFormSubmitted || fl.On == designer.TriggerFormAnswer
	switch {
	case needForm && fl.Form == "":
		c.errorf(fl.At("on"), "designer.flag.needs_form", fl.ID, fl.On)
	case needForm:
		if f, ok := c.formRef(fl.At("form"), fl.Form); ok && fl.On == designer.TriggerFormAnswer {
			if fl.When == nil {
				c.errorf(fl.Pos, "designer.flag.no_when", fl.ID)
			} else {
				c.condition(f, fl.When, "when")
			}
		}
	case fl.Form != "":
		c.errorf(fl.At("form"), "designer.flag.takes_no_form", fl.ID, fl.On)
	}
	if fl.When != nil && fl.On != designer.TriggerFormAnswer {
		c.errorf(fl.At("when"), "designer.flag.when_not_answer", fl.ID, fl.On)
	}
	switch {
	case fl.On == designer.TriggerActivityMissed && fl.Plan == "":
		c.errorf(fl.At("on"), "designer.flag.needs_plan", fl.ID)
	case fl.On == designer.TriggerActivityMissed:
		if _, ok := c.p.Plan(fl.Plan); !ok {
			c.errorf(fl.At("plan"), "designer.flag.unknown_plan", fl.ID, fl.Plan)
		}
	case fl.Plan != "":
		c.errorf(fl.At("plan"), "designer.flag.takes_no_plan", fl.ID, fl.On)
	}
	c.flagEffect(fl)
}

// flagEffect checks who a flag notifies and how.
func (c *checker) flagEffect(fl *designer.Flag) {
	for i, n := range fl.Notify {
		c.oneOf(fl.At("notify["+strconv.Itoa(i)+"]"), "notify", n, []string{designer.NotifyCitizen, designer.NotifyClinician})
	}
	if fl.Delivery != "" {
		c.oneOf(fl.At("delivery"), "delivery", fl.Delivery, []string{designer.DeliveryImmediate, designer.DeliveryDaily})
	}
	if !fl.Review && len(fl.Notify) == 0 {
		c.warnf(fl.Pos, "designer.flag.does_nothing", fl.ID)
	}
	if len(fl.Notify) > 0 && strings.TrimSpace(fl.Message) == "" {
		c.warnf(fl.At("notify"), "designer.flag.no_message", fl.ID)
	}
	if fl.Urgent && !fl.Review && !slices.Contains(fl.Notify, designer.NotifyClinician) {
		c.errorf(fl.At("urgent"), "designer.flag.urgent_no_clinician", fl.ID)
	}
	if fl.Urgent && fl.Delivery == designer.DeliveryDaily {
		c.errorf(fl.At("delivery"), "designer.flag.urgent_daily", fl.ID)
	}
}

func (c *checker) batteries() {
	ids := map[string]bool{}
	for _, b := range c.p.Batteries {
		c.uniqueID(ids, b.Origin, b.ID, "designer.battery.no_id", "designer.battery.id_twice")
		if strings.TrimSpace(b.Title) == "" {
			c.errorf(b.Pos, "designer.battery.no_title", b.ID)
		}
		if len(b.Forms) == 0 {
			c.errorf(b.Pos, "designer.battery.no_forms", b.ID)
		}
		seen := map[string]bool{}
		for i, f := range b.Forms {
			pos := b.At("forms[" + strconv.Itoa(i) + "]")
			if seen[f] {
				c.errorf(pos, "designer.battery.form_twice", f, b.ID)
				continue
			}
			seen[f] = true
			c.formRef(pos, f)
		}
		if !b.AtStart && b.EveryDays == 0 && b.EveryWeeks == 0 && len(b.OnDays) == 0 {
			c.errorf(b.Pos, "designer.battery.never", b.ID)
		}
		if b.EveryDays < 0 || b.EveryWeeks < 0 {
			c.errorf(b.Pos, "designer.battery.negative_every", b.ID)
		}
		if b.EveryDays > 0 && b.EveryWeeks > 0 {
			c.errorf(b.At("every_weeks"), "designer.battery.every_both", b.ID)
		}
		for i, d := range b.OnDays {
			if d < 0 || (c.p.RecommendedDays > 0 && d > c.p.RecommendedDays) {
				c.errorf(b.At("on_days["+strconv.Itoa(i)+"]"), "designer.battery.day_outside", b.ID, d, c.p.RecommendedDays)
			}
		}
	}
}

func (c *checker) plans() {
	ids := map[string]bool{}
	for _, a := range c.p.ActivityPlans {
		c.uniqueID(ids, a.Origin, a.ID, "designer.plan.no_id", "designer.plan.id_twice")
		if strings.TrimSpace(a.Title) == "" {
			c.errorf(a.Pos, "designer.plan.no_title", a.ID)
		}
		if a.Form == "" {
			c.errorf(a.Pos, "designer.plan.no_form", a.ID)
		} else {
			c.formRef(a.At("form"), a.Form)
		}
		if len(a.Times) == 0 {
			c.errorf(a.Pos, "designer.plan.no_times", a.ID)
		}
		for day, tm := range a.Times {
			c.oneOf(a.At("times."+day), "weekday", day, designer.Weekdays)
			pos := a.ValueAt("times." + day)
			switch {
			case !timeRE.MatchString(tm):
				c.errorf(pos, "designer.plan.bad_time", tm, day)
			case a.Plain["times."+day]:
				// YAML 1.1 readers take 09:00 for the number 540.
				c.errorf(pos, "designer.plan.time_unquoted", tm, day, tm)
			}
		}
		if a.EveryWeeks < 0 {
			c.errorf(a.At("every_weeks"), "designer.plan.bad_every_weeks")
		}
		if a.GraceDays < 0 {
			c.errorf(a.At("grace_days"), "designer.plan.negative_grace")
		}
	}
	if len(c.p.ActivityPlans) > 0 && !c.p.Has(designer.FeatureActivities) {
		c.warnf(c.p.At("activity_plans"), "designer.plan.activities_off")
	}
}

// uniqueID reports an item without an id (noKey) or with one already in
// seen (twiceKey, with the id and args), and records the id.
func (c *checker) uniqueID(seen map[string]bool, o designer.Origin, id, noKey, twiceKey string, args ...any) {
	switch {
	case id == "":
		c.errorf(o.Pos, noKey)
	case seen[id]:
		c.errorf(o.At("id"), twiceKey, append([]any{id}, args...)...)
	case !source.IDPattern.MatchString(id):
		c.badID(o.At("id"), id)
	}
	seen[id] = true
}
