// Package builtins holds licsh's language cmdlets: the ones that need no
// tenant, such as Where-Object, Select-Object, Import-Csv, ConvertTo-Json,
// Get-Content, Get-Date, Get-Help and New-Object. Each cmdlet is one
// declaration (name, aliases, parameters, help, examples and its code) and
// Register adds them all to a registry in one place.
//
// The package gives PowerShell 7's answers: the same output shapes, the same
// file formats and the same error texts, because scripts match on them. It
// does not parse or evaluate PowerShell (that is shell/interp), does not
// decide how objects look on screen (that is shell/format) and knows nothing
// of licenses: the tenant cmdlets live in builtins/tenant.
package builtins
