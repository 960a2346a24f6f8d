package graphapi

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"time"

	"licsh/builtins/tenant"
)

// Config says how a Server listens and answers.
type Config struct {
	// Address is the address to listen on; "" is 127.0.0.1.
	Address string
	// Port is the port; 0 picks a free one.
	Port int
	// HTTP serves plain HTTP instead of HTTPS, on a loopback address only.
	HTTP bool
	// Limits throttles as Graph does (GraphLimits); nil does not.
	Limits *Limits
	// Latency is added to every request.
	Latency time.Duration
}

// Server is a running Graph server.
type Server struct {
	// URL is where clients reach it: https://127.0.0.1:8443.
	URL string
	// TenantID is the id of the tenant it serves, which token URLs name.
	TenantID string
	// CertificatePath is the file of its certificate, "" over plain HTTP.
	CertificatePath string
	// API is what it serves.
	API *API

	srv  *http.Server
	done chan struct{}
	err  error
}

// Start listens as cfg says and serves the tenant st until Shutdown. Over
// HTTPS its certificate is the tenant's (LoadKeys), made the first time.
func Start(st *tenant.Store, cfg Config) (*Server, error) {
	addr := cfg.Address
	if addr == "" {
		addr = "127.0.0.1"
	}
	if cfg.HTTP && !isLoopback(addr) {
		return nil, fmt.Errorf("Plain HTTP is served on the loopback address only, not on '%s': leave out -Address, or serve HTTPS.", addr)
	}
	if cfg.Port < 0 || cfg.Port > 65535 {
		return nil, fmt.Errorf("The port %d is not valid: give one from 1 to 65535, or 0 for any free port.", cfg.Port)
	}
	keys, err := LoadKeys(st.Path())
	if err != nil {
		return nil, err
	}
	api, err := New(st, Options{Keys: keys, Limits: cfg.Limits, Latency: cfg.Latency})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(addr, strconv.Itoa(cfg.Port)))
	if err != nil {
		return nil, err
	}
	host := addr
	if ip := net.ParseIP(addr); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	port := ln.Addr().(*net.TCPAddr).Port
	s := &Server{TenantID: api.TenantID(), API: api, done: make(chan struct{}),
		srv: &http.Server{Handler: api, ReadHeaderTimeout: 30 * time.Second}}
	scheme := "https"
	if cfg.HTTP {
		scheme = "http"
	} else {
		s.CertificatePath = keys.Path
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{keys.TLS()}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, s.srv.TLSConfig)
	}
	s.URL = scheme + "://" + net.JoinHostPort(host, strconv.Itoa(port))
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			s.err = err
		}
	}()
	return s, nil
}

// isLoopback reports whether addr names only this machine.
func isLoopback(addr string) bool {
	if addr == "localhost" {
		return true
	}
	ip := net.ParseIP(addr)
	return ip != nil && ip.IsLoopback()
}

// Shutdown stops accepting requests and waits for those running to end
// (until ctx is done).
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	<-s.done
	if err == nil {
		err = s.err
	}
	return err
}

// Done is closed when the server has stopped.
func (s *Server) Done() <-chan struct{} { return s.done }

// Err is why the server stopped by itself, nil after Shutdown.
func (s *Server) Err() error { return s.err }
