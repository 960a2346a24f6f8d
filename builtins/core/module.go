package core

import (
	"slices"

	"licsh/shell/interp"
)

// The modules PowerShell ships these cmdlets in, which Get-Command shows as
// their Source.
const (
	modCore       = "Microsoft.PowerShell.Core"
	modUtility    = "Microsoft.PowerShell.Utility"
	modManagement = "Microsoft.PowerShell.Management"
	modHost       = "Microsoft.PowerShell.Host"
	modSecurity   = "Microsoft.PowerShell.Security"
)

// psVersion is the version pwsh 7 gives its own modules.
const psVersion = "7.0.0.0"

// Modules returns PowerShell's own modules as licsh has them, each with the
// cmdlets that name it in their declaration; Utility also has the views of
// their objects and the types New-Object makes.
func Modules() []*interp.Module {
	all := slices.Concat(objectCmdlets(), writeCmdlets(), formattingCmdlets(), csvCmdlets(), jsonCmdlets(),
		contentCmdlets(), dateCmdlets(), metaCmdlets(), variableCmdlets(), hostCmdlets(), newObjectCmdlets(),
		memberCmdlets(), testPathCmdlets(), strictModeCmdlets(), jobCmdlets(), transcriptCmdlets(), errorViewCmdlets(), moduleCmdlets(),
		childItemCmdlets(), itemCmdlets(), locationCmdlets(), pathCmdlets(), compareCmdlets(), textCmdlets(),
		randomCmdlets(), htmlCmdlets(), sessionCmdlets(), securityCmdlets(), clixmlCmdlets(),
		webCmdlets(), mailCmdlets(), cultureCmdlets())
	return interp.Grouped([]*interp.Module{
		{Name: modCore, Version: psVersion, Description: "The cmdlets that run commands, walk the pipeline and list commands and modules.",
			Views: append(moduleViews(), jobViews()...)},
		{Name: modUtility, Version: psVersion, Description: "Objects, text, files in CSV and JSON, dates, variables and output.",
			Views: views(), Types: types()},
		{Name: modManagement, Version: psVersion, Description: "Files, folders and the current location.", Views: itemViews()},
		{Name: modHost, Version: psVersion, Description: "Transcripts of the session."},
		{Name: modSecurity, Version: psVersion, Description: "Secure strings, credentials and the execution policy."},
	}, all)
}
