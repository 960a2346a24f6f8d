package core

import (
	"errors"
	"io"
	"strings"
	"unicode/utf16"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/interp"
	"licsh/shell/value"
)

// SecureString is what Read-Host -AsSecureString returns: it prints as its
// type name, as PowerShell's SecureString does, so the text never shows.
type SecureString struct{ text string }

// PlainText returns the text that was typed, for cmdlets that take a
// password.
func (s SecureString) PlainText() string { return s.text }

func (SecureString) String() string { return "System.Security.SecureString" }

// TypeName is the .NET type name scripts see.
func (SecureString) TypeName() string { return "System.Security.SecureString" }

// Property answers Length, the number of UTF-16 characters, as .NET does.
func (s SecureString) Property(name string) (any, bool) {
	if strings.EqualFold(name, "Length") {
		return len(utf16.Encode([]rune(s.text))), true
	}
	return nil, false
}

// PropertyNames is Length.
func (SecureString) PropertyNames() []string { return []string{"Length"} }

// secureStringView shows a secure string as its type name, as pwsh does,
// never its text.
func secureStringView() format.View {
	return format.View{TypeName: "System.Security.SecureString", Text: func(v any, _ int) string { return value.ToString(v) }}
}

// TypeNames is the .NET type, for -is and parameter types.
func (SecureString) TypeNames() []string {
	return []string{"System.Security.SecureString", "System.Object"}
}

func hostCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:        "Read-Host",
			Module:      modUtility,
			Synopsis:    "Reads a line of input from the console.",
			Description: "Read-Host shows the prompt followed by \": \" and returns the line the user types. In a non-interactive session it fails, as pwsh -NonInteractive does.",
			Params: []*cmdlet.Param{
				{Name: "Prompt", Type: cmdlet.Object, Position: 1, ValueFromRemainingArguments: true, Help: "The text of the prompt."},
				{Name: "AsSecureString", Type: cmdlet.Switch, Help: "Hides what is typed and returns a secure string."},
				{Name: "MaskInput", Type: cmdlet.Switch, Help: "Hides what is typed and returns the text."},
			},
			Examples: []cmdlet.Example{{Code: "$upn = Read-Host 'User principal name'", Remarks: "Asks for a name."}},
			Process: func(c cmdlet.Call) error {
				prompt := ""
				if c.Bound("Prompt") {
					prompt = value.ToString(c.Get("Prompt")) + ": "
				}
				secret := c.Switch("AsSecureString") || c.Switch("MaskInput")
				line, err := interp.Inner(c).Host().ReadLine(prompt, secret)
				if errors.Is(err, interp.ErrNonInteractive) {
					rec := interp.NewError(CommandID("InvalidOperation", c.Cmdlet().Name), "InvalidOperation", nil,
						"PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.")
					rec.Exception.Type = "System.Management.Automation.PSInvalidOperationException"
					return rec
				}
				if errors.Is(err, io.EOF) {
					return nil
				}
				if err != nil {
					return interp.NewError(CommandID("ReadHostError", c.Cmdlet().Name), "ReadError", nil, err.Error())
				}
				if c.Switch("AsSecureString") {
					return c.Write(SecureString{text: line})
				}
				return c.Write(line)
			},
		},
	}
}
