package core

import (
	"fmt"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// remoteTargets are the parameters that send Invoke-Command to another
// computer or session.
func remoteTargets() []string {
	return []string{"ComputerName", "Session", "ConnectionUri", "VMName", "ContainerId", "FilePath"}
}

// processCmdlets are Start-Process and Invoke-Command: running something
// else, which licsh does for script blocks only.
func processCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:     "Start-Process",
			Module:   modManagement,
			Aliases:  []string{"saps", "start"},
			Synopsis: "Starts one or more processes on the local computer.",
			Description: "Start-Process would start another program, or open a document or address with the program the desktop associates with it. " +
				"licsh starts no other programs: a script run offline on the tenant file must not run what it was written to run on an admin's computer. " +
				"It stops the statement with pwsh's error for a process that cannot start (InvalidOperationException), naming the program, and the script goes on: run a PowerShell script with & instead, and read a file with Get-Content, Import-Csv or Import-Excel.",
			Params: []*cmdlet.Param{
				{Name: "FilePath", Aliases: []string{"PSPath", "Path"}, Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The program, document or address to start."},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Strings, Position: 2, Help: "The program's arguments."},
				{Name: "WorkingDirectory", Type: cmdlet.String, Complete: cmdlet.CompletePath, Help: "The folder the program starts in."},
				{Name: "Wait", Type: cmdlet.Switch, Help: "Waits for the program to end."},
				{Name: "PassThru", Type: cmdlet.Switch, Help: "Outputs the process."},
				{Name: "NoNewWindow", Aliases: []string{"nnw"}, Type: cmdlet.Switch, Help: "Runs the program in the current console."},
				{Name: "WindowStyle", Type: cmdlet.String, ValidateSet: []string{"Normal", "Hidden", "Minimized", "Maximized"}, Help: "The program's window."},
				{Name: "Verb", Type: cmdlet.String, Help: "The verb to start a document with, such as RunAs."},
				{Name: "Credential", Aliases: []string{"RunAs"}, Type: cmdlet.Object, Help: "The account to run the program as."},
				{Name: "RedirectStandardOutput", Aliases: []string{"RSO"}, Type: cmdlet.String, Help: "A file for the program's output."},
				{Name: "RedirectStandardError", Aliases: []string{"RSE"}, Type: cmdlet.String, Help: "A file for the program's errors."},
				{Name: "RedirectStandardInput", Aliases: []string{"RSI"}, Type: cmdlet.String, Help: "A file for the program's input."},
				{Name: "UseNewEnvironment", Type: cmdlet.Switch, Help: "Starts the program with a new environment."},
			},
			Examples: []cmdlet.Example{
				{Code: "try { Start-Process notepad.exe -ArgumentList report.csv -Wait } catch { $_.Exception.Message }", Remarks: "Says why licsh does not open the file in Notepad."},
			},
			Process: func(c cmdlet.Call) error {
				file := c.String("FilePath")
				rec := interp.NewError(CommandID("InvalidOperationException", c.Cmdlet().Name), "InvalidOperation", nil, fmt.Sprintf(
					"This command cannot be run due to the error: licsh starts no other programs, so '%s' is not run. Run a PowerShell script with & '.\\script.ps1', and read a file with Get-Content, Import-Csv or Import-Excel.", file))
				rec.Exception.Type = "System.InvalidOperationException"
				return rec
			},
		},
		{
			Name:     "Invoke-Command",
			Module:   modCore,
			Aliases:  []string{"icm"},
			Synopsis: "Runs commands on local and remote computers.",
			Description: "Invoke-Command runs a script block here, as & does: in a scope of its own (the caller's with -NoNewScope), -ArgumentList bound to its parameters and $args, the pipeline's input (or -InputObject) in $input. " +
				"licsh does not do PowerShell remoting: with -ComputerName, -Session or -ConnectionUri it refuses, as New-PSSession does, and runs nothing.",
			Params: []*cmdlet.Param{
				{Name: "ScriptBlock", Aliases: []string{"Command"}, Type: cmdlet.ScriptBlock, Position: 1, Mandatory: true, Help: "The commands to run."},
				{Name: "ArgumentList", Aliases: []string{"Args"}, Type: cmdlet.Objects, Help: "Values for the script block's parameters, in order."},
				{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "Input for the script block, which reads it from $input."},
				{Name: "NoNewScope", Type: cmdlet.Switch, Help: "Runs the script block in the caller's scope, so what it defines stays."},
				{Name: "ComputerName", Aliases: []string{"Cn"}, Type: cmdlet.Strings, Help: "Computers to run on; licsh refuses remoting."},
				{Name: "Session", Type: cmdlet.Objects, Help: "Sessions to run in; licsh refuses remoting."},
				{Name: "ConnectionUri", Aliases: []string{"URI", "CU"}, Type: cmdlet.Strings, Help: "Endpoints to run on; licsh refuses remoting."},
				{Name: "VMName", Type: cmdlet.Strings, Help: "Virtual machines to run on; licsh refuses remoting."},
				{Name: "ContainerId", Type: cmdlet.Strings, Help: "Containers to run in; licsh refuses remoting."},
				{Name: "Credential", Type: cmdlet.Object, Help: "The account to connect with."},
				{Name: "Authentication", Type: cmdlet.String, Help: "The authentication mechanism."},
				{Name: "ConfigurationName", Type: cmdlet.String, Help: "The session configuration, such as Microsoft.Exchange."},
				{Name: "FilePath", Type: cmdlet.String, Help: "A script to run remotely; licsh refuses remoting."},
				{Name: "HideComputerName", Type: cmdlet.Switch, Help: "Leaves out PSComputerName."},
				{Name: "ThrottleLimit", Type: cmdlet.Int, Help: "How many computers at once."},
				{Name: "UseSSL", Type: cmdlet.Switch, Help: "Connects over HTTPS."},
				{Name: "Port", Type: cmdlet.Int, Help: "The port to connect to."},
			},
			Examples: []cmdlet.Example{
				{Code: "Invoke-Command -ScriptBlock { param($sku) Get-License | Where-Object SkuPartNumber -eq $sku } -ArgumentList SPE_E3", Remarks: "Runs a block here with an argument."},
				{Code: "try { Invoke-Command -ComputerName dc01 -ScriptBlock { Start-ADSyncSyncCycle -PolicyType Delta } -ErrorAction Stop } catch { $_.Exception.Message }", Remarks: "Says why licsh does not run it on another computer."},
			},
			Process: func(c cmdlet.Call) error {
				if c.HasInput() {
					st, _ := c.State().([]any)
					c.SetState(append(st, c.Get("InputObject")))
				}
				return nil
			},
			End: invokeCommand,
		},
	}
}

// invokeCommand runs the script block once, with the input gathered, or
// refuses remoting.
func invokeCommand(c cmdlet.Call) error {
	for _, p := range remoteTargets() {
		if c.Bound(p) {
			rec := interp.NewError(CommandID("RemotingNotSupported", c.Cmdlet().Name), "NotImplemented", nil,
				"licsh does not do PowerShell remoting: it works offline on the tenant file and cannot run commands on another computer or in another session. Without -"+p+", Invoke-Command runs the script block here.")
			rec.Exception.Type = "System.Management.Automation.Remoting.PSRemotingTransportException"
			return c.WriteError(rec)
		}
	}
	sb, ok := c.Get("ScriptBlock").(value.ScriptBlock)
	if !ok {
		return nil
	}
	input, _ := c.State().([]any)
	if input == nil && c.Bound("InputObject") {
		input = []any{c.Get("InputObject")}
	}
	args, _ := c.Get("ArgumentList").([]any)
	return interp.Inner(c).CallBlock(sb, c.Switch("NoNewScope"), input, args, c.Write)
}
