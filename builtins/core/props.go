package core

import (
	"time"

	"licsh/shell/value"
)

// psObjectTypes are the type names of an object made from scratch, as
// [pscustomobject] and Import-Csv make them.
var psObjectTypes = []string{"System.Management.Automation.PSCustomObject", "System.Object"}

func NewPSObject() *value.Object { return value.NewObject(psObjectTypes...) }

// PropertyNames lists the properties a cmdlet such as Select-Object or
// Export-Csv sees on v: an object's properties, a property bag's names,
// for a hashtable its keys (pwsh 7 treats dictionaries' keys as columns in
// CSV and JSON), and the .NET properties of strings, dates and time spans.
func PropertyNames(v any) []string {
	switch x := v.(type) {
	case *value.Object:
		return x.Names()
	case value.PropertyBag:
		return x.PropertyNames()
	case *value.Hashtable:
		keys := x.Keys()
		names := make([]string, len(keys))
		for i, k := range keys {
			names[i] = value.ToString(k)
		}
		return names
	case string:
		return []string{"Length"}
	case time.Time:
		return []string{"Date", "Day", "DayOfWeek", "DayOfYear", "Hour", "Kind", "Millisecond", "Minute", "Month", "Second", "Ticks", "TimeOfDay", "Year"}
	case time.Duration:
		return []string{"Ticks", "Days", "Hours", "Milliseconds", "Minutes", "Seconds", "TotalDays", "TotalHours", "TotalMilliseconds", "TotalMinutes", "TotalSeconds"}
	}
	return nil
}

// property reads one property of v, case-insensitively; ok is false when v
// has no such property (for values other than objects, property bags and
// hashtables: when it is $null).
func Property(v any, name string) (any, bool) {
	switch x := v.(type) {
	case *value.Object:
		return x.Get(name)
	case value.PropertyBag:
		return x.Property(name)
	case *value.Hashtable:
		return x.Get(name)
	case nil:
		return nil, false
	}
	v, err := value.GetMember(v, name)
	return v, err == nil && v != nil
}

// typeNames returns the type names of v, most specific first, as
// $x.pstypenames shows them.
func typeNames(v any) []string {
	if o, ok := v.(*value.Object); ok && len(o.TypeNames) > 0 {
		return o.TypeNames
	}
	if t, ok := v.(value.Typed); ok && len(t.TypeNames()) > 0 {
		return t.TypeNames()
	}
	return []string{value.TypeName(v)}
}
