package value

import (
	"strings"
	"time"
	"unicode/utf16"

	"github.com/google/uuid"
)

// Enumerate is what the pipeline unrolls: arrays and lists yield their
// items (ok is true); every other value, strings and hashtables included,
// is a single item (ok is false).
func Enumerate(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case *List:
		return x.Items, true
	}
	return nil, false
}

// stringLength is a string's .Length: its UTF-16 code units, as in .NET.
func stringLength(s string) int {
	return len(utf16.Encode([]rune(s)))
}

// GetMember is property access ($x.Name), case-insensitive. On an array or
// list a name that is not the collection's own property is looked up on
// every element (member enumeration): nulls are dropped, collections
// flattened, and a single result is returned as a scalar. Every value has
// .Count and .Length (1, or 0 for $null). A missing property is $null.
func GetMember(v any, name string) (any, error) {
	return getMember(v, name, nil)
}

// getMember is GetMember with the collections being enumerated, outermost
// first, so that a collection that contains itself is not entered again.
func getMember(v any, name string, outer []any) (any, error) {
	lname := strings.ToLower(name)
	if lname == "psobject" && v != nil {
		if view, ok := v.(*PSObjectView); ok {
			return view, nil
		}
		return &PSObjectView{Base: v}, nil
	}
	switch x := v.(type) {
	case nil:
		if lname == "count" || lname == "length" {
			return 0, nil
		}
		return nil, nil
	case *Object:
		if p, ok := x.Get(name); ok {
			return p, nil
		}
	case PropertyBag:
		if p, ok := x.Property(name); ok {
			return p, nil
		}
	case *Hashtable:
		if val, ok := x.Get(name); ok {
			return val, nil
		}
		switch lname {
		case "count":
			return x.Len(), nil
		case "keys":
			return x.Keys(), nil
		case "values":
			return x.Values(), nil
		}
	case string:
		if lname == "length" {
			return stringLength(x), nil
		}
	case []any:
		switch lname {
		case "count", "length", "longlength":
			return len(x), nil
		case "rank":
			return 1, nil
		}
		return enumerateMember(x, outer, func(e any, path []any) (any, error) { return getMember(e, name, path) })
	case *List:
		switch lname {
		case "count":
			return len(x.Items), nil
		case "capacity":
			return cap(x.Items), nil
		}
		return enumerateMember(x, outer, func(e any, path []any) (any, error) { return getMember(e, name, path) })
	case time.Time:
		if p, ok := dateMember(x, lname); ok {
			return p, nil
		}
	case time.Duration:
		if p, ok := durationMember(x, lname); ok {
			return p, nil
		}
	case bool:
		if lname == "ispresent" { // a [switch] parameter's value is a bool here
			return x, nil
		}
	case Type:
		full := x.Name
		if t, err := lookupType(x.Name); err == nil {
			full = t.full
		}
		switch lname {
		case "fullname":
			return full, nil
		case "name":
			return shortTypeName(full), nil
		}
	case uuid.UUID:
		if lname == "guid" {
			return x.String(), nil
		}
	case *Regex:
		if lname == "pattern" {
			return x.Pattern, nil
		}
	case Enum:
		if lname == "value__" {
			return x.number(), nil
		}
	}
	if lname == "count" || lname == "length" {
		return 1, nil
	}
	return nil, nil
}

// enumerateMember applies member (a property read or a method call) to
// every element of coll, dropping nulls and flattening arrays; one result
// is returned on its own. outer lists the collections already being
// enumerated: an element that is one of them is skipped rather than
// entered again.
func enumerateMember(coll any, outer []any, member func(e any, path []any) (any, error)) (any, error) {
	items, _ := Enumerate(coll)
	path := append(outer[:len(outer):len(outer)], coll)
	var out []any
	for _, e := range items {
		if containsSame(path, e) {
			continue
		}
		m, err := member(e, path)
		if err != nil {
			return nil, err
		}
		if m == nil {
			continue
		}
		if inner, ok := m.([]any); ok {
			out = append(out, inner...)
			continue
		}
		out = append(out, m)
	}
	switch len(out) {
	case 0:
		return nil, nil
	case 1:
		return out[0], nil
	}
	return out, nil
}

// containsSame reports whether v is one of the collections in path (the
// same array or list, not an equal one).
func containsSame(path []any, v any) bool {
	if _, ok := Enumerate(v); !ok {
		return false
	}
	for _, p := range path {
		if sameReference(p, v) {
			return true
		}
	}
	return false
}

// shortTypeName is a type's Name: its full name without the namespace,
// keeping the [] of an array and leaving out a generic type's arguments
// (List`1, Dictionary`2).
func shortTypeName(full string) string {
	base, rest := full, ""
	if open := strings.IndexByte(full, '['); open > 0 {
		base, rest = full[:open], full[open:]
		if strings.Contains(base, "`") {
			rest = ""
		}
	}
	return base[strings.LastIndexByte(base, '.')+1:] + rest
}

func dateMember(t time.Time, name string) (any, bool) {
	switch name {
	case "year":
		return t.Year(), true
	case "month":
		return int(t.Month()), true
	case "day":
		return t.Day(), true
	case "hour":
		return t.Hour(), true
	case "minute":
		return t.Minute(), true
	case "second":
		return t.Second(), true
	case "millisecond":
		return t.Nanosecond() / 1e6, true
	case "dayofweek":
		return t.Weekday().String(), true
	case "dayofyear":
		return t.YearDay(), true
	case "date":
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, t.Location()), true
	case "timeofday":
		y, m, d := t.Date()
		return t.Sub(time.Date(y, m, d, 0, 0, 0, 0, t.Location())), true
	case "ticks":
		return timeToTicks(t), true
	case "kind":
		return dateKind(t), true
	}
	return nil, false
}

func durationMember(d time.Duration, name string) (any, bool) {
	ticks := int64(d / 100)
	switch name {
	case "days":
		return int(ticks / 864000000000), true
	case "hours":
		return int(ticks / 36000000000 % 24), true
	case "minutes":
		return int(ticks / 600000000 % 60), true
	case "seconds":
		return int(ticks / 10000000 % 60), true
	case "milliseconds":
		return int(ticks / 10000 % 1000), true
	case "ticks":
		return ticks, true
	case "totaldays":
		return d.Hours() / 24, true
	case "totalhours":
		return d.Hours(), true
	case "totalminutes":
		return d.Minutes(), true
	case "totalseconds":
		return d.Seconds(), true
	case "totalmilliseconds":
		return float64(ticks) / 10000, true
	}
	return nil, false
}

func propertyNotFound(name string) *Error {
	return newError("PropertyNotFound", "InvalidOperation",
		"The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)
}

// SetMember is property assignment ($x.Name = v): an existing property of
// a PSCustomObject, or a hashtable key (added when new).
func SetMember(v any, name string, x any) error {
	switch o := v.(type) {
	case *Object:
		if !o.Has(name) {
			return propertyNotFound(name)
		}
		o.Set(name, x)
		return nil
	case *Hashtable:
		o.Set(name, x)
		return nil
	case interface{ SetProperty(string, any) error }:
		return o.SetProperty(name, x)
	}
	if m, _ := GetMember(v, name); m != nil && v != nil {
		return newError("PropertyAssignmentException", "InvalidOperation", "'%s' is a ReadOnly property.", name)
	}
	return propertyNotFound(name)
}

var errNullIndex = &Error{ID: "NullArrayIndex", Category: "InvalidOperation",
	Message: "Index operation failed; the array index evaluated to null."}

var errNullArray = &Error{ID: "NullArray", Category: "InvalidOperation", Message: "Cannot index into a null array."}

// Index is $x[i]. Arrays, lists and strings take an int index, negative
// counting from the end, out of range giving $null; an array of indexes
// gives the slice. Hashtables look keys up; objects look properties up by
// name, and are collections of one to a number: $o[0] is $o.
func Index(v any, idx any) (any, error) {
	if v == nil {
		return nil, errNullArray
	}
	if idxs, ok := Enumerate(idx); ok {
		out := []any{}
		for _, i := range idxs {
			e, err := indexOne(v, i)
			if err != nil {
				return nil, err
			}
			if e != nil {
				out = append(out, e)
			}
		}
		return out, nil
	}
	return indexOne(v, idx)
}

// indexOne is $x[i] for one index; an index that is itself a collection is
// not unrolled again, so an index list that contains itself cannot loop.
func indexOne(v any, idx any) (any, error) {
	switch x := v.(type) {
	case []any:
		return indexSlice(x, idx)
	case *List:
		return indexSlice(x.Items, idx)
	case string:
		r := []rune(x)
		i, err := resolveIndex(idx, len(r))
		if err != nil || i < 0 {
			return nil, err
		}
		return Char(r[i]), nil
	case *Hashtable:
		if idx == nil {
			return nil, errNullIndex
		}
		if val, ok := x.Get(idx); ok {
			return val, nil
		}
		if i, ok := x.position(idx); ok {
			return x.entries[i].Value, nil
		}
		return nil, nil
	case *Object:
		if !isNumber(idx) {
			val, _ := x.Get(ToString(idx))
			return val, nil
		}
	case PropertyBag:
		if !isNumber(idx) {
			val, _ := x.Property(ToString(idx))
			return val, nil
		}
	}
	// A single object is a collection of one: $o[0] and $o[-1] are $o, as
	// when a pipeline that returns one object is indexed.
	i, err := Convert(idx, "int")
	if err != nil {
		return nil, err
	}
	if i == 0 || i == -1 {
		return v, nil
	}
	return nil, nil
}

func indexSlice(items []any, idx any) (any, error) {
	i, err := resolveIndex(idx, len(items))
	if err != nil || i < 0 {
		return nil, err
	}
	return items[i], nil
}

// resolveIndex converts an index and counts negative ones from the end;
// -1 in the result means out of range.
func resolveIndex(idx any, n int) (int, error) {
	c, err := Convert(idx, "int")
	if err != nil {
		return -1, err
	}
	i := c.(int)
	if i < 0 {
		i += n
	}
	if i < 0 || i >= n {
		return -1, nil
	}
	return i, nil
}

// SetIndex is $x[i] = v on arrays, lists, hashtables and objects.
func SetIndex(v any, idx any, x any) error {
	var items []any
	switch c := v.(type) {
	case nil:
		return errNullArray
	case []any:
		items = c
	case *List:
		items = c.Items
	case *Hashtable:
		if idx == nil {
			return errNullIndex
		}
		if i, ok := c.position(idx); ok && !c.Has(idx) {
			c.entries[i].Value = x
			return nil
		}
		c.Set(idx, x)
		return nil
	case *Object:
		return SetMember(c, ToString(idx), x)
	default:
		return newError("CannotIndex", "InvalidOperation", "Unable to index into an object of type %s.", TypeName(v))
	}
	i, err := resolveIndex(idx, len(items))
	if err != nil {
		return err
	}
	if i < 0 {
		return newError("System.IndexOutOfRangeException", "OperationStopped", "Index was outside the bounds of the array.")
	}
	items[i] = x
	return nil
}
