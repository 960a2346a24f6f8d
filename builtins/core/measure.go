package core

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func measureObject() *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:                "Measure-Object",
		Module:              modUtility,
		Aliases:             []string{"measure"},
		Synopsis:            "Calculates the numeric properties of objects, and the characters, words, and lines in string objects.",
		Description:         "Measure-Object counts its input and, when asked, computes the sum, average, minimum, maximum and standard deviation of the objects or of their properties (one result per property), or counts the lines, words and characters of text.",
		DefaultParameterSet: "GenericMeasure",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.Object, ValueFromPipeline: true, Help: "The objects to measure."},
			{Name: "Property", Type: cmdlet.Objects, Position: 1, Complete: cmdlet.CompleteProperty, Help: "The properties to measure."},
			{Name: "Sum", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "Adds the values up."},
			{Name: "Average", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "Averages the values."},
			{Name: "Maximum", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "Finds the largest value."},
			{Name: "Minimum", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "Finds the smallest value."},
			{Name: "StandardDeviation", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "Computes the standard deviation of the values."},
			{Name: "AllStats", Type: cmdlet.Switch, Sets: []string{"GenericMeasure"}, Help: "All of the statistics above."},
			{Name: "Line", Type: cmdlet.Switch, Sets: []string{"TextMeasure"}, Help: "Counts the lines of text."},
			{Name: "Word", Type: cmdlet.Switch, Sets: []string{"TextMeasure"}, Help: "Counts the words of text."},
			{Name: "Character", Type: cmdlet.Switch, Sets: []string{"TextMeasure"}, Help: "Counts the characters of text."},
			{Name: "IgnoreWhiteSpace", Type: cmdlet.Switch, Sets: []string{"TextMeasure"}, Help: "Leaves white space out of the character count."},
		},
		Examples: []cmdlet.Example{
			{Code: "Get-User -Unlicensed | Measure-Object", Remarks: "Counts the unlicensed users."},
			{Code: "Get-License | Measure-Object -Property Assigned -Sum", Remarks: "The number of assigned licenses over all products."},
		},
		Begin:   measureBegin,
		Process: measureProcess,
		End:     measureEnd,
	}
}

// measuring is what Measure-Object keeps while its input streams by: one
// measure per property, so that no input object is held.
type measuring struct {
	specs    []propSpec
	measures []*measure
	text     bool
	ask      measureAsk
}

// measureAsk is the statistics asked for, read once from the switches
// rather than for every object.
type measureAsk struct {
	sum, average, max, min, stdDev, all, ignoreSpace bool
}

// numbers reports whether the values must be numbers.
func (a measureAsk) numbers() bool { return a.sum || a.average || a.stdDev || a.all }

// anyStat reports whether any statistic is asked for; a plain count needs
// nothing of the values.
func (a measureAsk) anyStat() bool { return a.numbers() || a.max || a.min }

// measure accumulates the statistics of one property.
type measure struct {
	property            string
	count               int
	sum, sumSq          float64
	min, max            any
	numeric             bool
	found               bool
	lines, words, chars int
}

func measureBegin(c cmdlet.Call) error {
	specs, err := parsePropSpecs(c.Get("Property"), "group")
	if err != nil {
		return err
	}
	if len(specs) == 0 {
		specs = []propSpec{{}}
	}
	st := &measuring{specs: specs, text: c.Switch("Line") || c.Switch("Word") || c.Switch("Character"),
		ask: measureAsk{sum: c.Switch("Sum"), average: c.Switch("Average"), max: c.Switch("Maximum"), min: c.Switch("Minimum"),
			stdDev: c.Switch("StandardDeviation"), all: c.Switch("AllStats"), ignoreSpace: c.Switch("IgnoreWhiteSpace")}}
	for _, s := range specs {
		st.measures = append(st.measures, &measure{property: s.name, numeric: true})
	}
	c.SetState(st)
	return nil
}

func measureProcess(c cmdlet.Call) error {
	st := c.State().(*measuring)
	it := c.Get("InputObject")
	if it == nil {
		return nil
	}
	for i, s := range st.specs {
		m := st.measures[i]
		v := it
		if s.name != "" {
			if _, ok := Property(it, s.name); !ok && s.expr == nil {
				continue
			}
			var err error
			if v, err = s.eval(c, it); err != nil {
				return err
			}
		}
		m.found = true
		if st.text {
			m.addText(value.ToString(v), st.ask.ignoreSpace)
			continue
		}
		if err := m.add(c, st.ask, v); err != nil {
			return err
		}
	}
	return nil
}

func measureEnd(c cmdlet.Call) error {
	st := c.State().(*measuring)
	for i, s := range st.specs {
		m, text := st.measures[i], st.text
		if s.name != "" && !m.found {
			rec := interp.NewError(CommandID("GenericMeasurePropertyNotFound", c.Cmdlet().Name), "InvalidArgument", s.name,
				fmt.Sprintf("The property \"%s\" cannot be found in the input for any objects.", s.name))
			if err := c.WriteError(rec); err != nil {
				return err
			}
			continue
		}
		var out *value.Object
		if text {
			out = m.textInfo(c)
		} else {
			out = m.genericInfo(c)
		}
		if err := c.Write(out); err != nil {
			return err
		}
	}
	return nil
}

func (m *measure) add(c cmdlet.Call, ask measureAsk, v any) error {
	m.count++
	if !ask.anyStat() {
		return nil
	}
	if ask.max || ask.min || ask.all {
		if m.min == nil || compareKeys(v, m.min, false) < 0 {
			m.min = v
		}
		if m.max == nil || compareKeys(v, m.max, false) > 0 {
			m.max = v
		}
	}
	n, err := value.Convert(v, "double")
	if err != nil {
		m.numeric = false
		if ask.numbers() {
			rec := interp.NewError(CommandID("NonNumericInputObject", c.Cmdlet().Name), "InvalidType", v,
				fmt.Sprintf("Input object \"%s\" is not numeric.", value.ToString(v)))
			return c.WriteError(rec)
		}
		return nil
	}
	f := n.(float64)
	m.sum += f
	m.sumSq += f * f
	return nil
}

func (m *measure) addText(s string, ignoreSpace bool) {
	m.lines += len(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }))
	m.words += len(strings.Fields(s))
	for _, r := range s {
		if !ignoreSpace || !unicode.IsSpace(r) {
			m.chars++
		}
	}
}

// genericInfo is Measure-Object's GenericMeasureInfo: statistics not asked
// for stay $null.
func (m *measure) genericInfo(c cmdlet.Call) *value.Object {
	all := c.Switch("AllStats")
	o := value.NewObject("Microsoft.PowerShell.Commands.GenericMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")
	o.Set("Count", m.count)
	o.Set("Average", nil)
	o.Set("Sum", nil)
	o.Set("Maximum", nil)
	o.Set("Minimum", nil)
	o.Set("StandardDeviation", nil)
	o.Set("Property", nil)
	if m.property != "" {
		o.Set("Property", m.property)
	}
	if m.count > 0 && (all || c.Switch("Average")) && m.numeric {
		o.Set("Average", m.sum/float64(m.count))
	}
	if all || c.Switch("Sum") {
		o.Set("Sum", m.sum)
	}
	if all || c.Switch("Maximum") {
		o.Set("Maximum", m.stat(m.max))
	}
	if all || c.Switch("Minimum") {
		o.Set("Minimum", m.stat(m.min))
	}
	if (all || c.Switch("StandardDeviation")) && m.count > 1 && m.numeric {
		n := float64(m.count)
		o.Set("StandardDeviation", math.Sqrt((m.sumSq-m.sum*m.sum/n)/(n-1)))
	}
	return o
}

// stat is a minimum or maximum: a double when every value was numeric, as
// PowerShell reports them, otherwise the value itself.
func (m *measure) stat(v any) any {
	if v == nil || !m.numeric {
		return v
	}
	f, err := value.Convert(v, "double")
	if err != nil {
		return v
	}
	return f
}

// textInfo is Measure-Object's TextMeasureInfo.
func (m *measure) textInfo(c cmdlet.Call) *value.Object {
	o := value.NewObject("Microsoft.PowerShell.Commands.TextMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")
	set := func(name string, on bool, n int) {
		if on {
			o.Set(name, n)
		} else {
			o.Set(name, nil)
		}
	}
	set("Lines", c.Switch("Line"), m.lines)
	set("Words", c.Switch("Word"), m.words)
	set("Characters", c.Switch("Character"), m.chars)
	if m.property != "" {
		o.Set("Property", m.property)
	} else {
		o.Set("Property", nil)
	}
	return o
}
