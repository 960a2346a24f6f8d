package interp

import (
	"os"
	"strings"

	"licsh/shell/cmdlet"

	"licsh/shell/value"
)

// variable is one PowerShell variable. A type constraint ([int]$x = 5)
// converts every later assignment.
type variable struct {
	name     string
	value    any
	typeName string
	readOnly bool
	// empty marks a variable assigned the output of a command that output
	// nothing: PowerShell's AutomationNull, which is $null but enumerates
	// as no items, so @($v).Count is 0 and $a += $v adds nothing.
	empty bool
}

// scope is one level of PowerShell's dynamic scoping: the global scope, the
// script scope, and one per function or script block call. Reading walks up
// to the parent; writing without a scope modifier writes here.
type scope struct {
	parent    *scope
	vars      map[string]*variable
	functions map[string]*cmdlet.Cmdlet
	// under is the scope's $_ (which $PSItem names too) and args its
	// $args: every pipeline item and every call sets them, so they are
	// kept out of the map, where setting and restoring them per item
	// would cost a map update each.
	under, args *variable
	// script is the nearest script scope ($script:), global the root.
	script *scope
	global *scope
	// funcName names the function whose call made this scope.
	funcName string
	// module is set on the top scope of a script module.
	module *Module
	// method is set on the scope of a class method: return ends it with
	// its value rather than writing the value out.
	method bool
	// types is the session's script types; set on the global scope.
	types *typeTable
	// strict is the strict mode Set-StrictMode set in this scope: 0 when
	// it set none here, -1 for -Off, else the version (1 to 3).
	strict int
}

// strictMode is the strict mode in force in the scope: the nearest one set,
// 0 when off.
func (s *scope) strictMode() int {
	for sc := s; sc != nil; sc = sc.parent {
		if sc.strict != 0 {
			return max(sc.strict, 0)
		}
	}
	return 0
}

// convert casts a value for a typed variable, script types included.
func (s *scope) convert(v any, typeName string) (any, error) {
	return s.global.types.convert(v, typeName)
}

func newScope(parent *scope) *scope {
	s := &scope{parent: parent, vars: map[string]*variable{}}
	if parent == nil {
		s.global, s.script = s, s
	} else {
		s.global, s.script = parent.global, parent.script
	}
	return s
}

// own returns the scope's own variable of a lower-case name, nil when the
// scope has none.
func (s *scope) own(key string) *variable {
	switch key {
	case "_", "psitem":
		return s.under
	case "args":
		return s.args
	}
	return s.vars[key]
}

// put makes v the scope's own variable of a lower-case name; nil removes
// the variable.
func (s *scope) put(key string, v *variable) {
	switch key {
	case "_", "psitem":
		s.under = v
	case "args":
		s.args = v
	default:
		if v == nil {
			delete(s.vars, key)
			return
		}
		s.vars[key] = v
	}
}

// each calls fn with every variable of the scope itself, by lower-case
// name; $_ is listed as both _ and PSItem.
func (s *scope) each(fn func(key string, v *variable)) {
	for key, v := range s.vars {
		fn(key, v)
	}
	if s.under != nil {
		fn("_", &variable{name: "_", value: s.under.value})
		fn("psitem", &variable{name: "PSItem", value: s.under.value})
	}
	if s.args != nil {
		fn("args", s.args)
	}
}

// lookup finds a variable by name, which may carry a scope modifier
// ($script:x, $global:x).
func (s *scope) lookup(name string) *variable {
	mod, bare := splitScope(name)
	start := s
	switch mod {
	case "global":
		start = s.global
	case "script":
		start = s.script
	case "local", "private":
		return s.own(strings.ToLower(bare))
	}
	key := strings.ToLower(bare)
	for sc := start; sc != nil; sc = sc.parent {
		if v := sc.own(key); v != nil {
			return v
		}
	}
	return nil
}

// get returns a variable's value; $env: reads the environment.
func (s *scope) get(name string) (any, bool) {
	if mod, bare := splitScope(name); mod == "env" {
		return envVar(bare)
	}
	if v := s.lookup(name); v != nil {
		return v.value, true
	}
	return nil, false
}

// set assigns a variable: in the scope its modifier names, or here,
// converting to the variable's type constraint when it has one.
func (s *scope) set(name string, val any) error {
	mod, bare := splitScope(name)
	target := s
	switch mod {
	case "env":
		if val == nil {
			return os.Unsetenv(bare)
		}
		return os.Setenv(bare, value.ToString(val))
	case "global":
		target = s.global
	case "script":
		target = s.script
	}
	key := strings.ToLower(bare)
	v := target.own(key)
	if v == nil && mod == "" {
		// An existing variable of an outer scope that carries a type
		// constraint is copied in with it, as PowerShell does.
		if outer := s.lookup(bare); outer != nil && outer.typeName != "" {
			v = &variable{name: outer.name, typeName: outer.typeName}
			target.put(key, v)
		}
	}
	if v == nil {
		target.put(key, &variable{name: bare, value: val})
		return nil
	}
	if v.readOnly {
		return NewError("VariableNotWritable", "WriteError", bare,
			"Cannot overwrite variable "+bare+" because it is read-only or constant.")
	}
	if v.typeName != "" {
		conv, err := s.convert(val, v.typeName)
		if err != nil {
			return err
		}
		val = conv
	}
	v.value, v.empty = val, false
	return nil
}

// setTyped declares a variable with a type constraint, as [int]$x = 5 does.
func (s *scope) setTyped(name, typeName string, val any) error {
	conv, err := s.convert(val, typeName)
	if err != nil {
		return err
	}
	mod, bare := splitScope(name)
	target := s
	switch mod {
	case "global":
		target = s.global
	case "script":
		target = s.script
	}
	target.put(strings.ToLower(bare), &variable{name: bare, value: conv, typeName: typeName})
	return nil
}

// setLocal sets a variable in this scope only, for automatic variables
// such as $_ and $args.
func (s *scope) setLocal(name string, val any) {
	key := strings.ToLower(name)
	if v := s.own(key); v != nil {
		v.value = val
		return
	}
	s.put(key, &variable{name: name, value: val})
}

// function finds a script function visible from this scope.
func (s *scope) function(name string) *cmdlet.Cmdlet {
	key := strings.ToLower(name)
	for sc := s; sc != nil; sc = sc.parent {
		if f, ok := sc.functions[key]; ok {
			return f
		}
	}
	return nil
}

// defineFunction makes a function visible in this scope and below.
func (s *scope) defineFunction(f *cmdlet.Cmdlet) {
	if s.functions == nil {
		s.functions = map[string]*cmdlet.Cmdlet{}
	}
	s.functions[strings.ToLower(f.Name)] = f
}

// splitScope splits "script:x" into ("script", "x"); a name without a known
// modifier has none.
func splitScope(name string) (string, string) {
	i := strings.IndexByte(name, ':')
	if i < 0 {
		return "", name
	}
	mod := strings.ToLower(name[:i])
	switch mod {
	case "global", "script", "local", "private", "env", "variable", "using":
		if mod == "variable" || mod == "using" {
			return "", name[i+1:]
		}
		return mod, name[i+1:]
	}
	return "", name
}

// envVar reads an environment variable. The folders Windows defines for
// every user ($env:TEMP, $env:TMP, $env:USERPROFILE), which admin scripts
// build paths from, have this system's values when unset.
func envVar(name string) (any, bool) {
	if v, ok := os.LookupEnv(name); ok {
		return v, true
	}
	switch strings.ToUpper(name) {
	case "TEMP", "TMP":
		return os.TempDir(), true
	case "USERPROFILE":
		if home, err := os.UserHomeDir(); err == nil {
			return home, true
		}
	}
	return nil, false
}

// SetStrictMode sets the strict mode of the caller's scope, as
// Set-StrictMode does: 0 turns it off, 1 to 3 are the versions.
func (c *Call) SetStrictMode(version int) {
	if version == 0 {
		version = -1
	}
	c.scope.strict = version
}
