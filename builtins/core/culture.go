package core

import (
	"strings"
	"unicode"

	"licsh/shell/cmdlet"
	"licsh/shell/format"
	"licsh/shell/value"
)

// typeCultureInfo is what Get-Culture outputs.
const typeCultureInfo = "System.Globalization.CultureInfo"

func cultureCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "Get-Culture",
		Module:      modUtility,
		Synopsis:    "Gets the current culture set in the operating system.",
		Description: "Get-Culture outputs the session's culture, en-US, whose formats licsh uses for dates and numbers: Name, LCID, DisplayName and TextInfo, whose ToTitleCase capitalizes each word of a name (leaving words in capitals as they are), as scripts do when they build display names.",
		Params: []*cmdlet.Param{
			{Name: "Name", Type: cmdlet.String, Position: 1, Help: "Accepted for en-US, the one culture licsh has."},
		},
		Examples: []cmdlet.Example{
			{Code: "(Get-Culture).TextInfo.ToTitleCase('adele garcia')", Remarks: "Adele Garcia."},
		},
		Process: func(c cmdlet.Call) error { return c.Write(cultureInfo{}) },
	}}
}

// cultureView is the table pwsh shows a culture in.
func cultureView() format.View {
	return format.View{TypeName: typeCultureInfo, Table: []string{"LCID", "Name", "DisplayName"}}
}

// cultureInfo is en-US, the culture licsh formats in.
type cultureInfo struct{}

func (cultureInfo) String() string { return "en-US" }

// TypeNames is the .NET type scripts see.
func (cultureInfo) TypeNames() []string { return []string{typeCultureInfo, "System.Object"} }

// PropertyNames are those Format-List shows.
func (cultureInfo) PropertyNames() []string {
	return []string{"Name", "LCID", "DisplayName", "EnglishName", "TwoLetterISOLanguageName", "TextInfo"}
}

// Property answers the culture's names and its TextInfo.
func (cultureInfo) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "name", "ietflanguagetag":
		return "en-US", true
	case "lcid":
		return 1033, true
	case "displayname", "englishname", "nativename":
		return "English (United States)", true
	case "twoletterisolanguagename":
		return "en", true
	case "textinfo":
		return textInfo{}, true
	}
	return nil, false
}

// textInfo is en-US's System.Globalization.TextInfo.
type textInfo struct{}

func (textInfo) String() string { return "TextInfo - en-US" }

// TypeNames is the .NET type scripts see.
func (textInfo) TypeNames() []string {
	return []string{"System.Globalization.TextInfo", "System.Object"}
}

// PropertyNames are those Format-List shows.
func (textInfo) PropertyNames() []string {
	return []string{"CultureName", "ListSeparator", "IsRightToLeft"}
}

// Property answers the TextInfo's properties.
func (textInfo) Property(name string) (any, bool) {
	switch strings.ToLower(name) {
	case "culturename":
		return "en-US", true
	case "listseparator":
		return ",", true
	case "isrighttoleft":
		return false, true
	}
	return nil, false
}

// Method answers ToTitleCase, ToUpper and ToLower.
func (textInfo) Method(name string, args []any) (any, bool, error) {
	var f func(string) string
	switch strings.ToLower(name) {
	case "totitlecase":
		f = titleCase
	case "toupper":
		f = strings.ToUpper
	case "tolower":
		f = strings.ToLower
	default:
		return nil, false, nil
	}
	if len(args) != 1 {
		return nil, true, cmdlet.NewError("MethodCountCouldNotFindBest", "NotSpecified", nil,
			"Cannot find an overload for \""+name+"\" and the argument count: \""+value.ToString(len(args))+"\".")
	}
	return f(value.ToString(args[0])), true, nil
}

// titleCase is .NET's TextInfo.ToTitleCase: the first letter of each word
// in capitals and the rest in lower case, except a word all in capitals,
// taken for an acronym. Words are letters: an apostrophe does not start
// one (O'neil), a digit does (1St), as in .NET.
func titleCase(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !unicode.IsLetter(rs[i]) {
			b.WriteRune(rs[i])
			i++
			continue
		}
		j := i
		for j < len(rs) && (unicode.IsLetter(rs[j]) || rs[j] == '\'') {
			j++
		}
		word := string(rs[i:j])
		if word == strings.ToUpper(word) {
			b.WriteString(word)
		} else {
			w := []rune(strings.ToLower(word))
			w[0] = unicode.ToUpper(w[0])
			b.WriteString(string(w))
		}
		i = j
	}
	return b.String()
}
