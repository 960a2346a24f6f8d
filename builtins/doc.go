// Package builtins registers the modules licsh has built in, one package
// each, as Get-Command and Get-Module show them:
//
//	core         PowerShell's own cmdlets (Microsoft.PowerShell.Core, Utility, Management, Host)
//	importexcel  ImportExcel's Import-Excel and Export-Excel
//	m365         licsh's tenant cmdlets and the tenant session they share
//	batch        batches driven by user lists, with resume and undo
//	compat/...   Microsoft's Graph, MSOnline and AzureAD modules
//
// and, below them, package tenant: the SQLite tenant and its licensing
// rules, which knows nothing of PowerShell. A cmdlet binds its parameters,
// calls the tenant, and turns the result into objects and error records
// with PowerShell's shapes and texts, because scripts match on them.
//
// The package does not parse or evaluate PowerShell (that is shell/interp)
// and does not decide how objects look on screen (that is shell/format).
package builtins
