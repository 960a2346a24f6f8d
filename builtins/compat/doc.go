// Package compat is what licsh's versions of Microsoft's PowerShell modules
// (Microsoft Graph, MSOnline, AzureAD, Exchange Online; one package each
// below) share: the connection each module needs before its other cmdlets
// work, the dialect in which each renders the tenant's refusals, the objects
// of their .NET model types, and the errors of the Graph service they all
// talk to.
//
// It adds no cmdlets of its own and holds no licensing rule: those are the
// tenant's, reached through package m365's session.
package compat
