package value

import (
	"regexp"
	"strings"
)

// Object is a PSCustomObject: named properties in the order they were
// added, looked up case-insensitively. TypeNames, most specific first, lets
// the formatter pick a view (for example "licsh.User").
//
// An object made by a Shape finds its properties through the shape's
// index, which all the shape's objects share; any other object looks its
// few properties up one by one, and keeps an index of its own once it has
// many.
type Object struct {
	TypeNames []string
	props     []Prop
	shape     *Shape
	index     map[string]int // lower-case name -> position in props, when the object has its own
}

// Prop is one property of an Object.
type Prop struct {
	Name  string
	Value any
}

// Shape is the property names that objects of one kind have, in order, so
// that each need not index its own: the 100,000 users Get-User -All writes
// share one. Objects made by New and given their properties in the shape's
// order cost no lookup to build and no index of their own; an object that
// leaves the order, or adds a property the shape lacks, makes its own index
// and goes on as any object would. A shape never changes once made, so any
// number of objects and goroutines may share it.
type Shape struct {
	typeNames []string
	names     []string
	index     map[string]int // lower-case name -> position in names
}

// NewShape returns the shape of objects with the type names and the
// properties named, in that order; a name repeated in another case counts
// once.
func NewShape(typeNames []string, names ...string) *Shape {
	s := &Shape{typeNames: typeNames, index: make(map[string]int, len(names))}
	for _, n := range names {
		key := strings.ToLower(n)
		if _, dup := s.index[key]; dup {
			continue
		}
		s.index[key] = len(s.names)
		s.names = append(s.names, n)
	}
	return s
}

// New returns an empty object of the shape, ready for its properties.
func (s *Shape) New() *Object {
	return &Object{TypeNames: s.typeNames, props: make([]Prop, 0, len(s.names)), shape: s}
}

// smallObject is the number of properties an object without a shape
// finds by going through them, before it makes an index.
const smallObject = 8

// NewObject returns an empty object with the given type names.
func NewObject(typeNames ...string) *Object {
	return &Object{TypeNames: typeNames}
}

// find returns the position of a property.
func (o *Object) find(name string) (int, bool) {
	if o.index != nil || o.shape != nil {
		var buf [64]byte
		key := FoldName(buf[:0], name)
		i, ok := o.index[string(key)]
		if o.index == nil {
			i, ok = o.shape.index[string(key)]
		}
		return i, ok && i < len(o.props)
	}
	for i := range o.props {
		if strings.EqualFold(o.props[i].Name, name) {
			return i, true
		}
	}
	return 0, false
}

// Set adds the property, or replaces its value (keeping its place and the
// spelling it was first given) when it exists.
func (o *Object) Set(name string, v any) {
	if s := o.shape; s != nil && o.index == nil {
		if n := len(o.props); n < len(s.names) && s.names[n] == name {
			o.props = append(o.props, Prop{Name: name, Value: v})
			return
		}
	}
	if i, ok := o.find(name); ok {
		o.props[i].Value = v
		return
	}
	if o.shape != nil || len(o.props) >= smallObject {
		o.ownIndex()
	}
	if o.index != nil {
		o.index[strings.ToLower(name)] = len(o.props)
	}
	o.props = append(o.props, Prop{Name: name, Value: v})
}

// ownIndex gives the object an index of its own, made from its
// properties, once it has left its shape or has many.
func (o *Object) ownIndex() {
	if o.index != nil {
		return
	}
	o.index = make(map[string]int, len(o.props)+1)
	for i, p := range o.props {
		o.index[strings.ToLower(p.Name)] = i
	}
	o.shape = nil
}

// Get returns the property's value, found case-insensitively.
func (o *Object) Get(name string) (any, bool) {
	i, ok := o.find(name)
	if !ok {
		return nil, false
	}
	return o.props[i].Value, true
}

// Has reports whether the object has the property.
func (o *Object) Has(name string) bool {
	_, ok := o.find(name)
	return ok
}

// Props returns the properties in order. The slice must not be modified.
func (o *Object) Props() []Prop { return o.props }

// Names returns the property names in order.
func (o *Object) Names() []string {
	names := make([]string, len(o.props))
	for i, p := range o.props {
		names[i] = p.Name
	}
	return names
}

// Len returns the number of properties.
func (o *Object) Len() int { return len(o.props) }

// Copy returns a shallow copy, as Select-Object and Add-Member need; it
// shares the original's shape.
func (o *Object) Copy() *Object {
	c := &Object{
		TypeNames: append([]string(nil), o.TypeNames...),
		props:     append([]Prop(nil), o.props...),
		shape:     o.shape,
	}
	if o.index != nil {
		c.index = make(map[string]int, len(o.index))
		for k, v := range o.index {
			c.index[k] = v
		}
	}
	return c
}

// FoldName appends name in lower case to buf and returns it, so that a
// name can be looked up in a map of lower-case keys (m[string(key)])
// without making a new string; names are almost always ASCII.
func FoldName(buf []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		ch := name[i]
		if ch >= 0x80 {
			return append(buf[:0], strings.ToLower(name)...)
		}
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf = append(buf, ch)
	}
	return buf
}

// List is a System.Collections.Generic.List[object] (and ArrayList): a
// mutable collection that, unlike an array, is shared by reference and grows
// in place with .Add().
type List struct {
	Items []any
	// ArrayList marks a System.Collections.ArrayList, whose Add returns the
	// new item's index where List[object].Add returns nothing.
	ArrayList bool
	// Set is the type name of a HashSet: Add then keeps each value once and
	// returns whether it added it.
	Set string
	// Of is the element type of a List[T] other than List[object], to
	// which Add converts ("System.Int32").
	Of string
}

// Char is a [char]: a UTF-16 code unit, which indexing a string yields. It
// prints as its letter, compares with strings as a one-letter string and
// with numbers as its code.
type Char rune

// Typed is implemented by Go values that stand for .NET objects of other
// types (error records, exceptions): TypeNames lists their full .NET type
// names, most specific first, base types after. GetType(), error messages
// and -is honour it.
type Typed interface {
	TypeNames() []string
}

// Methods is implemented by Go values that stand for .NET objects with
// methods of their own, such as a PSCredential's GetNetworkCredential():
// Method answers a call by case-insensitive name, ok false when the value
// has no such method.
type Methods interface {
	Method(name string, args []any) (result any, ok bool, err error)
}

// Regex is a [regex] value: the pattern as written and its compiled form.
type Regex struct {
	Pattern string
	Re      *regexp.Regexp
}

// Type is a type literal used as a value, such as [int] in `$x -is [int]`
// or [math] in [math]::Round(2.5). Name is as written, without brackets.
type Type struct {
	Name string
}

// ScriptBlock is implemented by the interpreter's script blocks. The value
// package only needs their text, for conversion to string.
type ScriptBlock interface {
	ScriptText() string
}

// PropertyBag is implemented by Go values other than *Object that expose
// PowerShell properties (error records, exceptions), so member access,
// formatting and Select-Object treat them like objects.
type PropertyBag interface {
	Property(name string) (any, bool) // case-insensitive
	PropertyNames() []string
}

// Error is an error from a value operation, carrying PowerShell's
// FullyQualifiedErrorId and category so error records can show them.
type Error struct {
	ID       string // e.g. "InvalidCastFromStringToInteger", "RuntimeException"
	Category string // e.g. "InvalidArgument", "NotSpecified", "InvalidOperation"
	Message  string
	// Cause is the .NET exception type behind the error, such as
	// "System.DivideByZeroException", which catch [Type] also matches.
	Cause string
	// Exception is the PowerShell exception that carries the error when it
	// is not a RuntimeException, such as
	// "System.Management.Automation.MethodInvocationException" around an
	// exception thrown inside a .NET method.
	Exception string
	// Target is the object the error is about ($_.TargetObject).
	Target any
}

func (e *Error) Error() string { return e.Message }
