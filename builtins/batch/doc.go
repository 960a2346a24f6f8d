// Package batch is licsh's batch module: Invoke-LicenseBatch removes or
// adds licenses for the users of a CSV, XLSX or text list, with a dry run,
// a per-row result file, resume and undo (Get-LicenseBatch,
// Undo-LicenseBatch); Import-User reads the admin center's "Export users"
// file. It reads the lists and reports progress; applying the rows, and
// keeping each user fully changed or untouched, is package tenant's.
package batch
