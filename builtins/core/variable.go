package core

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

var scopeNames = []string{"Local", "Script", "Global", "Private"}

func variableCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Get-Variable",
			Module:      modUtility,
			Aliases:     []string{"gv"},
			Synopsis:    "Gets the variables in the current console.",
			Description: "Get-Variable outputs the named variables as objects with Name and Value, or only their values with -ValueOnly.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The variables, without the $; wildcards are allowed. All variables when left out."},
				{Name: "ValueOnly", Type: cmdlet.Switch, Help: "Outputs only the values."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: scopeNames, Help: "The scope to look in: Local, Script or Global."},
			},
			Examples: []cmdlet.Example{{Code: "$users = Get-User -Department Sales -Top 5\nGet-Variable users -ValueOnly", Remarks: "Outputs the value of $users."}},
			Process: func(c cmdlet.Call) error {
				names := c.Strings("Name")
				if names == nil || slices.ContainsFunc(names, hasWildcard) {
					return listVariables(c, names)
				}
				for _, name := range names {
					v, ok := c.Var(scoped(c, name))
					if !ok {
						rec := interp.NewError(CommandID("VariableNotFound", c.Cmdlet().Name), "ObjectNotFound", name,
							fmt.Sprintf("Cannot find a variable with the name '%s'.", name))
						rec.Exception.Type = "System.Management.Automation.ItemNotFoundException"
						if err := c.WriteError(rec); err != nil {
							return err
						}
						continue
					}
					var out any = v
					if !c.Switch("ValueOnly") {
						out = variableInfo(name, v)
					}
					if err := c.Write(out); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:        "Set-Variable",
			Module:      modUtility,
			Aliases:     []string{"set"},
			Synopsis:    "Sets the value of a variable. Creates the variable if one with the requested name doesn't exist.",
			Description: "Set-Variable gives the named variables a value, in the current scope or the one named by -Scope.",
			Params: []*cmdlet.Param{
				{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The variables, without the $."},
				{Name: "Value", Type: cmdlet.Object, Position: 2, ValueFromPipeline: true, ValueFromPipelineByPropertyName: true, Help: "The value to give them."},
				{Name: "Scope", Type: cmdlet.String, ValidateSet: scopeNames, Help: "The scope to set them in: Local, Script or Global."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the variables."},
				{Name: "Option", Type: cmdlet.Strings, Help: "Accepted; variable options are not kept."},
				{Name: "Description", Type: cmdlet.String, Help: "Accepted; descriptions are not kept."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
			},
			Examples: []cmdlet.Example{{Code: "Set-Variable -Name limit -Value 100 -Scope Global", Remarks: "Sets $global:limit."}},
			Process: func(c cmdlet.Call) error {
				v := c.Get("Value")
				for _, name := range c.Strings("Name") {
					if err := c.SetVar(scoped(c, name), v); err != nil {
						return err
					}
					if c.Switch("PassThru") {
						if err := c.Write(variableInfo(name, v)); err != nil {
							return err
						}
					}
				}
				return nil
			},
		},
	}
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?[") }

// listVariables outputs the variables the caller sees whose names match
// the patterns (all of them without any), sorted by name as pwsh lists
// them.
func listVariables(c cmdlet.Call, patterns []string) error {
	vars := interp.Inner(c).Variables()
	names := make([]string, 0, len(vars))
	for n := range vars {
		if matchesAny(n, patterns) {
			names = append(names, n)
		}
	}
	sort.Slice(names, func(i, j int) bool { return strings.ToLower(names[i]) < strings.ToLower(names[j]) })
	for _, n := range names {
		var out any = vars[n]
		if !c.Switch("ValueOnly") {
			out = variableInfo(n, vars[n])
		}
		if err := c.Write(out); err != nil {
			return err
		}
	}
	return nil
}

// scoped qualifies a variable name with -Scope, as $global:name does.
func scoped(c cmdlet.Call, name string) string {
	scope := strings.ToLower(c.String("Scope"))
	if scope == "" || scope == "local" || scope == "private" {
		return name
	}
	return scope + ":" + name
}

func variableInfo(name string, v any) *value.Object {
	o := value.NewObject("System.Management.Automation.PSVariable", "System.Object")
	o.Set("Name", name)
	o.Set("Value", v)
	return o
}
