// Package graph is Microsoft Graph PowerShell's cmdlets, in the modules
// Microsoft ships them in (Microsoft.Graph.Authentication, .Users,
// .Users.Actions, .Identity.DirectoryManagement, .Groups), with Graph's
// names, paging, object shapes and errors, so that scripts written for
// Microsoft 365 run unchanged against the local tenant.
package graph
