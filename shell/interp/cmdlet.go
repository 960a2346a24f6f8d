package interp

import (
	"sort"
	"strings"
)

// Cmdlet is the one declaration of a command: its name, parameters, help and
// the code that runs it. Binding, tab completion, Get-Help, Get-Command
// -Syntax and the example tests are all driven by it. Script functions are
// turned into a Cmdlet too, so the binder serves both alike.
type Cmdlet struct {
	Name        string // Verb-Noun
	Aliases     []string
	Synopsis    string // one line, shown by Get-Command and Get-Help
	Description string
	Params      []*Param
	// DefaultParameterSet is the set chosen when the bound parameters fit
	// more than one.
	DefaultParameterSet string
	// SupportsShouldProcess adds -WhatIf and -Confirm.
	SupportsShouldProcess bool
	Examples              []Example
	Outputs               string // the type name of what it writes, for Get-Help
	// Source is "" for built-in cmdlets, the file for Go cmdlets and the
	// script for functions.
	Source string

	// Begin runs once before the first input object, Process once per input
	// object (or once when there is no pipeline input), End once after the
	// last. Any may be nil. An error returned from them is a terminating
	// error of the command; use Call.WriteError for non-terminating ones.
	Begin   func(c *Call) error
	Process func(c *Call) error
	End     func(c *Call) error

	// acceptsArgs is set for simple script functions, which collect the
	// arguments no parameter takes into $args instead of failing.
	acceptsArgs bool
}

// Param is one parameter of a Cmdlet.
type Param struct {
	Name    string
	Aliases []string
	// Type is a value type name as written in PowerShell brackets:
	// "string", "string[]", "int", "switch", "bool", "datetime",
	// "scriptblock", "hashtable", "object", "object[]". "" means object.
	Type string
	// Position is the 1-based position for positional binding; 0 means the
	// parameter can only be named.
	Position  int
	Mandatory bool
	// ValueFromPipeline binds each input object to the parameter;
	// ValueFromPipelineByPropertyName binds the input's property of the
	// parameter's name or one of its aliases.
	ValueFromPipeline               bool
	ValueFromPipelineByPropertyName bool
	// ValueFromRemainingArguments collects the positional arguments no
	// other parameter takes, as Write-Host -Object does.
	ValueFromRemainingArguments bool
	// Sets names the parameter sets the parameter belongs to; empty means
	// all of them.
	Sets []string
	// ValidateSet lists the accepted values (case-insensitive); completion
	// offers them.
	ValidateSet []string
	// Complete names the kind of value completion offers for it: "user",
	// "sku", "group", "path", "property" or "" for none beyond ValidateSet.
	Complete string
	Help     string
}

// Example is one Get-Help example; the example tests run Code.
type Example struct {
	Code    string
	Remarks string
}

// IsSwitch reports whether the parameter is a switch.
func (p *Param) IsSwitch() bool { return strings.EqualFold(p.Type, "switch") }

// inSet reports whether the parameter belongs to the named parameter set.
func (p *Param) inSet(set string) bool {
	if len(p.Sets) == 0 || set == "" {
		return true
	}
	for _, s := range p.Sets {
		if strings.EqualFold(s, set) {
			return true
		}
	}
	return false
}

// Param returns the parameter with that exact name (case-insensitive), or
// nil.
func (c *Cmdlet) Param(name string) *Param {
	for _, p := range c.Params {
		if strings.EqualFold(p.Name, name) {
			return p
		}
	}
	return nil
}

// ParameterSets returns the names of the cmdlet's parameter sets, in the
// order they first appear; a cmdlet without sets has one unnamed set.
func (c *Cmdlet) ParameterSets() []string {
	var sets []string
	seen := map[string]bool{}
	for _, p := range c.Params {
		for _, s := range p.Sets {
			if k := strings.ToLower(s); !seen[k] {
				seen[k] = true
				sets = append(sets, s)
			}
		}
	}
	return sets
}

// Registry holds the cmdlets a runner can call, found by name or alias,
// case-insensitively.
type Registry struct {
	byName  map[string]*Cmdlet
	aliases map[string]string // lower-case alias -> cmdlet name
	// loaders add more cmdlets when first needed; see AddLoader.
	loaders []func(*Registry)
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: map[string]*Cmdlet{}, aliases: map[string]string{}}
}

// Add registers a cmdlet and its aliases, replacing one of the same name.
func (r *Registry) Add(c *Cmdlet) {
	r.byName[strings.ToLower(c.Name)] = c
	for _, a := range c.Aliases {
		r.aliases[strings.ToLower(a)] = c.Name
	}
}

// AddLoader registers a function that adds more cmdlets to the registry.
// It runs once, the first time a name is not found or the whole list is
// asked for, so a session that only calls cmdlets already registered never
// pays for it (Go cmdlet files are found this way).
func (r *Registry) AddLoader(load func(*Registry)) {
	r.loaders = append(r.loaders, load)
}

// load runs the pending loaders; it reports whether there were any.
func (r *Registry) load() bool {
	ran := len(r.loaders) > 0
	for len(r.loaders) > 0 {
		next := r.loaders[0]
		r.loaders = r.loaders[1:]
		next(r)
	}
	return ran
}

// Lookup finds a cmdlet by name or alias.
func (r *Registry) Lookup(name string) *Cmdlet {
	key := strings.ToLower(name)
	if c, ok := r.byName[key]; ok {
		return c
	}
	if target, ok := r.aliases[key]; ok {
		return r.byName[strings.ToLower(target)]
	}
	if r.load() {
		return r.Lookup(name)
	}
	return nil
}

// Cmdlets returns every cmdlet, sorted by name.
func (r *Registry) Cmdlets() []*Cmdlet {
	r.load()
	out := make([]*Cmdlet, 0, len(r.byName))
	for _, c := range r.byName {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Aliases returns the alias table: lower-case alias to cmdlet name.
func (r *Registry) Aliases() map[string]string {
	r.load()
	return r.aliases
}
