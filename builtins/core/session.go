package core

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// executionPolicies are the values Set-ExecutionPolicy accepts.
var executionPolicies = []string{"Unrestricted", "RemoteSigned", "AllSigned", "Restricted", "Default", "Bypass", "Undefined"}

// policyScopes are the scopes of an execution policy, in pwsh's order.
var policyScopes = []string{"MachinePolicy", "UserPolicy", "Process", "CurrentUser", "LocalMachine"}

// knownAssemblies are the .NET assemblies admin scripts load with
// Add-Type -AssemblyName, which licsh accepts without loading anything.
var knownAssemblies = []string{"System.Web", "System.Drawing", "System.Windows.Forms", "Microsoft.VisualBasic",
	"PresentationFramework", "PresentationCore", "WindowsBase", "System.Security", "System.Net.Http",
	"System.IO.Compression", "System.IO.Compression.FileSystem", "System.Xml", "System.Xml.Linq", "System.Core",
	"System.Data", "System.DirectoryServices", "System.DirectoryServices.AccountManagement", "System.Web.Extensions"}

func sessionCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Invoke-Expression",
			Module:      modUtility,
			Aliases:     []string{"iex"},
			Synopsis:    "Runs commands or expressions on the local computer.",
			Description: "Invoke-Expression runs a string as PowerShell in the caller's scope: what it outputs comes out, and the variables and functions it defines stay defined.",
			Params: []*cmdlet.Param{
				{Name: "Command", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The text to run."},
			},
			Examples: []cmdlet.Example{
				{Code: "Invoke-Expression 'Get-License'", Remarks: "Runs a command kept as text."},
				{Code: "$cmd = 'Get-User -Department Sales'\niex $cmd | Measure-Object", Remarks: "Runs a command built in a variable."},
			},
			Process: func(c cmdlet.Call) error {
				return interp.Inner(c).Eval(c.String("Command"), c.Write)
			},
		},
		{
			Name:        "Get-Host",
			Module:      modUtility,
			Synopsis:    "Gets an object that represents the current host program.",
			Description: "Get-Host outputs $Host: pwsh's console host, with its Name, Version and UI.",
			Examples: []cmdlet.Example{
				{Code: "(Get-Host).Version", Remarks: "The version of PowerShell licsh behaves as."},
			},
			Process: func(c cmdlet.Call) error {
				h, _ := c.Var("Host")
				return c.Write(h)
			},
		},
		{
			Name:        "Clear-Host",
			Module:      modCore,
			Aliases:     []string{"cls", "clear"},
			Synopsis:    "Clears the display in the host program.",
			Description: "Clear-Host clears the screen of the interactive shell. When the output goes to a file or a pipe it does nothing, so logs stay clean.",
			Examples: []cmdlet.Example{
				{Code: "Clear-Host", Remarks: "Clears the screen."},
			},
			Process: func(c cmdlet.Call) error {
				h := interp.Inner(c).Host()
				if h.Interactive && h.Stdout != nil {
					io.WriteString(h.Stdout, "\x1b[H\x1b[2J\x1b[3J")
				}
				return nil
			},
		},
		{
			Name:        "Out-GridView",
			Module:      modUtility,
			Aliases:     []string{"ogv"},
			Synopsis:    "Sends output to an interactive table in a separate window.",
			Description: "Out-GridView would show the objects in a window. licsh has no windows, so it reports that and suggests Format-Table or Export-Excel.",
			Params: []*cmdlet.Param{
				{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to show."},
				{Name: "Title", Type: cmdlet.String, Help: "The window title."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the rows the user selects."},
				{Name: "OutputMode", Type: cmdlet.String, ValidateSet: []string{"None", "Single", "Multiple"}, Help: "How many rows the user may select."},
				{Name: "Wait", Type: cmdlet.Switch, Help: "Waits for the window to close."},
			},
			Examples: []cmdlet.Example{
				{Code: "try { Get-License | Out-GridView -ErrorAction Stop } catch { Get-License | Format-Table }", Remarks: "Falls back to a table."},
			},
			End: func(c cmdlet.Call) error {
				rec := interp.NewError(CommandID("OutGridViewNotSupported", c.Cmdlet().Name), "NotImplemented", nil,
					"licsh has no windows to show a grid in. Show the objects with Format-Table, or write them to a workbook with Export-Excel and open it in Excel.")
				rec.Exception.Type = "System.NotSupportedException"
				return c.WriteError(rec)
			},
		},
		{
			Name:        "Get-ExecutionPolicy",
			Module:      modSecurity,
			Synopsis:    "Gets the execution policies for the current session.",
			Description: "Get-ExecutionPolicy says Unrestricted: licsh runs scripts without checking signatures. -List shows the policy of each scope.",
			Params: []*cmdlet.Param{
				{Name: "Scope", Type: cmdlet.String, Position: 1, ValidateSet: policyScopes, Help: "The scope to read."},
				{Name: "List", Type: cmdlet.Switch, Help: "Lists the policy of every scope."},
			},
			Examples: []cmdlet.Example{
				{Code: "Get-ExecutionPolicy", Remarks: "Unrestricted."},
			},
			Process: func(c cmdlet.Call) error {
				if !c.Switch("List") {
					if c.Bound("Scope") && !strings.EqualFold(c.String("Scope"), "LocalMachine") {
						return c.Write("Undefined")
					}
					return c.Write("Unrestricted")
				}
				for _, s := range policyScopes {
					o := value.NewObject("Microsoft.PowerShell.ExecutionPolicy", "System.Object")
					o.Set("Scope", s)
					policy := "Undefined"
					if s == "LocalMachine" {
						policy = "Unrestricted"
					}
					o.Set("ExecutionPolicy", policy)
					if err := c.Write(o); err != nil {
						return err
					}
				}
				return nil
			},
		},
		{
			Name:                  "Set-ExecutionPolicy",
			Module:                modSecurity,
			Synopsis:              "Sets the PowerShell execution policies.",
			Description:           "Set-ExecutionPolicy is accepted and changes nothing: licsh runs scripts without checking signatures, so every policy behaves as Unrestricted.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "ExecutionPolicy", Type: cmdlet.String, Position: 1, Mandatory: true, ValidateSet: executionPolicies, Help: "The policy."},
				{Name: "Scope", Type: cmdlet.String, Position: 2, ValidateSet: policyScopes, Help: "The scope it would apply to."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted."},
			},
			Examples: []cmdlet.Example{
				{Code: "Set-ExecutionPolicy RemoteSigned -Scope CurrentUser -Force", Remarks: "Accepted; scripts run as they are."},
			},
			Process: func(c cmdlet.Call) error {
				_, err := c.ShouldProcess(c.String("ExecutionPolicy"), "Set-ExecutionPolicy")
				return err
			},
		},
		{
			Name:        "Add-Type",
			Module:      modUtility,
			Synopsis:    "Adds a Microsoft .NET class to a PowerShell session.",
			Description: "Add-Type -AssemblyName accepts the assemblies admin scripts load (System.Web, System.Drawing, System.Windows.Forms, Microsoft.VisualBasic, PresentationFramework ...) and loads nothing. C# source (-TypeDefinition, -MemberDefinition, -Path) is refused: licsh cannot compile .NET code.",
			Params: []*cmdlet.Param{
				{Name: "AssemblyName", Aliases: []string{"AN"}, Type: cmdlet.Strings, Help: "The assemblies to load."},
				{Name: "TypeDefinition", Type: cmdlet.String, Position: 1, Help: "C# source of a type; refused."},
				{Name: "MemberDefinition", Type: cmdlet.Strings, Position: 2, Help: "C# members of a new type; refused."},
				{Name: "Name", Type: cmdlet.String, Help: "The name of the type -MemberDefinition makes."},
				{Name: "Namespace", Aliases: []string{"NS"}, Type: cmdlet.String, Help: "The namespace of that type."},
				{Name: "Path", Type: cmdlet.Strings, Complete: cmdlet.CompletePath, Help: "Source or assembly files; refused."},
				{Name: "Language", Type: cmdlet.String, Help: "The language of the source."},
				{Name: "ReferencedAssemblies", Aliases: []string{"RA"}, Type: cmdlet.Strings, Help: "Assemblies the source uses."},
				{Name: "UsingNamespace", Aliases: []string{"Using"}, Type: cmdlet.Strings, Help: "Namespaces the members use."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the types added."},
				{Name: "IgnoreWarnings", Type: cmdlet.Switch, Help: "Ignores compiler warnings."},
			},
			Examples: []cmdlet.Example{
				{Code: "Add-Type -AssemblyName System.Web", Remarks: "Accepted: nothing needs loading."},
			},
			Process: addType,
		},
		remotingCmdlet("New-PSSession", modCore, []string{"nsn"}, "Creates a persistent connection to a local or remote computer.",
			"licsh does not do PowerShell remoting: it works offline on the tenant file, so it cannot open a session to Exchange Online or another computer. Use the cmdlets of the Microsoft.Graph, MSOnline and AzureAD modules, which work on the tenant file, without a session."),
		remotingCmdlet("Import-PSSession", modUtility, []string{"ipsn"}, "Imports commands from another session into the current session.",
			"licsh does not do PowerShell remoting: it works offline on the tenant file, so there is no remote session to import commands from. The cmdlets of the Microsoft.Graph, MSOnline and AzureAD modules are there already."),
		remotingCmdlet("Remove-PSSession", modCore, []string{"rsn"}, "Closes one or more PowerShell sessions (PSSessions).",
			"licsh does not do PowerShell remoting: it works offline on the tenant file and has no remote session to close."),
		remotingCmdlet("Enter-PSSession", modCore, []string{"etsn"}, "Starts an interactive session with a remote computer.",
			"licsh does not do PowerShell remoting: it works offline on the tenant file and cannot enter a session on another computer."),
	}
}

func addType(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	for _, src := range []string{"TypeDefinition", "MemberDefinition", "Path"} {
		if c.Bound(src) {
			rec := interp.NewError(CommandID("CompilerNotAvailable", name), "NotImplemented", nil,
				fmt.Sprintf("licsh cannot compile .NET code, so the C# of -%s is not run. Write the helper as a PowerShell function, or as a Go cmdlet in your cmdlet folder.", src))
			rec.Exception.Type = "System.NotSupportedException"
			return rec
		}
	}
	for _, a := range c.Strings("AssemblyName") {
		short, _, _ := strings.Cut(a, ",")
		if !slices.ContainsFunc(knownAssemblies, func(k string) bool { return strings.EqualFold(k, strings.TrimSpace(short)) }) {
			rec := interp.NewError(CommandID("ASSEMBLY_NOT_FOUND", name), "ObjectNotFound", a,
				fmt.Sprintf("Cannot add type. The assembly '%s' could not be found.", a))
			rec.Exception.Type = "System.Exception"
			if err := c.WriteError(rec); err != nil {
				return err
			}
		}
	}
	return nil
}

// remotingCmdlet declares a remoting cmdlet that refuses with msg: the
// parameters scripts pass are accepted, so the refusal is what they see.
func remotingCmdlet(name, module string, aliases []string, synopsis, msg string) *cmdlet.Cmdlet {
	return &cmdlet.Cmdlet{
		Name:        name,
		Module:      module,
		Aliases:     aliases,
		Synopsis:    synopsis,
		Description: msg,
		Params: []*cmdlet.Param{
			{Name: "Session", Type: cmdlet.Objects, Position: 1, ValueFromPipeline: true, Help: "The session."},
			{Name: "ComputerName", Aliases: []string{"Cn"}, Type: cmdlet.Strings, Help: "The computers to connect to."},
			{Name: "ConnectionUri", Aliases: []string{"URI", "CU"}, Type: cmdlet.Strings, Help: "The endpoint to connect to."},
			{Name: "ConfigurationName", Type: cmdlet.String, Help: "The session configuration, such as Microsoft.Exchange."},
			{Name: "Credential", Type: cmdlet.Object, Help: "The account to connect with."},
			{Name: "Authentication", Type: cmdlet.String, Help: "The authentication mechanism."},
			{Name: "AllowRedirection", Type: cmdlet.Switch, Help: "Follows a redirection to another endpoint."},
			{Name: "SessionOption", Type: cmdlet.Object, Help: "Advanced options."},
			{Name: "Name", Type: cmdlet.Strings, Help: "Names of sessions."},
			{Name: "Id", Type: cmdlet.Ints, Help: "Ids of sessions."},
			{Name: "Prefix", Type: cmdlet.String, Help: "A prefix for imported command nouns."},
			{Name: "CommandName", Type: cmdlet.Strings, Help: "The commands to import."},
			{Name: "AllowClobber", Type: cmdlet.Switch, Help: "Imports commands that have the names of existing ones."},
			{Name: "DisableNameChecking", Type: cmdlet.Switch, Help: "Suppresses the warning about unapproved verbs."},
			{Name: "UseSSL", Type: cmdlet.Switch, Help: "Connects over HTTPS."},
			{Name: "Port", Type: cmdlet.Int, Help: "The port to connect to."},
		},
		Examples: []cmdlet.Example{
			{Code: "try { " + name + " -ErrorAction Stop } catch { $_.Exception.Message }", Remarks: "Shows why licsh refuses."},
		},
		Process: func(c cmdlet.Call) error {
			rec := interp.NewError(CommandID("RemotingNotSupported", c.Cmdlet().Name), "NotImplemented", nil, msg)
			rec.Exception.Type = "System.Management.Automation.Remoting.PSRemotingTransportException"
			return c.WriteError(rec)
		},
	}
}
