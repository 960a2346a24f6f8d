package core

import (
	"strconv"
	"strings"

	"licsh/shell/cmdlet"
	"licsh/shell/value"
)

func htmlCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{{
		Name:        "ConvertTo-Html",
		Module:      modUtility,
		Synopsis:    "Converts .NET objects into HTML that can be displayed in a Web browser.",
		Description: "ConvertTo-Html writes the lines of an HTML page (or, with -Fragment, only its table) showing the objects as a table, one row each, with a column per property (-Property chooses them). -Title, -PreContent and -PostContent add text around the table; -As List shows each object as a two-column list. Values are HTML-encoded.",
		Params: []*cmdlet.Param{
			{Name: "InputObject", Type: cmdlet.PSObject, ValueFromPipeline: true, Help: "The objects to show."},
			{Name: "Property", Type: cmdlet.Objects, Position: 1, Help: "The properties to show as columns: names (wildcards allowed) or calculated properties."},
			{Name: "Head", Type: cmdlet.Strings, Help: "The contents of the head element, instead of the title."},
			{Name: "Title", Type: cmdlet.String, Help: "The page title; HTML TABLE by default."},
			{Name: "Body", Type: cmdlet.Strings, Help: "Text after the opening body tag."},
			{Name: "CssUri", Aliases: []string{"cu", "uri"}, Type: cmdlet.String, Help: "A style sheet the page links to."},
			{Name: "As", Type: cmdlet.String, ValidateSet: []string{"Table", "List"}, Help: "Table (the default) or List."},
			{Name: "Fragment", Type: cmdlet.Switch, Help: "Writes only the table, to put in a page of your own."},
			{Name: "PreContent", Type: cmdlet.Strings, Help: "Text before the table."},
			{Name: "PostContent", Type: cmdlet.Strings, Help: "Text after the table."},
			{Name: "Charset", Type: cmdlet.String, Help: "The page's character set, as a meta element."},
			{Name: "Transitional", Type: cmdlet.Switch, Help: "Declares XHTML Transitional instead of Strict."},
		},
		Examples: []cmdlet.Example{
			{Code: "Import-Csv ./users.csv | ConvertTo-Html -Property UserPrincipalName, Department -Title 'Users' | Out-File ./users.html", Remarks: "Writes a web page listing users."},
			{Code: "$table = Import-Csv ./users.csv | ConvertTo-Html -Fragment -PreContent '<h2>Users</h2>'", Remarks: "An HTML table to put in a mail body."},
		},
		Begin:   htmlBegin,
		Process: htmlProcess,
		End:     htmlEnd,
	}}
}

// htmlState is one ConvertTo-Html run: the columns, fixed by the first
// object, and how many objects came.
type htmlState struct {
	cols  []htmlColumn
	count int
}

type htmlColumn struct {
	label string
	spec  propSpec
}

func htmlBegin(c cmdlet.Call) error {
	c.SetState(&htmlState{})
	var lines []string
	if !c.Switch("Fragment") {
		dtd := `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">`
		if c.Switch("Transitional") {
			dtd = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">`
		}
		lines = append(lines, dtd, `<html xmlns="http://www.w3.org/1999/xhtml">`, "<head>")
		if c.Bound("Charset") {
			lines = append(lines, `<meta charset="`+c.String("Charset")+`">`)
		}
		if c.Bound("Head") {
			lines = append(lines, c.Strings("Head")...)
		} else {
			title := "HTML TABLE"
			if c.Bound("Title") {
				title = c.String("Title")
			}
			lines = append(lines, "<title>"+title+"</title>")
		}
		if c.Bound("CssUri") {
			lines = append(lines, `<link rel="stylesheet" type="text/css" href="`+c.String("CssUri")+`" />`)
		}
		lines = append(lines, "</head><body>")
		lines = append(lines, c.Strings("Body")...)
	}
	lines = append(lines, c.Strings("PreContent")...)
	lines = append(lines, "<table>")
	for _, l := range lines {
		if err := c.Write(l); err != nil {
			return err
		}
	}
	return nil
}

func htmlProcess(c cmdlet.Call) error {
	in := c.Get("InputObject")
	if in == nil {
		return nil
	}
	st := c.State().(*htmlState)
	st.count++
	if st.cols == nil {
		cols, err := htmlColumns(c, in)
		if err != nil {
			return err
		}
		if len(cols) == 0 {
			return nil
		}
		st.cols = cols
		if !strings.EqualFold(c.String("As"), "List") {
			var head, colgroup strings.Builder
			colgroup.WriteString("<colgroup>")
			head.WriteString("<tr>")
			for _, col := range cols {
				colgroup.WriteString("<col/>")
				head.WriteString("<th>" + col.label + "</th>")
			}
			colgroup.WriteString("</colgroup>")
			head.WriteString("</tr>")
			if err := c.Write(colgroup.String()); err != nil {
				return err
			}
			if err := c.Write(head.String()); err != nil {
				return err
			}
		}
	}
	if strings.EqualFold(c.String("As"), "List") {
		if st.count > 1 {
			if err := c.Write("<tr><td><hr></td></tr>"); err != nil {
				return err
			}
		}
		for _, col := range st.cols {
			v, err := htmlValue(c, col, in)
			if err != nil {
				return err
			}
			if err := c.Write("<tr><td>" + col.label + ":</td><td>" + v + "</td></tr>"); err != nil {
				return err
			}
		}
		return nil
	}
	var row strings.Builder
	row.WriteString("<tr>")
	for _, col := range st.cols {
		v, err := htmlValue(c, col, in)
		if err != nil {
			return err
		}
		row.WriteString("<td>" + v + "</td>")
	}
	row.WriteString("</tr>")
	return c.Write(row.String())
}

// htmlColumns resolves -Property (all properties by default) against the
// first object.
func htmlColumns(c cmdlet.Call, first any) ([]htmlColumn, error) {
	arg := c.Get("Property")
	if arg == nil {
		arg = "*"
	}
	specs, err := parsePropSpecs(arg, "select")
	if err != nil {
		return nil, err
	}
	var cols []htmlColumn
	for _, s := range specs {
		if s.isWildcard() {
			for _, n := range matchNames(PropertyNames(first), s.name) {
				cols = append(cols, htmlColumn{label: n, spec: propSpec{name: n}})
			}
			continue
		}
		cols = append(cols, htmlColumn{label: s.name, spec: s})
	}
	return cols, nil
}

func htmlValue(c cmdlet.Call, col htmlColumn, in any) (string, error) {
	var v any
	if col.spec.expr == nil {
		v, _ = Property(in, col.spec.name)
	} else {
		var err error
		if v, err = col.spec.eval(c, in); err != nil {
			return "", err
		}
	}
	if v == nil {
		return "", nil
	}
	return htmlEncode(value.ToString(v)), nil
}

// htmlEncode is .NET's WebUtility.HtmlEncode.
func htmlEncode(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r >= 160 && r < 256:
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func htmlEnd(c cmdlet.Call) error {
	lines := append([]string{"</table>"}, c.Strings("PostContent")...)
	if !c.Switch("Fragment") {
		lines = append(lines, "</body></html>")
	}
	for _, l := range lines {
		if err := c.Write(l); err != nil {
			return err
		}
	}
	return nil
}
