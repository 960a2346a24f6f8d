package graphclient

import (
	"fmt"
	"net/url"
	"strings"
)

// Environment is a cloud of Microsoft's: where its identity platform and
// its Graph service are, as Get-MgEnvironment lists them.
type Environment struct {
	Name  string
	Login string // the identity platform: https://login.microsoftonline.com
	Graph string // Graph, without the version: https://graph.microsoft.com
}

// Environments are Microsoft's national clouds, Global first.
func Environments() []Environment {
	return []Environment{
		{Name: "Global", Login: "https://login.microsoftonline.com", Graph: "https://graph.microsoft.com"},
		{Name: "China", Login: "https://login.chinacloudapi.cn", Graph: "https://microsoftgraph.chinacloudapi.cn"},
		{Name: "USGov", Login: "https://login.microsoftonline.us", Graph: "https://graph.microsoft.us"},
		{Name: "USGovDoD", Login: "https://login.microsoftonline.us", Graph: "https://dod-graph.microsoft.us"},
	}
}

// FindEnvironment is the cloud of that name, case-insensitively.
func FindEnvironment(name string) (Environment, bool) {
	for _, e := range Environments() {
		if strings.EqualFold(e.Name, name) {
			return e, true
		}
	}
	return Environment{}, false
}

// Endpoints works out where to sign in and where Graph is: the cloud's,
// unless graph or login (LICSH_GRAPH_ENDPOINT, LICSH_LOGIN_ENDPOINT) name
// another service. A service that serves both at one address, as
// Start-GraphServer does, needs only graph. The URLs are checked and
// returned without a trailing slash, Graph's without /v1.0.
func Endpoints(env Environment, graph, login string) (Environment, error) {
	if graph != "" {
		u, err := BaseURL("LICSH_GRAPH_ENDPOINT", graph)
		if err != nil {
			return env, err
		}
		env.Graph = strings.TrimSuffix(u, "/v1.0")
		env.Name = "Custom"
		if login == "" {
			env.Login = env.Graph
		}
	}
	if login != "" {
		u, err := BaseURL("LICSH_LOGIN_ENDPOINT", login)
		if err != nil {
			return env, err
		}
		env.Login = u
		env.Name = "Custom"
	}
	return env, nil
}

// BaseURL checks the URL of an endpoint, which name says where it was
// given: https (MSAL signs in over nothing else), a host, no query.
func BaseURL(name, raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%s '%s' is not a URL such as https://graph.microsoft.com.", name, raw)
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("%s '%s' must be an https URL: tokens are only sent over HTTPS.", name, raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}
