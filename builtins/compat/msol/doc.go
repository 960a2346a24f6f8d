// Package msol is the retired MSOnline module's cmdlets (Connect-MsolService,
// Get-MsolUser, Set-MsolUserLicense ...), with MSOnline's object shapes and
// error texts, so that old admin scripts run unchanged against the local
// tenant.
package msol
