package core

import (
	"fmt"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

func strictModeCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Set-StrictMode",
		Module:      modCore,
		Synopsis:    "Establishes and enforces coding rules in expressions, scripts, and script blocks.",
		Description: "Set-StrictMode turns strict mode on for the current scope and those below it: with -Version 1.0 or later reading a variable that was never set is an error; with 2.0 or later (and Latest) so is reading a property a PSCustomObject or a class object does not have. -Off turns it off.",
		Params: []*cmdlet.Param{
			{Name: "Version", Aliases: []string{"v"}, Type: cmdlet.String, Sets: []string{"Version"}, Mandatory: true, Help: "The version of the rules: 1.0, 2.0, 3.0 or Latest."},
			{Name: "Off", Type: cmdlet.Switch, Sets: []string{"Off"}, Mandatory: true, Help: "Turns strict mode off."},
		},
		Examples: []cmdlet.Example{
			{Code: "Set-StrictMode -Version Latest\ntry { $undefinedVariable } catch { 'not set' }", Remarks: "Reading a variable that was never set is an error."},
			{Code: "Set-StrictMode -Off", Remarks: "Turns strict mode off."},
		},
		Process: func(c cmdlet.Call) error {
			if c.Switch("Off") {
				interp.Inner(c).SetStrictMode(0)
				return nil
			}
			v := c.String("Version")
			level := 3
			if !strings.EqualFold(v, "latest") {
				ver, ok := value.ParseVersion(v)
				if !ok || ver.Major < 1 || ver.Major > 3 {
					rec := interp.NewError(CommandID("ParameterArgumentValidationError", c.Cmdlet().Name), "InvalidData", v,
						fmt.Sprintf("Cannot validate argument on parameter 'Version'. The \"%s\" argument does not contain a valid PowerShell version. Supply a valid version number and then try the command again.", v))
					rec.Exception.Type = "System.Management.Automation.ParameterBindingValidationException"
					return rec
				}
				level = ver.Major
			}
			interp.Inner(c).SetStrictMode(level)
			return nil
		},
	}}
}
