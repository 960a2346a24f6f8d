package value

import "strings"

// PSObjectView is $x.psobject: the view of a value's members PowerShell's
// wrapper gives scripts, mostly to list a PSCustomObject's properties
// (.psobject.Properties) or to copy it (.psobject.Copy()).
type PSObjectView struct {
	Base any
}

// TypeNames gives the wrapper's .NET type.
func (p *PSObjectView) TypeNames() []string {
	return []string{"System.Management.Automation.PSObject", "System.Object"}
}

// Property exposes Properties, BaseObject, ImmediateBaseObject, TypeNames
// and Members.
func (p *PSObjectView) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "properties", "members":
		return &List{Items: p.properties()}, true
	case "baseobject", "immediatebaseobject":
		return p.Base, true
	case "typenames":
		var names []any
		if o, ok := p.Base.(*Object); ok && len(o.TypeNames) > 0 {
			for _, n := range o.TypeNames {
				names = append(names, n)
			}
		} else {
			names = append(names, TypeName(p.Base))
		}
		return &List{Items: names}, true
	case "methods":
		return &List{}, true
	}
	return nil, false
}

// PropertyNames lists the view's properties.
func (p *PSObjectView) PropertyNames() []string {
	return []string{"BaseObject", "Members", "Properties", "TypeNames"}
}

func (p *PSObjectView) String() string { return ToString(p.Base) }

// properties describes each property of the value as a PSPropertyInfo:
// Name, Value, MemberType, TypeNameOfValue, IsSettable, IsGettable.
func (p *PSObjectView) properties() []any {
	var out []any
	add := func(name string, v any, kind string, settable bool) {
		o := NewObject("System.Management.Automation.PS"+kind, "System.Management.Automation.PSPropertyInfo", "System.Object")
		o.Set("Value", v)
		o.Set("MemberType", kind)
		o.Set("IsSettable", settable)
		o.Set("IsGettable", true)
		o.Set("TypeNameOfValue", TypeName(v))
		o.Set("Name", name)
		o.Set("IsInstance", true)
		out = append(out, o)
	}
	switch b := p.Base.(type) {
	case *Object:
		for _, pr := range b.Props() {
			add(pr.Name, pr.Value, "NoteProperty", true)
		}
	case *Hashtable:
		add("Count", b.Len(), "Property", false)
		add("Keys", b.Keys(), "Property", false)
		add("Values", b.Values(), "Property", false)
	case PropertyBag:
		for _, n := range b.PropertyNames() {
			v, _ := b.Property(n)
			add(n, v, "Property", false)
		}
	case string:
		add("Length", stringLength(b), "Property", false)
	}
	return out
}

// Copy is .psobject.Copy(): a shallow copy of an object, hashtable or
// collection; other values are copied by value already.
func (p *PSObjectView) Copy() any {
	switch b := p.Base.(type) {
	case *Object:
		return b.Copy()
	case *Hashtable:
		return b.Copy()
	case []any:
		return append([]any{}, b...)
	case *List:
		return &List{Items: append([]any{}, b.Items...), ArrayList: b.ArrayList}
	}
	return p.Base
}
