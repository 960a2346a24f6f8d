package core_test

import (
	"bufio"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"licsh/builtins/licshtest"
)

// apiServer is a small REST service: users as JSON, echoes of requests,
// errors with and without a body.
func apiServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, `[{"upn":"ann@contoso.com","seats":2},{"upn":"bob@contoso.com","seats":1}]`)
	})
	mux.HandleFunc("GET /user", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"upn":"ann@contoso.com","manager":{"upn":"cy@contoso.com"},"created":"2024-05-31T14:05:09Z"}`)
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", "yes")
		user, pass, _ := r.BasicAuth()
		fmt.Fprintf(w, `{"method":%q,"contentType":%q,"body":%q,"query":%q,"token":%q,"agent":%q,"basic":%q}`,
			r.Method, r.Header.Get("Content-Type"), body, r.URL.RawQuery, r.Header.Get("X-Token"), r.Header.Get("User-Agent"), user+":"+pass)
	})
	mux.HandleFunc("GET /text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "plain words")
	})
	mux.HandleFunc("GET /missing", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"error":{"code":"Request_ResourceNotFound","message":"User not found"}}`)
	})
	mux.HandleFunc("GET /broken", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusInternalServerError)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestInvokeRestMethod(t *testing.T) {
	t.Parallel()
	srv := apiServer(t)
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	u := srv.URL
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Invoke-RestMethod -Uri " + u + "/users", "\nupn             seats\n---             -----\nann@contoso.com     2\nbob@contoso.com     1\n\n", ""},
		{"(irm " + u + "/users).Count; (irm " + u + "/users | Measure-Object seats -Sum).Sum", "2\n3\n", ""},
		{"$u = irm " + u + "/user; $u.manager.upn; $u.created.GetType().Name", "cy@contoso.com\nDateTime\n", ""},
		{"irm " + u + "/text", "plain words\n", ""},
		{"$r = irm " + u + "/echo -Method Post -Body (@{name='Ann'} | ConvertTo-Json -Compress) -ContentType 'application/json'; $r.method; $r.contentType; $r.body",
			"POST\napplication/json\n{\"name\":\"Ann\"}\n", ""},
		{"$r = irm " + u + "/echo -Method Post -Body @{a='1 2'; b='x'}; $r.contentType; ($r.body -split '&' | Sort-Object) -join '&'",
			"application/x-www-form-urlencoded\na=1+2&b=x\n", ""},
		{"(irm " + u + "/echo -Body @{q='licsh'}).query", "q=licsh\n", ""},
		{"(irm " + u + "/echo -Headers @{'X-Token'='abc'}).token; (irm " + u + "/echo).agent", "abc\nMozilla/5.0 (Linux; en-US) PowerShell/7.4.0\n", ""},
		{"$c = [pscredential]::new('api', (ConvertTo-SecureString 'k3y' -AsPlainText)); (irm " + u + "/echo -Credential $c -Authentication Basic).basic", "api:k3y\n", ""},
		{"(irm " + u + "/echo -Method Delete).method; (irm " + u + "/echo -Method Put -Body 'x').method", "DELETE\nPUT\n", ""},
		{"irm " + u + "/users -OutFile out\\users.json; (Get-Content out\\users.json | ConvertFrom-Json).Count", "2\n", ""},
		{"irm " + u + "/text -OutFile t.txt -PassThru; Get-Content t.txt", "plain words\nplain words\n", ""},
		{"irm " + u + "/echo -StatusCodeVariable sc -ResponseHeadersVariable h | Out-Null; $sc; $h['X-Echo']", "200\nyes\n", ""},
		{"try { irm " + u + "/missing -ErrorAction Stop } catch { $_.Exception.Response.StatusCode; $_.Exception.Message; ($_.ErrorDetails.Message | ConvertFrom-Json).error.code; $_.Exception.GetType().Name }",
			"NotFound\nResponse status code does not indicate success: 404 (Not Found).\nRequest_ResourceNotFound\nHttpResponseException\n", ""},
		// An error status is a terminating error, as pwsh throws it: try
		// takes it without -ErrorAction Stop, and the status is .NET's
		// HttpStatusCode.
		{"try { irm " + u + "/missing; 'not reached' } catch { $s = $_.Exception.Response.StatusCode; $s -eq 404; $s -eq 'NotFound'; [int]$s; $s.GetType().FullName }",
			"True\nTrue\n404\nSystem.Net.HttpStatusCode\n", ""},
		{"irm " + u + "/missing -SkipHttpErrorCheck | ForEach-Object { $_.error.message }", "User not found\n", ""},
	}...)
	host := strings.TrimPrefix(u, "http://")
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"irm " + u + "/missing", "", "Invoke-RestMethod: {\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"User not found\"}}\n"},
		{"irm " + u + "/broken", "", "Invoke-RestMethod: Response status code does not indicate success: 500 (Internal Server Error).\n"},
		{"irm " + host + "/text", "plain words\n", ""},
		{"irm " + u + "/text -OutFile nodir\\t.txt", "", "Invoke-RestMethod: Could not find a part of the path '" + filepath.Join(dir, "nodir", "t.txt") + "'.\n"},
	}...)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"irm http://" + closed + "/x", "", "Invoke-RestMethod: Connection refused (" + closed + ")\n"},
	}...)
}

func TestInvokeWebRequest(t *testing.T) {
	t.Parallel()
	srv := apiServer(t)
	dir := t.TempDir()
	u := srv.URL
	licshtest.Script(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"$r = Invoke-WebRequest " + u + "/text -UseBasicParsing; $r.StatusCode; $r.StatusDescription; $r.Content; $r.Headers['Content-Type']; $r.RawContentLength",
			"200\nOK\nplain words\ntext/plain\n11\n", ""},
		{"(iwr " + u + "/text).RawContent.StartsWith(\"HTTP/1.1 200 OK`r`n\")", "True\n", ""},
		{"iwr " + u + "/users -OutFile u.json; (Get-Content u.json -Raw | ConvertFrom-Json)[1].upn", "bob@contoso.com\n", ""},
		{"(iwr " + u + "/echo -Method Post -Body 'hi').Content | ConvertFrom-Json | ForEach-Object body", "hi\n", ""},
		{"try { iwr " + u + "/missing -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", "WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand\n", ""},
	}...)
}

// smtpServer is a local SMTP listener that takes AUTH LOGIN and keeps the
// messages it receives.
type smtpServer struct {
	addr     string
	mu       sync.Mutex
	messages []smtpMessage
}

type smtpMessage struct {
	from, auth string
	rcpt       []string
	data       string
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{addr: l.Addr().String()}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			conn, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	say := func(line string) { io.WriteString(conn, line+"\r\n") }
	read := func() string {
		line, _ := r.ReadString('\n')
		return strings.TrimRight(line, "\r\n")
	}
	var m smtpMessage
	say("220 localhost ESMTP test")
	for {
		line := read()
		cmd := strings.ToUpper(line)
		switch {
		case line == "":
			return
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-localhost")
			say("250 AUTH LOGIN")
		case cmd == "AUTH LOGIN":
			say("334 " + base64.StdEncoding.EncodeToString([]byte("Username:")))
			user, _ := base64.StdEncoding.DecodeString(read())
			say("334 " + base64.StdEncoding.EncodeToString([]byte("Password:")))
			pass, _ := base64.StdEncoding.DecodeString(read())
			if string(pass) != "right" {
				say("535 5.7.3 Authentication unsuccessful")
				continue
			}
			m.auth = string(user)
			say("235 2.7.0 Authentication successful")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m.from = strings.Trim(line[len("MAIL FROM:"):], "<> ")
			say("250 OK")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			to := strings.Trim(line[len("RCPT TO:"):], "<> ")
			if strings.HasPrefix(to, "nobody@") {
				say("550 5.1.1 User unknown")
				continue
			}
			m.rcpt = append(m.rcpt, to)
			say("250 OK")
		case cmd == "DATA":
			say("354 go ahead")
			var b strings.Builder
			for l := read(); l != "."; l = read() {
				b.WriteString(strings.TrimPrefix(l, ".") + "\n")
			}
			m.data = b.String()
			s.mu.Lock()
			s.messages = append(s.messages, m)
			s.mu.Unlock()
			m = smtpMessage{}
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 OK")
		}
	}
}

func (s *smtpServer) received() []smtpMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMessage(nil), s.messages...)
}

func TestSendMailMessage(t *testing.T) {
	t.Parallel()
	srv := newSMTPServer(t)
	host, port, _ := net.SplitHostPort(srv.addr)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "report.csv"), []byte("UserPrincipalName\nann@contoso.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	warning := "WARNING: The command 'Send-MailMessage' is obsolete. This cmdlet does not guarantee secure connections to SMTP servers. While there is no immediate replacement available in PowerShell, we recommend you do not use Send-MailMessage at this time. See https://aka.ms/SendMailMessage for more information.\n"
	at := " -SmtpServer " + host + " -Port " + port
	oneLine(t, dir).Check(licshtest.Exact, []licshtest.Case{
		{"Send-MailMessage -To 'it@contoso.com', 'hr@contoso.com' -Cc 'boss@contoso.com' -Bcc 'audit@contoso.com' -From 'licsh@contoso.com' -Subject 'Licenses – März' -Body \"Line one`nLine two\"" + at, warning, ""},
		{"$c = [pscredential]::new('mailer@contoso.com', (ConvertTo-SecureString 'right' -AsPlainText)); Send-MailMessage -To it@contoso.com -From licsh@contoso.com -Subject Report -Body '<b>done</b>' -BodyAsHtml -Attachments .\\report.csv -Credential $c -Priority High -WarningAction SilentlyContinue" + at, "", ""},
		{"$PSEmailServer = '" + host + "'; Send-MailMessage -To it@contoso.com -From licsh@contoso.com -Subject Default -Port " + port + " -WarningAction SilentlyContinue", "", ""},
		{"Send-MailMessage -To it@contoso.com -From licsh@contoso.com -Subject Lost -Attachments missing.csv -WarningAction SilentlyContinue" + at, "",
			"Send-MailMessage: Could not find file '" + filepath.Join(dir, "missing.csv") + "'.\n"},
		{"$c = [pscredential]::new('mailer', (ConvertTo-SecureString 'wrong' -AsPlainText)); Send-MailMessage -To it@contoso.com -From licsh@contoso.com -Subject X -Credential $c -WarningAction SilentlyContinue" + at, "",
			"Send-MailMessage: The SMTP server requires a secure connection or the client was not authenticated. The server response was: 5.7.3 Authentication unsuccessful\n"},
		{"Send-MailMessage -To nobody@contoso.com -From licsh@contoso.com -Subject X -WarningAction SilentlyContinue" + at, "",
			"Send-MailMessage: Mailbox unavailable. The server response was: 5.1.1 User unknown\n"},
		{"Send-MailMessage -To it@contoso.com -From licsh@contoso.com -Subject X -WarningAction SilentlyContinue", "",
			"Send-MailMessage: The email cannot be sent because no SMTP server was specified. You must specify an SMTP server by using either the SmtpServer parameter or the $PSEmailServer variable.\n"},
	}...)
	got := srv.received()
	if len(got) != 3 {
		t.Fatalf("the server received %d messages, want 3", len(got))
	}
	first := got[0]
	if first.from != "licsh@contoso.com" || strings.Join(first.rcpt, ",") != "it@contoso.com,hr@contoso.com,boss@contoso.com,audit@contoso.com" {
		t.Errorf("envelope from %q to %q", first.from, first.rcpt)
	}
	msg, err := mail.ReadMessage(strings.NewReader(strings.ReplaceAll(first.data, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	body, _ := io.ReadAll(msg.Body)
	if subject != "Licenses – März" || msg.Header.Get("To") != "it@contoso.com, hr@contoso.com" || msg.Header.Get("Cc") != "boss@contoso.com" ||
		msg.Header.Get("Bcc") != "" || !strings.Contains(string(body), "Line one\r\nLine two") {
		t.Errorf("first message: subject %q, headers %v, body %q", subject, msg.Header, body)
	}
	second := got[1]
	if second.auth != "mailer@contoso.com" {
		t.Errorf("second message signed in as %q", second.auth)
	}
	msg, err = mail.ReadMessage(strings.NewReader(strings.ReplaceAll(second.data, "\n", "\r\n")))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if mt != "multipart/mixed" || msg.Header.Get("X-Priority") != "1" {
		t.Fatalf("second message: %v", msg.Header)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	part, err := mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	html, _ := io.ReadAll(part)
	if !strings.HasPrefix(part.Header.Get("Content-Type"), "text/html") || string(html) != "<b>done</b>" {
		t.Errorf("body part %v %q", part.Header, html)
	}
	part, err = mr.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := io.ReadAll(part)
	data, _ := base64.StdEncoding.DecodeString(strings.ReplaceAll(string(enc), "\r\n", ""))
	if part.FileName() != "report.csv" || string(data) != "UserPrincipalName\nann@contoso.com\n" {
		t.Errorf("attachment %q: %q", part.FileName(), data)
	}
}
