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

// clearRemoveCmdlets are Clear-Variable and Remove-Variable.
func clearRemoveCmdlets() []*cmdlet.Cmdlet {
	params := func(verb string) []*cmdlet.Param {
		return []*cmdlet.Param{
			{Name: "Name", Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Help: "The variables to " + verb + ", without the $; wildcards are allowed."},
			{Name: "Include", Type: cmdlet.Strings, Help: "Only the variables whose names match these patterns."},
			{Name: "Exclude", Type: cmdlet.Strings, Help: "Not the variables whose names match these patterns."},
			{Name: "Scope", Type: cmdlet.String, ValidateSet: scopeNames, Help: "The scope of the variables: Local, Script or Global; the nearest that has each when not given."},
			{Name: "Force", Type: cmdlet.Switch, Help: "Also " + verb + "s read-only variables."},
		}
	}
	return []*cmdlet.Cmdlet{
		{
			Name:                  "Clear-Variable",
			Module:                modUtility,
			Aliases:               []string{"clv"},
			Synopsis:              "Deletes the value of a variable.",
			Description:           "Clear-Variable sets the named variables to $null; the variables stay. A name without wildcards that names no variable is an error.",
			SupportsShouldProcess: true,
			Params: append(params("clear"),
				&cmdlet.Param{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the cleared variables."}),
			Examples: []cmdlet.Example{
				{Code: "$licensed = Get-User -Department Sales -Top 5\nClear-Variable licensed\n$null -eq $licensed", Remarks: "Empties a variable between runs of a loop."},
			},
			Process: func(c cmdlet.Call) error {
				return eachVariable(c, func(name string) error {
					if ok, err := c.ShouldProcess("Name: "+name, "Clear variable"); !ok || err != nil {
						return err
					}
					if err := c.SetVar(scoped(c, name), nil); err != nil {
						return c.WriteError(err)
					}
					if c.Switch("PassThru") {
						return c.Write(variableInfo(name, nil))
					}
					return nil
				})
			},
		},
		{
			Name:                  "Remove-Variable",
			Module:                modUtility,
			Aliases:               []string{"rv"},
			Synopsis:              "Deletes a variable and its value.",
			Description:           "Remove-Variable deletes the named variables from the scope -Scope names, or the nearest scope that has each; a variable of an outer scope is then seen again. A name without wildcards that names no variable is an error.",
			SupportsShouldProcess: true,
			Params:                params("remove"),
			Examples: []cmdlet.Example{
				{Code: "$report = Get-License\nRemove-Variable report\nTest-Path variable:report", Remarks: "Deletes a variable."},
				{Code: "$tmp1 = 1; $tmp2 = 2\nRemove-Variable tmp* -ErrorAction SilentlyContinue", Remarks: "Deletes the variables whose names start with tmp."},
			},
			Process: func(c cmdlet.Call) error {
				return eachVariable(c, func(name string) error {
					if ok, err := c.ShouldProcess("Name: "+name, "Remove variable"); !ok || err != nil {
						return err
					}
					if _, err := interp.Inner(c).RemoveVariable(scoped(c, name), c.Switch("Force")); err != nil {
						return c.WriteError(err)
					}
					return nil
				})
			},
		},
	}
}

// eachVariable calls fn with each variable -Name, -Include and -Exclude
// name: a name without wildcards as given, once it names a variable, or
// every matching variable the caller sees.
func eachVariable(c cmdlet.Call, fn func(name string) error) error {
	keep := func(n string) bool {
		return (c.Strings("Include") == nil || matchesAny(n, c.Strings("Include"))) && !(c.Strings("Exclude") != nil && matchesAny(n, c.Strings("Exclude")))
	}
	for _, name := range c.Strings("Name") {
		if !hasWildcard(name) {
			if _, ok := c.Var(scoped(c, name)); !ok {
				rec := interp.NewError(CommandID("VariableNotFound", c.Cmdlet().Name), "ObjectNotFound", name,
					fmt.Sprintf("Cannot find a variable with the name '%s'.", name))
				rec.Exception.Type = "System.Management.Automation.ItemNotFoundException"
				if err := c.WriteError(rec); err != nil {
					return err
				}
				continue
			}
			if keep(name) {
				if err := fn(name); err != nil {
					return err
				}
			}
			continue
		}
		var names []string
		for n := range interp.Inner(c).Variables() {
			if value.Like(n, name, false) && keep(n) {
				names = append(names, n)
			}
		}
		sort.Strings(names)
		for _, n := range names {
			if err := fn(n); err != nil {
				return err
			}
		}
	}
	return nil
}

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
