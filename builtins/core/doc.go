// Package core is PowerShell's own cmdlets as licsh has them, in the
// modules pwsh ships them in: Microsoft.PowerShell.Core (Where-Object,
// ForEach-Object, Get-Command, Get-Help ...), Microsoft.PowerShell.Utility
// (Select-Object, Sort-Object, Import-Csv, ConvertTo-Json, Get-Date,
// Write-*, Format-* ...), Microsoft.PowerShell.Management (Get-Content,
// Test-Path ...) and Microsoft.PowerShell.Host (transcripts).
//
// The cmdlets give pwsh's answers: the same output shapes, file formats and
// error texts, which the conformance cases in testdata compare with what
// pwsh 7 prints. The package knows nothing of tenants or licenses.
package core
