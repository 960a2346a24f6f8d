// Package graphserver is the licsh.GraphServer module: Start-GraphServer
// and Stop-GraphServer, which serve Microsoft Graph over the session's
// tenant file (package graphapi), and the cmdlets that register the
// applications signing in to it and approve users' device code sign-ins.
package graphserver
