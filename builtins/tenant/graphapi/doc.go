// Package graphapi serves Microsoft Graph v1.0's licensing surface and the
// identity platform's token endpoints over a tenant file, so that any Graph
// client (Python and Node scripts, the CLI for Microsoft 365, HTTP actions,
// licsh's own Graph backend) can rehearse against the local tenant.
//
// New returns the API as an http.Handler; Start listens on an address (HTTPS
// with a certificate made once per tenant, or plain HTTP on loopback) and
// reports its URL, the tenant id and where the certificate is.
//
// The identity platform part registers nothing itself: applications, their
// secrets and certificates, and device code sign-ins are tenant data
// (tenant.Store.NewAppRegistration ...). It issues RS256 JWTs with Graph's
// claims, signed by the server's key and published at the JWKS endpoint,
// and checks one on every Graph request: 401 with WWW-Authenticate when it
// is missing, expired or forged, 403 Authorization_RequestDenied when the
// application's permissions do not allow the call. Every change goes
// through the tenant's rules, as the user a delegated token signed in or
// as the application (tenant.WithActor), so that the rules, per-user
// atomicity and the audit log are the tenant's; the user's admin roles
// decide what a delegated call may change. auditLogs/directoryAudits is the
// tenant's audit log as Entra keeps it: the rows of the operations Entra
// has an activity for, in its names (tenant.EntraActivities).
//
// Responses keep Graph's JSON shapes, property casing, @odata.context,
// paging (@odata.nextLink with $skiptoken), status codes and error bodies;
// $batch runs up to 20 requests with dependsOn; Limits answers Graph's
// identity and access throttling with 429 and Retry-After. The package
// knows nothing of PowerShell.
package graphapi
