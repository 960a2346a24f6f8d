package core

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf16"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// PSCredential is a user name and a secure password, as Get-Credential
// and New-Object System.Management.Automation.PSCredential make it.
// GetNetworkCredential() gives the password back as text, as in pwsh.
type PSCredential struct {
	user     string
	password SecureString
}

// NewPSCredential returns a credential.
func NewPSCredential(user string, password SecureString) *PSCredential {
	return &PSCredential{user: user, password: password}
}

func (c *PSCredential) String() string { return "System.Management.Automation.PSCredential" }

// TypeNames is the .NET type scripts see.
func (c *PSCredential) TypeNames() []string {
	return []string{"System.Management.Automation.PSCredential", "System.Object"}
}

// PropertyNames are UserName and Password.
func (c *PSCredential) PropertyNames() []string { return []string{"UserName", "Password"} }

// Property answers UserName and Password (a SecureString).
func (c *PSCredential) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "username":
		return c.user, true
	case "password":
		return c.password, true
	}
	return nil, false
}

// Method answers GetNetworkCredential().
func (c *PSCredential) Method(name string, args []any) (any, bool, error) {
	if strings.EqualFold(name, "GetNetworkCredential") && len(args) == 0 {
		return networkCredential(c.user, c.password.text, ""), true, nil
	}
	return nil, false, nil
}

// networkCredential is a System.Net.NetworkCredential: a DOMAIN\user name
// is split into its domain and user.
func networkCredential(user, password, domain string) *value.Object {
	if d, u, ok := strings.Cut(user, `\`); ok && domain == "" {
		domain, user = d, u
	}
	o := value.NewObject("System.Net.NetworkCredential", "System.Object")
	o.Set("UserName", user)
	o.Set("Password", password)
	o.Set("SecurePassword", SecureString{text: password})
	o.Set("Domain", domain)
	return o
}

// secureArg reads a constructor argument that must be a SecureString.
func secureArg(ctor, param string, v any) (SecureString, error) {
	if s, ok := v.(SecureString); ok {
		return s, nil
	}
	return SecureString{}, fmt.Errorf(`Cannot convert argument "%s", with value: "%s", for "%s" to type "System.Security.SecureString": "Cannot convert the "%s" value of type "%s" to type "System.Security.SecureString"."`,
		param, value.ToString(v), ctor, value.ToString(v), value.TypeName(v))
}

// newCredential is new PSCredential(userName, password).
func newCredential(args []any) (any, error) {
	if len(args) != 2 {
		return nil, fmt.Errorf("Cannot find an overload for \"PSCredential\" and the argument count: \"%d\".", len(args))
	}
	pw, err := secureArg("PSCredential", "password", args[1])
	if err != nil {
		return nil, err
	}
	return NewPSCredential(value.ToString(args[0]), pw), nil
}

// newNetworkCredential is new NetworkCredential([user, password[, domain]]),
// the password as text or a SecureString.
func newNetworkCredential(args []any) (any, error) {
	text := func(i int) string {
		if i >= len(args) {
			return ""
		}
		if s, ok := args[i].(SecureString); ok {
			return s.text
		}
		return value.ToString(args[i])
	}
	switch len(args) {
	case 0, 2, 3:
		return networkCredential(text(0), text(1), text(2)), nil
	}
	return nil, fmt.Errorf("Cannot find an overload for \"NetworkCredential\" and the argument count: \"%d\".", len(args))
}

// exportHeader starts a secure string exported with a key, as pwsh writes
// it.
const exportHeader = "76492d1116743f0423413b16050a5345"

// utf16Bytes is a string's UTF-16LE bytes, as .NET keeps a SecureString.
func utf16Bytes(s string) []byte {
	units := utf16.Encode([]rune(s))
	b := make([]byte, 2*len(units))
	for i, u := range units {
		b[2*i], b[2*i+1] = byte(u), byte(u>>8)
	}
	return b
}

func fromUTF16(b []byte) string {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	return string(utf16.Decode(units))
}

// exportSecure is ConvertFrom-SecureString: on Linux, without a key, the
// hex of the text's UTF-16 bytes (pwsh has no DPAPI there); with a key,
// pwsh's AES format.
func exportSecure(s SecureString, key []byte) (string, error) {
	if key == nil {
		return hex.EncodeToString(utf16Bytes(s.text)), nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", errBadKey
	}
	iv := make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(rand.Reader, iv); err != nil {
		return "", err
	}
	data := utf16Bytes(s.text)
	pad := aes.BlockSize - len(data)%aes.BlockSize
	data = append(data, bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(data, data)
	pkg := fmt.Sprintf("2|%s|%s", base64.StdEncoding.EncodeToString(iv), hex.EncodeToString(data))
	return exportHeader + base64.StdEncoding.EncodeToString(utf16Bytes(pkg)), nil
}

var (
	errBadKey     = errors.New("The specified key is not valid. Valid key length settings are either 128 bits, 192 bits, or 256 bits.")
	errBadFormat  = errors.New("Input string was not in a correct format.")
	errBadPadding = errors.New("Padding is invalid and cannot be removed.")
)

// dpapiHeader starts every secure string Windows exported without a key:
// a DPAPI blob, which only that Windows user on that computer can decrypt.
const dpapiHeader = "01000000d08c9ddf0115d1118c7a00c04fc297eb"

// errDPAPI is the refusal of such a string, which would otherwise read as
// garbage, as it does in pwsh on Linux.
var errDPAPI = errors.New("The secure string was encrypted on Windows with DPAPI, for one Windows user on one computer; it cannot be decrypted here. Export it again with ConvertFrom-SecureString -Key (or Export-Clixml in licsh) and read it with the same key.")

// importSecure reads what exportSecure writes.
func importSecure(s string, key []byte) (SecureString, error) {
	if key == nil && strings.HasPrefix(strings.ToLower(s), dpapiHeader) {
		return SecureString{}, errDPAPI
	}
	if key == nil {
		for i := 0; i+2 <= len(s); i += 2 {
			if _, err := hex.DecodeString(s[i : i+2]); err != nil {
				return SecureString{}, fmt.Errorf("The input string '%s' was not in a correct format.", s[i:i+2])
			}
		}
		b, err := hex.DecodeString(s)
		if err != nil || len(b)%2 != 0 {
			return SecureString{}, errBadFormat
		}
		return SecureString{text: fromUTF16(b)}, nil
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return SecureString{}, errBadKey
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, exportHeader))
	if !strings.HasPrefix(s, exportHeader) || err != nil {
		return SecureString{}, errBadFormat
	}
	parts := strings.Split(fromUTF16(raw), "|")
	if len(parts) != 3 {
		return SecureString{}, errBadFormat
	}
	iv, err1 := base64.StdEncoding.DecodeString(parts[1])
	data, err2 := hex.DecodeString(parts[2])
	if err1 != nil || err2 != nil || len(iv) != aes.BlockSize || len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return SecureString{}, errBadFormat
	}
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(data, data)
	pad := int(data[len(data)-1])
	if pad == 0 || pad > aes.BlockSize || !bytes.Equal(data[len(data)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return SecureString{}, errBadPadding
	}
	return SecureString{text: fromUTF16(data[:len(data)-pad])}, nil
}

// keyParam reads -Key (bytes) or -SecureKey; nil when neither was given.
func keyParam(c cmdlet.Call) ([]byte, error) {
	if s, ok := c.Get("SecureKey").(SecureString); ok {
		return utf16Bytes(s.text), nil
	}
	if !c.Bound("Key") {
		return nil, nil
	}
	items := asList(c.Get("Key"))
	key := make([]byte, len(items))
	for i, it := range items {
		n, err := value.Convert(it, "byte")
		if err != nil {
			return nil, err
		}
		key[i] = byte(n.(int))
	}
	return key, nil
}

func securityCmdlets() []*cmdlet.Cmdlet {
	keyParams := []*cmdlet.Param{
		{Name: "Key", Type: cmdlet.Objects, Help: "An AES key of 16, 24 or 32 bytes."},
		{Name: "SecureKey", Aliases: []string{"sk"}, Type: cmdlet.Object, Help: "The key as a secure string."},
	}
	return []*cmdlet.Cmdlet{
		{
			Name:        "ConvertTo-SecureString",
			Module:      modSecurity,
			Synopsis:    "Converts plain text or encrypted strings to secure strings.",
			Description: "ConvertTo-SecureString makes a secure string from text with -AsPlainText, or reads one that ConvertFrom-SecureString wrote (with the same -Key, when one was used).",
			Params: append([]*cmdlet.Param{
				{Name: "String", Type: cmdlet.String, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The text, or the exported secure string."},
				{Name: "AsPlainText", Type: cmdlet.Switch, Help: "Takes -String as plain text."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Accepted; pwsh 7 no longer needs it with -AsPlainText."},
			}, keyParams...),
			Examples: []cmdlet.Example{
				{Code: "$pw = ConvertTo-SecureString 'P@ssw0rd!' -AsPlainText -Force", Remarks: "A secure string for a new user's password."},
				{Code: "$saved = ConvertTo-SecureString 'x' -AsPlainText | ConvertFrom-SecureString\n$pw = ConvertTo-SecureString $saved", Remarks: "Reads a password saved as text."},
			},
			Process: func(c cmdlet.Call) error {
				s := c.String("String")
				if c.Switch("AsPlainText") {
					return c.Write(SecureString{text: s})
				}
				key, err := keyParam(c)
				if err != nil {
					return err
				}
				ss, err := importSecure(s, key)
				if err != nil {
					return c.WriteError(secureError(c, "ImportSecureString", err))
				}
				return c.Write(ss)
			},
		},
		{
			Name:        "ConvertFrom-SecureString",
			Module:      modSecurity,
			Synopsis:    "Converts a secure string to an encrypted standard string.",
			Description: "ConvertFrom-SecureString writes a secure string as text that ConvertTo-SecureString reads back: with -Key, encrypted with AES as pwsh does; without, in pwsh's form for Linux, which is not encrypted. -AsPlainText gives the text itself.",
			Params: append([]*cmdlet.Param{
				{Name: "SecureString", Type: cmdlet.Object, Position: 1, Mandatory: true, ValueFromPipeline: true, Help: "The secure string."},
				{Name: "AsPlainText", Type: cmdlet.Switch, Help: "Outputs the text of the secure string."},
			}, keyParams...),
			Examples: []cmdlet.Example{
				{Code: "ConvertTo-SecureString 'P@ssw0rd!' -AsPlainText | ConvertFrom-SecureString -AsPlainText", Remarks: "Reads the text back."},
				{Code: "$key = 1..32\nConvertTo-SecureString 'P@ssw0rd!' -AsPlainText | ConvertFrom-SecureString -Key $key | Set-Content ./pw.txt", Remarks: "Saves a password encrypted with a key."},
			},
			Process: func(c cmdlet.Call) error {
				ss, ok := c.Get("SecureString").(SecureString)
				if !ok {
					v := c.Get("SecureString")
					return interp.NewError(CommandID("CannotConvertArgumentNoMessage", c.Cmdlet().Name), "InvalidArgument", v,
						fmt.Sprintf(`Cannot bind parameter 'SecureString'. Cannot convert the "%s" value of type "%s" to type "System.Security.SecureString".`, value.ToString(v), value.TypeName(v)))
				}
				if c.Switch("AsPlainText") {
					return c.Write(ss.text)
				}
				key, err := keyParam(c)
				if err != nil {
					return err
				}
				out, err := exportSecure(ss, key)
				if err != nil {
					return c.WriteError(secureError(c, "ExportSecureString", err))
				}
				return c.Write(out)
			},
		},
		{
			Name:        "Get-Credential",
			Module:      modSecurity,
			Synopsis:    "Gets a credential object based on a user name and password.",
			Description: "Get-Credential asks for a user name and a password and outputs a PSCredential. With nobody at the keyboard (a scheduled or piped script) it fails and says to pass a credential made in the script instead.",
			Params: []*cmdlet.Param{
				{Name: "Credential", Type: cmdlet.Object, Position: 1, Help: "A user name to fill in, or a credential to output as it is."},
				{Name: "UserName", Type: cmdlet.String, Help: "The user name; only the password is asked."},
				{Name: "Message", Type: cmdlet.String, Help: "The text shown above the prompt."},
				{Name: "Title", Type: cmdlet.String, Help: "The title shown above the prompt."},
			},
			Examples: []cmdlet.Example{
				{Code: "$cred = Get-Credential -UserName lina.lopez@contoso.com -Message 'Sign in to the tenant'", Remarks: "Asks for a password."},
			},
			Process: getCredential,
		},
	}
}

// secureError reports a secure string that cannot be read or written.
func secureError(c cmdlet.Call, id string, err error) *interp.ErrorRecord {
	rec := interp.NewError(CommandID(id, c.Cmdlet().Name), "InvalidArgument", nil, err.Error())
	switch err {
	case errBadKey:
		rec.Exception.Type = "System.ArgumentException"
	case errBadPadding, errDPAPI:
		rec.Exception.Type = "System.Security.Cryptography.CryptographicException"
	default:
		rec.Exception.Type = "System.FormatException"
	}
	return rec
}

func getCredential(c cmdlet.Call) error {
	if cred, ok := c.Get("Credential").(*PSCredential); ok {
		return c.Write(cred)
	}
	user := c.String("UserName")
	if user == "" && c.Get("Credential") != nil {
		user = c.String("Credential")
	}
	host := interp.Inner(c).Host()
	if !host.Interactive {
		rec := interp.NewError(CommandID("CouldNotPromptForCredential", c.Cmdlet().Name), "InvalidOperation", nil,
			"PowerShell is in NonInteractive mode. Read and Prompt functionality is not available. Pass the credential with the -Credential parameter of the command that needs it, made in the script with New-Object System.Management.Automation.PSCredential($user, $password) or read with Import-Clixml.")
		rec.Exception.Type = "System.Management.Automation.PSInvalidOperationException"
		return rec
	}
	title := "PowerShell credential request"
	if c.Bound("Title") {
		title = c.String("Title")
	}
	msg := "Enter your credentials."
	if c.Bound("Message") {
		msg = c.String("Message")
	}
	prompt := "\n" + title + "\n" + msg + "\n"
	if user == "" {
		line, err := host.ReadLine(prompt+"User: ", false)
		if err != nil {
			return nil
		}
		user, prompt = strings.TrimSpace(line), ""
		if user == "" {
			return nil
		}
	}
	pw, err := host.ReadLine(prompt+"Password for user "+user+": ", true)
	if err != nil {
		return nil
	}
	return c.Write(NewPSCredential(user, SecureString{text: pw}))
}
