# Licenses to reclaim, kept in an Excel workbook with one worksheet per
# month and a RemoveLicenses column saying which products each user gives
# back:
#   licsh -File xlsx-job.ps1 -Workbook ./reclaim.xlsx -Month March
# Shows what would happen first, then does it and writes the outcome of
# every row next to the workbook.
param(
    [Parameter(Mandatory)] [string] $Workbook,
    [Parameter(Mandatory)] [string] $Month
)
$preview = Invoke-LicenseBatch -Path $Workbook -Sheet $Month -WhatIf -Quiet
"Would change $($preview.Changed) of $($preview.Rows) rows."
$done = Invoke-LicenseBatch -Path $Workbook -Sheet $Month -ResultPath ($Workbook -replace '\.xlsx$', "-$Month-result.xlsx") -Quiet
"Changed $($done.Changed), skipped $($done.Skipped), failed $($done.Failed) (batch $($done.BatchId))."
