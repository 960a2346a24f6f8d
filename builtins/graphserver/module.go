package graphserver

import (
	"net/http"
	"sync"

	"licsh/builtins/m365"
	"licsh/builtins/tenant/graphapi"
	"licsh/shell/format"
	"licsh/shell/interp"
)

// moduleName is the module Get-Command shows the cmdlets under.
const moduleName = "licsh.GraphServer"

// Type names of the objects the cmdlets write.
const (
	typeServer     = "licsh.GraphServer"
	typeApp        = "licsh.AppRegistration"
	typeCredential = "licsh.AppCredential"
	typeDeviceCode = "licsh.DeviceCodeApproval"
)

// module is the state of the module in one session: the servers started
// with -AsJob, which run until Stop-GraphServer or the end of the session.
type module struct {
	ts *m365.Session

	mu      sync.Mutex
	servers map[int]*graphapi.Server
	nextID  int
}

// Module is the licsh.GraphServer module, working on the tenant of ts.
// It answers the requests scripts send to Graph and to the identity
// platform's token endpoint themselves, with Invoke-RestMethod or
// Invoke-WebRequest, in process (graphapi.Transport), as Invoke-MgGraphRequest
// sends its own: no server needs to run for them.
func Module(ts *m365.Session) *interp.Module {
	m := &module{ts: ts, servers: map[int]*graphapi.Server{}}
	local := &graphapi.Transport{Store: ts.Store}
	transports := map[string]http.RoundTripper{}
	for _, host := range graphapi.Hosts() {
		transports[host] = local
	}
	return &interp.Module{Name: moduleName, Version: "1.0.0.0",
		Description: "Microsoft Graph over the tenant file: Start-GraphServer serves Graph's licensing API and the identity platform, the app registration cmdlets register the applications that sign in to it; what scripts send to Graph with Invoke-RestMethod is answered in process.",
		Transports:  transports,
		Cmdlets:     append(m.serverCmdlets(), m.appCmdlets()...),
		Views: []format.View{
			{TypeName: typeServer, Table: []string{"Id", "Url", "TenantId", "CertificatePath"}},
			{TypeName: typeApp, Table: []string{"DisplayName", "AppId", "Permissions"}},
			{TypeName: typeCredential, Table: []string{"Type", "KeyId", "EndDateTime"}},
			{TypeName: typeDeviceCode, Table: []string{"UserCode", "Account", "Application"}},
		}}
}
