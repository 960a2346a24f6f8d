// Package importexcel is the ImportExcel module's Import-Excel and
// Export-Excel, which admins install from the PowerShell Gallery to read
// and write workbooks without Excel; licsh has them built in, on excelize.
package importexcel
