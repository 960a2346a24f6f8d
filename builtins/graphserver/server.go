package graphserver

import (
	"context"
	"errors"
	"fmt"
	"syscall"
	"time"

	"licsh/builtins/m365"
	"licsh/builtins/tenant/graphapi"
	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// defaultPort is the port Start-GraphServer listens on when not told.
const defaultPort = 8443

func (m *module) serverCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:     "Start-GraphServer",
			Module:   moduleName,
			Synopsis: "Serves Microsoft Graph over the tenant file, for clients to rehearse against.",
			Description: "Start-GraphServer serves Microsoft Graph v1.0's licensing surface (users, assignLicense, licenseDetails, subscribedSkus, organization, groups, deleted items, directory roles, the directory audit log in Entra's activity names, $batch) and the identity platform's token endpoints over the session's tenant file, until Ctrl-C. " +
				"It prints the base URL, the tenant id and the certificate: HTTPS uses a self-signed certificate made once per tenant and kept beside the tenant file (<tenant>.graph.pem), which clients trust with SSL_CERT_FILE or NODE_EXTRA_CA_CERTS. " +
				"Applications sign in with a client secret or a certificate (New-AppRegistration), users with a device code that Approve-DeviceCode approves. Every change goes through the tenant's rules and audit log, as the application or the signed-in user. " +
				"With -AsJob it returns at once, with an object describing the server (Id, Url, TenantId, CertificatePath), and serves until Stop-GraphServer or the end of the session.",
			Params: []*cmdlet.Param{
				{Name: "Port", Type: cmdlet.Int, Help: "The port to listen on; 8443 when not given, 0 for any free port."},
				{Name: "Address", Type: cmdlet.String, Help: "The address to listen on; 127.0.0.1 when not given. Another address lets other machines in."},
				{Name: "Http", Type: cmdlet.Switch, Help: "Serves plain HTTP instead of HTTPS, on the loopback address only."},
				{Name: "Throttle", Type: cmdlet.Switch, Help: "Throttles as Graph does for identity and access: resource units per application by tenant size, 3,000 writes per 2 minutes 30 seconds per application, 18,000 per 5 minutes per tenant, answered with 429 and Retry-After."},
				{Name: "Latency", Type: cmdlet.TimeSpan, Help: "A delay added to every request, as a slow network would."},
				{Name: "AsJob", Type: cmdlet.Switch, Help: "Returns at once and serves in the background until Stop-GraphServer or the end of the session."},
			},
			Examples: []cmdlet.Example{
				{Code: "$server = Start-GraphServer -Port 0 -AsJob\n$server.Url\nStop-GraphServer -Id $server.Id", Remarks: "Serves Graph in the background on a free port, then stops it."},
				{Code: "$app = New-AppRegistration -DisplayName 'Rehearsal' -Permission User.Read.All\n$server = Start-GraphServer -Port 0 -Http -AsJob\n$token = Invoke-RestMethod -Method Post -Uri \"$($server.Url)/$($server.TenantId)/oauth2/v2.0/token\" -Body @{ grant_type = 'client_credentials'; client_id = $app.AppId; client_secret = $app.ClientSecret; scope = 'https://graph.microsoft.com/.default' }\n(Invoke-RestMethod -Uri \"$($server.Url)/v1.0/users?`$top=5\" -Headers @{ Authorization = \"Bearer $($token.access_token)\" }).value.userPrincipalName\nStop-GraphServer", Remarks: "Signs an application in and lists five users, as a Graph client does."},
			},
			Process: m.start,
		},
		{
			Name:        "Stop-GraphServer",
			Module:      moduleName,
			Synopsis:    "Stops a Graph server started with Start-GraphServer -AsJob.",
			Description: "Stop-GraphServer stops the Graph server with the given Id, or every one the session started, letting the requests it is answering finish.",
			Params: []*cmdlet.Param{
				{Name: "Id", Type: cmdlet.Int, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The Id of the server, as Start-GraphServer -AsJob gives it; every server when not given."},
			},
			Examples: []cmdlet.Example{
				{Code: "Start-GraphServer -Port 0 -AsJob | Out-Null\nStop-GraphServer", Remarks: "Stops the session's servers."},
			},
			Process: m.stop,
		},
	}
}

// serverObject describes a running server.
func serverObject(id int, s *graphapi.Server) *value.Object {
	o := value.NewObject(typeServer)
	o.Set("Id", id)
	o.Set("Url", s.URL)
	o.Set("TenantId", s.TenantID)
	o.Set("CertificatePath", s.CertificatePath)
	o.Set("TokenEndpoint", s.URL+"/"+s.TenantID+"/oauth2/v2.0/token")
	o.Set("GraphUrl", s.URL+"/v1.0")
	return o
}

func (m *module) start(c cmdlet.Call) error {
	st, err := m.ts.File(c)
	if err != nil {
		return err
	}
	port := defaultPort
	if c.Bound("Port") {
		port = c.Int("Port")
	}
	cfg := graphapi.Config{Address: c.String("Address"), Port: port, HTTP: c.Switch("Http")}
	if c.Switch("Throttle") {
		l := graphapi.GraphLimits()
		cfg.Limits = &l
	}
	if d, ok := c.Get("Latency").(time.Duration); ok {
		if d < 0 {
			return c.WriteError(interp.NewError("InvalidLatency,Start-GraphServer", "InvalidArgument", d,
				"Cannot validate argument on parameter 'Latency'. The latency cannot be negative."))
		}
		cfg.Latency = d
	}
	srv, err := graphapi.Start(st, cfg)
	if err != nil {
		if errors.Is(err, syscall.EADDRINUSE) {
			err = fmt.Errorf("The port %d is in use: give another with -Port, or -Port 0 for any free port.", port)
		}
		return m365.Fail(c, err, port)
	}
	if c.Switch("AsJob") {
		m.mu.Lock()
		m.nextID++
		id := m.nextID
		m.servers[id] = srv
		m.mu.Unlock()
		return c.Write(serverObject(id, srv))
	}
	c.WriteHost(fmt.Sprintf("Microsoft Graph at %s/v1.0 for tenant %s", srv.URL, srv.TenantID))
	c.WriteHost(fmt.Sprintf("Token endpoint: %s/%s/oauth2/v2.0/token", srv.URL, srv.TenantID))
	if srv.CertificatePath != "" {
		c.WriteHost("Certificate: " + srv.CertificatePath + " (trust it with SSL_CERT_FILE or NODE_EXTRA_CA_CERTS)")
	}
	c.WriteHost("Press Ctrl-C to stop.")
	select {
	case <-c.Context().Done():
	case <-srv.Done():
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return m365.Fail(c, err, srv.URL)
	}
	c.WriteHost("Graph server stopped.")
	return nil
}

func (m *module) stop(c cmdlet.Call) error {
	m.mu.Lock()
	stop := m.servers
	if c.Bound("Id") {
		stop = map[int]*graphapi.Server{}
		if s, ok := m.servers[c.Int("Id")]; ok {
			stop[c.Int("Id")] = s
			delete(m.servers, c.Int("Id"))
		}
	} else {
		m.servers = map[int]*graphapi.Server{}
	}
	m.mu.Unlock()
	if c.Bound("Id") && len(stop) == 0 {
		return c.WriteError(interp.NewError("NoGraphServer,Stop-GraphServer", "ObjectNotFound", c.Int("Id"),
			fmt.Sprintf("No Graph server with Id %d is running in this session.", c.Int("Id"))))
	}
	ctx, cancel := context.WithTimeout(c.Context(), 10*time.Second)
	defer cancel()
	for _, s := range stop {
		if err := s.Shutdown(ctx); err != nil {
			return m365.Fail(c, err, s.URL)
		}
	}
	return nil
}
