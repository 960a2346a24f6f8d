// Package builtins holds every licsh cmdlet, one file per noun group: the
// language cmdlets (Where-Object, Select-Object, Import-Csv, ConvertTo-Json,
// Get-Content, Get-Date, Get-Help, New-Object, Import-Excel ...), the tenant
// cmdlets (Get-User, Get-License, Set-UserLicense, Get-AuditLog ...), the
// batch cmdlets and the Graph, MSOnline and AzureAD compatibility cmdlets.
// Each cmdlet is one declaration (name, aliases, parameters, help, examples
// and its code). Register adds the language cmdlets to a registry in one
// place; RegisterTenant adds those that work on a tenant session, which
// opens the tenant file on first use.
//
// The package gives PowerShell's answers: the same output shapes, the same
// file formats and the same error texts, because scripts match on them. It
// does not parse or evaluate PowerShell (that is shell/interp), does not
// decide how objects look on screen (that is shell/format), and leaves the
// licensing rules to builtins/tenant: a cmdlet binds its parameters, calls
// the tenant, and turns the result into objects and error records.
package builtins
