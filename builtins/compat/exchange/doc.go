// Package exchange is the ExchangeOnlineManagement module, as far as license
// work needs Exchange Online: Connect-ExchangeOnline, mailboxes (Get-Mailbox,
// Get-EXOMailbox, Set-Mailbox -Type Shared ...), their permissions,
// distribution groups and Microsoft 365 groups, with Exchange's object
// shapes and error texts. Whether a mailbox may be shared, and what becomes
// of it without a license, are the tenant's rules.
package exchange
