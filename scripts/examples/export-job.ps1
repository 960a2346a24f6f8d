# Driven by the admin center's "Active users > Export users" CSV: the users
# whose sign-in is blocked give back all their direct licenses.
#   licsh -File export-job.ps1 -Export ./users.csv
param([Parameter(Mandatory)] [string] $Export)
$blocked = "$Export.blocked.csv"
Import-Csv $Export | Where-Object { $_.'Block credential' -eq 'True' } | Export-Csv $blocked
$s = Invoke-LicenseBatch -Path $blocked -RemoveAll -Quiet
"Blocked users: $($s.Rows); licenses removed from $($s.Changed)."
foreach ($product in $s.SeatsFreed.Keys) { "  $product seats freed: $($s.SeatsFreed[$product])" }
