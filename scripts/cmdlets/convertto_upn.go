//go:build licsh

// ConvertTo-Upn and Export-Upn: building user principal names for new
// starters from their names, as HR sends them.
package cmdlets

import (
	"os"
	"strings"
	"unicode"

	"licsh/shell/cmdlet"
)

var Cmdlets = []*cmdlet.Cmdlet{
	{
		Name:     "ConvertTo-Upn",
		Synopsis: "Builds a user principal name from a person's given name and surname.",
		Description: "ConvertTo-Upn writes given.surname@domain in lower case, without accents, spaces or apostrophes. " +
			"It takes the names by position, by name, or from the GivenName and Surname properties of piped objects " +
			"(an HR export read with Import-Csv), or whole names piped as strings.",
		Params: []*cmdlet.Param{
			{Name: "GivenName", Aliases: []string{"FirstName"}, Type: cmdlet.String, Position: 1, ValueFromPipelineByPropertyName: true, Help: "The given (first) name."},
			{Name: "Surname", Aliases: []string{"LastName"}, Type: cmdlet.String, Position: 2, ValueFromPipelineByPropertyName: true, Help: "The surname (last name)."},
			{Name: "FullName", Type: cmdlet.String, ValueFromPipeline: true, Help: "The whole name, instead of -GivenName and -Surname: the first word is the given name, the rest the surname."},
			{Name: "Domain", Type: cmdlet.String, Help: "The domain after the @; contoso.com when not given."},
		},

		Examples: []cmdlet.Example{
			{Code: "ConvertTo-Upn Zoë \"O'Brien\" -Domain contoso.com", Remarks: "Writes zoe.obrien@contoso.com."},
			{Code: "Import-Csv starters.csv | ConvertTo-Upn", Remarks: "Builds the names of every starter in the HR export."},
		},
		Outputs: "System.String",
		Process: convertToUpn,
	},
	{
		Name:                  "Export-Upn",
		Synopsis:              "Writes user principal names to a text file, one a line.",
		Description:           "Export-Upn collects the names piped to it and writes them to the file at the end, replacing it. With -WhatIf it shows what it would write.",
		SupportsShouldProcess: true,
		Params: []*cmdlet.Param{
			{Name: "Path", Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The file to write."},
			{Name: "InputObject", Type: cmdlet.String, Mandatory: true, ValueFromPipeline: true, Help: "A user principal name."},
		},
		Examples: []cmdlet.Example{
			{Code: "Import-Csv starters.csv | ConvertTo-Upn | Export-Upn upns.txt", Remarks: "Writes the starters' names to upns.txt."},
		},
		Process: func(c cmdlet.Call) error {
			// State holds a pointer: yaegi mishandles type assertions to
			// non-pointer types on values kept in an interface field.
			names, _ := c.State().(*[]string)
			if names == nil {
				names = &[]string{}
				c.SetState(names)
			}
			*names = append(*names, c.String("InputObject"))
			return nil
		},
		End: exportUpn,
	},
}

func convertToUpn(c cmdlet.Call) error {
	given, surname := c.String("GivenName"), c.String("Surname")
	if words := strings.Fields(c.String("FullName")); given == "" && surname == "" && len(words) >= 2 {
		// Two assignments, not one: yaegi drops the first of a parallel
		// assignment from an if statement's own variable.
		given = words[0]
		surname = strings.Join(words[1:], " ")
	}
	if namePart(given) == "" || namePart(surname) == "" {
		return c.WriteError(cmdlet.NewError("UpnNeedsNames", "InvalidArgument", nil,
			"Cannot build a user principal name without a given name and a surname."))
	}
	domain := c.String("Domain")
	if domain == "" {
		domain = "contoso.com"
	}
	return c.Write(namePart(given) + "." + namePart(surname) + "@" + strings.ToLower(domain))
}

// accents maps the accented letters of European names to plain ones.
var accents = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "æ", "ae", "ç", "c",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ì", "i", "í", "i", "î", "i", "ï", "i",
	"ñ", "n", "ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "œ", "oe",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ý", "y", "ÿ", "y", "ß", "ss",
)

// namePart is a name as it goes into a user principal name: lower case,
// plain letters and digits, words joined by hyphens.
func namePart(s string) string {
	s = accents.Replace(strings.ToLower(strings.TrimSpace(s)))
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		case r == ' ' || r == '-':
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.Trim(b.String(), "-")
}

func exportUpn(c cmdlet.Call) error {
	path := c.Path(c.String("Path"))
	var names []string
	if p, _ := c.State().(*[]string); p != nil {
		names = *p
	}
	ok, err := c.ShouldProcess(path, "Export-Upn")
	if err != nil || !ok {
		return err
	}
	text := strings.Join(names, "\n")
	if len(names) > 0 {
		text += "\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		return cmdlet.NewError("ExportUpnFailed", "WriteError", path, "Could not write the file: "+err.Error())
	}
	return nil
}
