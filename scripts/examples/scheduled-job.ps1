# A nightly job for a scheduler (cron, Task Scheduler):
#   licsh -NonInteractive -File scheduled-job.ps1 -List /data/leavers.csv -ResultFolder /data/results
# Removes every directly assigned license from the users in the list, keeps
# a dated result file, and exits 2 when any row failed so the scheduler
# raises an alert. Progress lines go to stderr, the summary to stdout.
param(
    [Parameter(Mandatory)] [string] $List,
    [string] $ResultFolder = '.'
)
$stamp = Get-Date -Format 'yyyy-MM-dd'
$result = "$ResultFolder/leavers-$stamp.csv"
# The batch is the last statement: -FailOnError ends the script with exit
# code 2 once the summary is written.
Invoke-LicenseBatch -Path $List -RemoveAll -ResultPath $result -FailOnError
