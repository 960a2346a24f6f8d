package cmdlet

import "strings"

// Type is the type of a parameter, written as PowerShell writes it inside
// brackets. Declarations use the constants below; script functions may
// give any type PowerShell knows.
type Type string

// The parameter types of declared cmdlets.
const (
	Object       Type = "object"
	Objects      Type = "object[]"
	PSObject     Type = "psobject"
	String       Type = "string"
	Strings      Type = "string[]"
	Int          Type = "int"
	Ints         Type = "int[]"
	Long         Type = "long"
	Longs        Type = "long[]"
	Double       Type = "double"
	Bool         Type = "bool"
	Switch       Type = "switch"
	DateTime     Type = "datetime"
	TimeSpan     Type = "timespan"
	Hashtable    Type = "hashtable"
	ScriptBlock  Type = "scriptblock"
	ScriptBlocks Type = "scriptblock[]"
)

// types are the constants, for Check.
var types = []Type{Object, Objects, PSObject, String, Strings, Int, Ints, Long, Longs,
	Double, Bool, Switch, DateTime, TimeSpan, Hashtable, ScriptBlock, ScriptBlocks}

// Is reports whether t is u, as PowerShell compares type names: without
// regard to case, "" being Object.
func (t Type) Is(u Type) bool {
	if t == "" {
		t = Object
	}
	if u == "" {
		u = Object
	}
	return strings.EqualFold(string(t), string(u))
}

// IsArray reports whether t is an array type such as string[].
func (t Type) IsArray() bool { return strings.HasSuffix(string(t), "[]") }

// Elem is the element type of an array type, or t itself.
func (t Type) Elem() Type { return Type(strings.TrimSuffix(string(t), "[]")) }

// Completion is the kind of value tab completion offers for a parameter.
// The session answers the kinds it knows: file paths and property names
// always, users, products and groups from the tenant.
type Completion string

// The completion kinds.
const (
	CompleteNone     Completion = ""
	CompletePath     Completion = "path"
	CompleteProperty Completion = "property"
	CompleteUser     Completion = "user"
	CompleteSku      Completion = "sku"
	CompleteGroup    Completion = "group"
)

var completions = []Completion{CompleteNone, CompletePath, CompleteProperty, CompleteUser, CompleteSku, CompleteGroup}
