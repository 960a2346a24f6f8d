package format

import (
	"reflect"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/shell/value"
)

// record is an object the formatter lays out by its properties.
type record struct {
	obj   any      // what property values are read from
	kind  string   // type identity: the first type name, or the Go type
	names []string // property names in display order
}

// asRecord returns the properties of v, or false when v is a scalar that is
// printed as a line. A [guid] and a [timespan] have views of their own in
// pwsh (a Guid table, a TimeSpan list), reproduced here as objects.
func asRecord(v any) (record, bool) {
	switch v := v.(type) {
	case *value.Object:
		kind := ""
		if len(v.TypeNames) > 0 {
			kind = v.TypeNames[0]
		}
		return record{obj: v, kind: kind, names: v.Names()}, true
	case value.PropertyBag:
		return record{obj: v, kind: reflect.TypeOf(v).String(), names: v.PropertyNames()}, true
	case uuid.UUID:
		o := value.NewObject("System.Guid")
		o.Set("Guid", v.String())
		return asRecord(o)
	case time.Duration:
		return asRecord(timeSpanObject(v))
	}
	return record{}, false
}

// timeSpanObject holds the properties pwsh's TimeSpan view lists.
func timeSpanObject(d time.Duration) *value.Object {
	o := value.NewObject("System.TimeSpan")
	o.Set("Days", int(d/(24*time.Hour)))
	o.Set("Hours", int(d/time.Hour%24))
	o.Set("Minutes", int(d/time.Minute%60))
	o.Set("Seconds", int(d/time.Second%60))
	o.Set("Milliseconds", int(d/time.Millisecond%1000))
	o.Set("Ticks", int64(d/100))
	o.Set("TotalDays", d.Hours()/24)
	o.Set("TotalHours", d.Hours())
	o.Set("TotalMinutes", d.Minutes())
	o.Set("TotalSeconds", d.Seconds())
	o.Set("TotalMilliseconds", float64(d)/float64(time.Millisecond))
	return o
}

// shapeKey identifies objects that share one table or list block.
func (r record) shapeKey() string {
	return r.kind + "\x00" + strings.Join(r.names, "\x00")
}

// prop reads a property; a missing one is $null, as in a table cell.
func prop(obj any, name string) any {
	switch o := obj.(type) {
	case *value.Object:
		v, _ := o.Get(name)
		return v
	case value.PropertyBag:
		v, _ := o.Property(name)
		return v
	}
	v, err := value.GetMember(obj, name)
	if err != nil {
		return nil
	}
	return v
}

// expandProps resolves the -Property names of Format-Table and Format-List
// against an object's property names: a wildcard gives every matching name
// in the object's order, a plain name gives the object's spelling of it.
// A plain name the object lacks is kept when keepMissing is set (a table
// still shows its column) and dropped otherwise (a list has no line for it).
func expandProps(patterns, names []string, keepMissing bool) []string {
	var out []string
	for _, p := range patterns {
		if hasWildcard(p) {
			for _, n := range names {
				if value.Like(n, p, false) {
					out = append(out, n)
				}
			}
			continue
		}
		found := false
		for _, n := range names {
			if strings.EqualFold(n, p) {
				out = append(out, n)
				found = true
				break
			}
		}
		if !found && keepMissing {
			out = append(out, p)
		}
	}
	return out
}

// memberNames is the property names of any value: an object's own, or none
// for a scalar (whose members are reached by name only).
func memberNames(v any) []string {
	if r, ok := asRecord(v); ok {
		return r.names
	}
	return nil
}
