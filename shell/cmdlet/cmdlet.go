package cmdlet

import "strings"

// Cmdlet is the one declaration of a command: its name, parameters, help and
// the code that runs it. Script functions are turned into a Cmdlet too, so
// the binder serves both alike.
type Cmdlet struct {
	Name string // Verb-Noun
	// Module is the module Get-Command shows as the command's Source and
	// Get-Module lists it under ("Microsoft.PowerShell.Utility",
	// "Microsoft.Graph.Users"). A Go cmdlet may leave it empty: its file
	// is shown instead.
	Module      string
	Aliases     []string
	Synopsis    string // one line, shown by Get-Command and Get-Help
	Description string
	Params      []*Param
	// DefaultParameterSet is the set chosen when the bound parameters fit
	// more than one.
	DefaultParameterSet string
	// SupportsShouldProcess adds -WhatIf and -Confirm.
	SupportsShouldProcess bool
	// ConfirmImpact is how much harm a change of the cmdlet can do: "None",
	// "Low", "Medium" (the default when empty) or "High". ShouldProcess
	// asks the user first when it is at least $ConfirmPreference (High by
	// default), as PowerShell does.
	ConfirmImpact string
	// AcceptsArgs collects the arguments no parameter takes into $args
	// (Call.Args) instead of failing, as a simple script function does;
	// the common parameters are then not accepted.
	AcceptsArgs bool
	Examples    []Example
	Outputs     string // the type name of what it writes, for Get-Help
	// Source is "" for built-in cmdlets, the file for Go cmdlets and the
	// script for functions.
	Source string

	// Begin runs once before the first input object, Process once per input
	// object (or once when there is no pipeline input), End once after the
	// last. Any may be nil. An error returned from them is a terminating
	// error of the command; use Call.WriteError for non-terminating ones.
	Begin   func(c Call) error
	Process func(c Call) error
	End     func(c Call) error
}

// Param is one parameter of a Cmdlet.
type Param struct {
	Name    string
	Aliases []string
	// Type is what the binder converts the argument to; "" means Object.
	Type Type
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
	// Complete is the kind of value tab completion offers for it, beyond
	// ValidateSet.
	Complete Completion
	Help     string
	// Validate, when set, checks the value after its conversion to Type.
	// Its error's text is the reason the binder gives: "Cannot validate
	// argument on parameter 'Name'. reason".
	Validate func(v any) error
}

// Example is one Get-Help example; the example tests run Code.
type Example struct {
	Code    string
	Remarks string
}

// IsSwitch reports whether the parameter is a switch.
func (p *Param) IsSwitch() bool { return p.Type.Is(Switch) }

// InSet reports whether the parameter belongs to the named parameter set
// ("" stands for any set).
func (p *Param) InSet(set string) bool {
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
// order they first appear; a cmdlet without sets has none.
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
