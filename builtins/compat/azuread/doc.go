// Package azuread is the retired AzureAD module's cmdlets (Connect-AzureAD,
// Get-AzureADUser, Set-AzureADUserLicense ...), with AzureAD's object
// shapes, the license objects scripts make with New-Object, and its error
// texts.
package azuread
