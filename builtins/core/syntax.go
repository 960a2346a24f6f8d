package core

import (
	"sort"
	"strings"

	"licsh/shell/cmdlet"
)

// syntaxLines returns the cmdlet's usage, one line per parameter set, as
// Get-Command -Syntax and Get-Help show them: positional parameters in
// position order, then mandatory named ones, then the rest in declaration
// order; [-WhatIf] [-Confirm] for cmdlets that support ShouldProcess; and
// [<CommonParameters>].
func syntaxLines(cmd *cmdlet.Cmdlet) []string {
	sets := cmd.ParameterSets()
	if len(sets) == 0 {
		return []string{syntaxLine(cmd, "")}
	}
	for i, s := range sets {
		if strings.EqualFold(s, cmd.DefaultParameterSet) && i > 0 {
			sets = append([]string{s}, append(sets[:i:i], sets[i+1:]...)...)
			break
		}
	}
	lines := make([]string, len(sets))
	for i, s := range sets {
		lines[i] = syntaxLine(cmd, s)
	}
	return lines
}

// setParams returns the parameters of one set ("" for all) in syntax
// order.
func setParams(cmd *cmdlet.Cmdlet, set string) []*cmdlet.Param {
	var positional, mandatory, rest []*cmdlet.Param
	for _, p := range cmd.Params {
		if !inSet(p, set) {
			continue
		}
		switch {
		case p.Position > 0:
			positional = append(positional, p)
		case p.Mandatory:
			mandatory = append(mandatory, p)
		default:
			rest = append(rest, p)
		}
	}
	sort.SliceStable(positional, func(i, j int) bool { return positional[i].Position < positional[j].Position })
	return append(append(positional, mandatory...), rest...)
}

func inSet(p *cmdlet.Param, set string) bool {
	if set == "" || len(p.Sets) == 0 {
		return true
	}
	for _, s := range p.Sets {
		if strings.EqualFold(s, set) {
			return true
		}
	}
	return false
}

func syntaxLine(cmd *cmdlet.Cmdlet, set string) string {
	parts := []string{cmd.Name}
	for _, p := range setParams(cmd, set) {
		parts = append(parts, paramSyntax(p))
	}
	if cmd.SupportsShouldProcess {
		parts = append(parts, "[-WhatIf]", "[-Confirm]")
	}
	parts = append(parts, "[<CommonParameters>]")
	return strings.Join(parts, " ")
}

// paramSyntax is one parameter as the syntax shows it: `[-Name] <type>`
// for a mandatory positional one, `[[-Name] <type>]` for an optional one,
// `-Name <type>` and `[-Name <type>]` for named ones, `[-Name]` for
// switches.
func paramSyntax(p *cmdlet.Param) string {
	name := "-" + p.Name
	if p.Position > 0 {
		name = "[" + name + "]"
	}
	text := name
	if !p.IsSwitch() {
		text += " " + typeSyntax(p)
	}
	if p.Mandatory {
		return text
	}
	return "[" + text + "]"
}

// typeSyntax is the parameter's type as PowerShell prints it: {a | b} for
// a ValidateSet, <Object> for object, the lower-case type name otherwise.
func typeSyntax(p *cmdlet.Param) string {
	if len(p.ValidateSet) > 0 {
		return "{" + strings.Join(p.ValidateSet, " | ") + "}"
	}
	return "<" + typeName(p) + ">"
}

func typeName(p *cmdlet.Param) string {
	t := strings.ToLower(string(p.Type))
	switch t {
	case "", "object":
		return "Object"
	case "object[]":
		return "Object[]"
	case "psobject":
		return "psobject"
	}
	return t
}
