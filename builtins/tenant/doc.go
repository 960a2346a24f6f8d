// Package tenant is licsh's Microsoft 365 tenant, kept in one SQLite file:
// users, subscriptions and products, license assignments (direct and through
// groups), groups, admin roles, mailbox and OneDrive state, batches and the
// audit log.
//
// Every licensing rule of the product lives here, not in the cmdlets: who may
// assign, self-service subscriptions, inherited licenses, seats, usage
// location, the 30-day data grace period, soft delete and restore, and the
// audit row written in the same transaction as each change. Time comes from
// the tenant clock stored in the file, so every process sees the same "now"
// and time-based rules are evaluated lazily against it.
//
// Several processes may use one file at once: writes run in BEGIN IMMEDIATE
// transactions, retried while the database is busy. Errors that users see
// are *Error values whose Message is Microsoft's exact text.
//
// The package knows nothing of PowerShell: it returns Go values and leaves
// rendering, parameter binding and -WhatIf to the cmdlets.
package tenant
