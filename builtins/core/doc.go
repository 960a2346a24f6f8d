// Package core is PowerShell's own cmdlets as licsh has them, in the
// modules pwsh ships them in: Microsoft.PowerShell.Core (Where-Object,
// ForEach-Object, Get-Command, Get-Help ...), Microsoft.PowerShell.Utility
// (Select-Object, Sort-Object, Import-Csv, ConvertTo-Json, Get-Date,
// Write-*, Format-*, Compare-Object, Select-String, Invoke-RestMethod,
// Send-MailMessage, Export-Clixml ...), Microsoft.PowerShell.Management
// (Get-ChildItem, New-Item, Set-Location, Join-Path, Get-Content ...),
// Microsoft.PowerShell.Security (secure strings, credentials, the
// execution policy) and Microsoft.PowerShell.Host (transcripts).
//
// The cmdlets give pwsh's answers: the same output shapes, file formats and
// error texts, which the conformance cases in testdata compare with what
// pwsh 7 prints. The package knows nothing of tenants or licenses.
package core
