package core

import (
	"bytes"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// obsoleteMail is the warning pwsh 7 gives for every Send-MailMessage.
const obsoleteMail = "The command 'Send-MailMessage' is obsolete. This cmdlet does not guarantee secure connections to SMTP servers. While there is no immediate replacement available in PowerShell, we recommend you do not use Send-MailMessage at this time. See https://aka.ms/SendMailMessage for more information."

func mailCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Send-MailMessage",
		Module:      modUtility,
		Synopsis:    "Sends an email message.",
		Description: "Send-MailMessage sends a message through an SMTP server (-SmtpServer, or $PSEmailServer) on -Port (25 by default): -UseSsl starts TLS first, -Credential signs in. -BodyAsHtml sends the body as HTML; -Attachments adds files, which must all exist before anything is sent. pwsh warns that the cmdlet is obsolete; so does licsh.",
		Params: []*cmdlet.Param{
			{Name: "To", Type: cmdlet.Strings, Position: 1, Mandatory: true, Help: "The recipients."},
			{Name: "Subject", Aliases: []string{"sub"}, Type: cmdlet.String, Position: 2, Help: "The subject."},
			{Name: "Body", Type: cmdlet.String, Position: 3, ValueFromPipeline: true, Help: "The text of the message."},
			{Name: "SmtpServer", Aliases: []string{"ComputerName"}, Type: cmdlet.String, Position: 4, Help: "The SMTP server; $PSEmailServer by default."},
			{Name: "From", Type: cmdlet.String, Mandatory: true, Help: "The sender's address."},
			{Name: "Cc", Type: cmdlet.Strings, Help: "Copy recipients."},
			{Name: "Bcc", Type: cmdlet.Strings, Help: "Blind copy recipients, who are not shown to the others."},
			{Name: "ReplyTo", Type: cmdlet.Strings, Help: "Addresses replies go to."},
			{Name: "Attachments", Aliases: []string{"PsPath"}, Type: cmdlet.Strings, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "Files to attach."},
			{Name: "BodyAsHtml", Aliases: []string{"BAH"}, Type: cmdlet.Switch, Help: "Sends the body as HTML."},
			{Name: "Credential", Type: cmdlet.Object, Help: "A PSCredential to sign in to the server with."},
			{Name: "UseSsl", Type: cmdlet.Switch, Help: "Starts TLS (STARTTLS) before sending."},
			{Name: "Port", Type: cmdlet.Int, Help: "The server's port; 25 by default."},
			{Name: "Priority", Type: cmdlet.String, ValidateSet: []string{"Normal", "High", "Low"}, Help: "The message's priority."},
			{Name: "Encoding", Aliases: []string{"BE"}, Type: cmdlet.String, Help: "Accepted; messages are sent in UTF-8."},
			{Name: "DeliveryNotificationOption", Aliases: []string{"DNO"}, Type: cmdlet.Strings, ValidateSet: []string{"None", "OnSuccess", "OnFailure", "Delay", "Never"}, Help: "Accepted; no delivery notifications are asked for."},
		},
		Examples: []cmdlet.Example{
			{Code: "try { Send-MailMessage -To 'it@contoso.com' -From 'licsh@contoso.com' -Subject 'Licenses' -Body 'Done' -SmtpServer 127.0.0.1 -Port 9 -ErrorAction Stop -WarningAction SilentlyContinue } catch { 'mail server unreachable' }", Remarks: "Sends a short report by mail."},
		},
		Process: sendMail,
	}}
}

// mailMessage is a message ready to send: its envelope and its text.
type mailMessage struct {
	from       string
	recipients []string
	data       []byte
}

func sendMail(c cmdlet.Call) error {
	name := c.Cmdlet().Name
	c.WriteWarning(obsoleteMail)
	server := c.String("SmtpServer")
	if server == "" {
		if v, ok := c.Var("PSEmailServer"); ok && v != nil {
			server = value.ToString(v)
		}
	}
	if server == "" {
		return argumentError(name, "SmtpServerNotSpecified",
			"The email cannot be sent because no SMTP server was specified. You must specify an SMTP server by using either the SmtpServer parameter or the $PSEmailServer variable.", nil)
	}
	msg, err := buildMail(c)
	if err != nil {
		return err
	}
	port := 25
	if c.Bound("Port") {
		port = c.Int("Port")
	}
	var cred *PSCredential
	if v := c.Get("Credential"); v != nil {
		var ok bool
		if cred, ok = v.(*PSCredential); !ok {
			return argumentError(name, "CannotConvertArgument", fmt.Sprintf(`Cannot process argument transformation on parameter 'Credential'. Cannot convert the "%s" value of type "%s" to type "System.Management.Automation.PSCredential".`, value.ToString(v), value.TypeName(v)), v)
		}
	}
	if err := deliver(server, port, c.Switch("UseSsl"), cred, msg); err != nil {
		rec := interp.NewError(CommandID("SmtpException", name), "InvalidOperation", nil, err.Error())
		rec.Exception.Type = "System.Net.Mail.SmtpException"
		return c.WriteError(rec)
	}
	return nil
}

// buildMail writes the message in MIME, reading every attachment first so
// a missing file stops the command before anything is sent.
func buildMail(c cmdlet.Call) (*mailMessage, error) {
	type attachment struct {
		name string
		data []byte
	}
	var files []attachment
	for _, a := range c.Strings("Attachments") {
		path := c.Path(a)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fileNotFound(c.Cmdlet().Name, path)
		}
		files = append(files, attachment{filepath.Base(path), data})
	}
	to, cc, bcc := c.Strings("To"), c.Strings("Cc"), c.Strings("Bcc")
	var b bytes.Buffer
	header := func(k, v string) { fmt.Fprintf(&b, "%s: %s\r\n", k, v) }
	header("From", c.String("From"))
	header("To", strings.Join(to, ", "))
	if len(cc) > 0 {
		header("Cc", strings.Join(cc, ", "))
	}
	if rt := c.Strings("ReplyTo"); len(rt) > 0 {
		header("Reply-To", strings.Join(rt, ", "))
	}
	header("Subject", mime.QEncoding.Encode("utf-8", c.String("Subject")))
	header("Date", c.Now().Format(time.RFC1123Z))
	switch strings.ToLower(c.String("Priority")) {
	case "high":
		header("X-Priority", "1")
		header("Importance", "high")
	case "low":
		header("X-Priority", "5")
		header("Importance", "low")
	}
	header("MIME-Version", "1.0")
	textType := "text/plain"
	if c.Switch("BodyAsHtml") {
		textType = "text/html"
	}
	body := func() {
		fmt.Fprintf(&b, "Content-Type: %s; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", textType)
		qp := quotedprintable.NewWriter(&b)
		qp.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(c.String("Body"), "\r\n", "\n"), "\n", "\r\n")))
		qp.Close()
		b.WriteString("\r\n")
	}
	if len(files) == 0 {
		body()
	} else {
		var rnd [12]byte
		rand.Read(rnd[:])
		boundary := "--boundary_" + base64.RawURLEncoding.EncodeToString(rnd[:])
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=%q\r\n\r\n", boundary)
		fmt.Fprintf(&b, "--%s\r\n", boundary)
		body()
		for _, f := range files {
			fmt.Fprintf(&b, "--%s\r\n", boundary)
			ct := mime.TypeByExtension(filepath.Ext(f.name))
			if ct == "" {
				ct = "application/octet-stream"
			}
			fmt.Fprintf(&b, "Content-Type: %s; name=%q\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=%q\r\n\r\n", ct, f.name, f.name)
			enc := base64.StdEncoding.EncodeToString(f.data)
			for len(enc) > 76 {
				b.WriteString(enc[:76] + "\r\n")
				enc = enc[76:]
			}
			b.WriteString(enc + "\r\n")
		}
		fmt.Fprintf(&b, "--%s--\r\n", boundary)
	}
	rcpt := append(append(append([]string{}, to...), cc...), bcc...)
	return &mailMessage{from: c.String("From"), recipients: rcpt, data: b.Bytes()}, nil
}

// deliver sends a message over SMTP, as .NET's SmtpClient does: STARTTLS
// with useSSL, AUTH LOGIN with a credential.
func deliver(server string, port int, useSSL bool, cred *PSCredential, msg *mailMessage) error {
	conn, err := net.DialTimeout("tcp", net.JoinHostPort(server, strconv.Itoa(port)), 30*time.Second)
	if err != nil {
		return fmt.Errorf("Unable to connect to the remote server: %s", dialReason(err))
	}
	client, err := smtp.NewClient(conn, server)
	if err != nil {
		conn.Close()
		return fmt.Errorf("Failure sending mail. %s", err)
	}
	defer client.Close()
	if useSSL {
		if ok, _ := client.Extension("STARTTLS"); !ok {
			return errors.New("Server does not support secure connections.")
		}
		if err := client.StartTLS(&tls.Config{ServerName: server}); err != nil {
			return fmt.Errorf("Failure sending mail. %s", err)
		}
	}
	if cred != nil {
		if err := client.Auth(&loginAuth{user: cred.user, password: cred.password.text}); err != nil {
			return fmt.Errorf("The SMTP server requires a secure connection or the client was not authenticated. The server response was: %s", serverText(err))
		}
	}
	if err := client.Mail(msg.from); err != nil {
		return fmt.Errorf("Mailbox unavailable. The server response was: %s", serverText(err))
	}
	for _, r := range msg.recipients {
		if err := client.Rcpt(r); err != nil {
			return fmt.Errorf("Mailbox unavailable. The server response was: %s", serverText(err))
		}
	}
	w, err := client.Data()
	if err != nil {
		return fmt.Errorf("Failure sending mail. %s", serverText(err))
	}
	if _, err := w.Write(msg.data); err != nil {
		return fmt.Errorf("Failure sending mail. %s", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("Failure sending mail. %s", serverText(err))
	}
	return client.Quit()
}

// serverText is an SMTP reply's text with its code, as .NET quotes it.
func serverText(err error) string {
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Msg
	}
	return err.Error()
}

// dialReason is the reason a connection failed, in .NET's words where
// they differ.
func dialReason(err error) string {
	msg := err.Error()
	if strings.Contains(msg, "connection refused") {
		return "Connection refused"
	}
	return msg
}

// loginAuth is SMTP's AUTH LOGIN, which .NET's SmtpClient uses: the user
// name and the password, each in answer to the server's prompt.
type loginAuth struct{ user, password string }

func (a *loginAuth) Start(*smtp.ServerInfo) (string, []byte, error) { return "LOGIN", nil, nil }

func (a *loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(fromServer))) {
	case "username:":
		return []byte(a.user), nil
	case "password:":
		return []byte(a.password), nil
	}
	return nil, fmt.Errorf("unexpected server challenge %q", fromServer)
}
