// Package m365 is licsh's own module: the tenant cmdlets (users, licenses
// and subscriptions, groups, admin roles, users' data, the audit log, the
// tenant clock) and Session, the tenant file a licsh session works on,
// which the batch and compatibility modules share.
//
// A cmdlet binds its parameters, asks package tenant, and turns the answer
// into objects, or a refusal into an error record with the tenant's exact
// text; the licensing rules themselves are all in package tenant.
package m365
