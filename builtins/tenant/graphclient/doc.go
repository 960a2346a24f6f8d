// Package graphclient is licsh's client of Microsoft Graph: it signs in to
// a tenant through Microsoft's MSAL for Go, as an application with a client
// secret or a certificate, or as a person with the device code flow, and
// makes Graph requests as Graph wants them made.
//
// Tokens are kept by MSAL, in memory and in a file per sign-in under the
// cache folder ($XDG_STATE_HOME/licsh), readable by its owner only, and are
// fetched again before they expire; a token the service refuses as expired
// is fetched again once and the request repeated. No token ever appears in
// an error or a value the package returns.
//
// Requests are JSON; lists follow @odata.nextLink; Batch sends up to 20
// requests in one $batch and Pipeline keeps a bounded number of batches in
// flight; 429 and 503 answers are retried after Retry-After, or after an
// exponential back-off with jitter, within a bounded number of tries. Graph's
// error bodies become *Error, which keeps Graph's code and message, and the
// identity platform's become *SignInError with the AADSTS code.
//
// NewDirectory makes the signed-in tenant a tenant.Directory: the
// operations the cmdlets call, done with Graph's requests and answering as
// a tenant file does, refusals included (tenant.FromGraph).
//
// Config.Login and Config.Graph point the client at another service that
// speaks Graph, such as licsh's own Start-GraphServer (builtins/tenant/graphapi),
// which is what the tests run against. The package knows nothing of
// PowerShell.
package graphclient
