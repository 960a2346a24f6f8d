package core

import (
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"licsh/shell/cmdlet"
	"licsh/shell/interp"
	"licsh/shell/value"
)

const clixmlNS = "http://schemas.microsoft.com/powershell/2004/04"

func clixmlCmdlets() []*cmdlet.Cmdlet {
	return []*cmdlet.Cmdlet{
		{
			Name:                  "Export-Clixml",
			Module:                modUtility,
			Synopsis:              "Creates an XML-based representation of an object or objects and stores it in a file.",
			Description:           "Export-Clixml writes objects to a file in PowerShell's CLIXML format, which Import-Clixml reads back: strings, numbers, dates, GUIDs, hashtables, arrays, custom objects and credentials (whose password is kept as pwsh keeps it on Linux). Properties deeper than -Depth are kept as text.",
			SupportsShouldProcess: true,
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"LiteralPath", "PSPath", "LP"}, Type: cmdlet.String, Position: 1, Mandatory: true, Complete: cmdlet.CompletePath, Help: "The file to write."},
				{Name: "InputObject", Type: cmdlet.PSObject, Mandatory: true, ValueFromPipeline: true, Help: "The objects to write."},
				{Name: "Depth", Type: cmdlet.Int, Help: "How many levels of contained objects to keep; 2 by default."},
				{Name: "Force", Type: cmdlet.Switch, Help: "Overwrites a read-only file."},
				{Name: "NoClobber", Aliases: []string{"NoOverwrite"}, Type: cmdlet.Switch, Help: "Does not overwrite an existing file."},
				{Name: "Encoding", Type: cmdlet.String, ValidateSet: encodingNames, Help: "The file's encoding; utf8 without a byte order mark by default."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Csv ./users.csv | Export-Clixml ./users.xml", Remarks: "Keeps objects in a file, types and all."},
				{Code: "$pw = ConvertTo-SecureString 'P@ssw0rd!' -AsPlainText\nNew-Object System.Management.Automation.PSCredential('lina.lopez@contoso.com', $pw) | Export-Clixml ./cred.xml", Remarks: "Saves a credential for a later run."},
			},
			Process: CollectInput("InputObject"),
			End:     exportClixml,
		},
		{
			Name:        "Import-Clixml",
			Module:      modUtility,
			Synopsis:    "Imports a CLIXML file and creates corresponding objects in PowerShell.",
			Description: "Import-Clixml reads a file Export-Clixml wrote (here or in pwsh) and outputs its objects: strings, numbers, dates, hashtables and arrays as they were, credentials as credentials, other objects as custom objects whose type names start with Deserialized.",
			Params: []*cmdlet.Param{
				{Name: "Path", Aliases: []string{"LiteralPath", "PSPath", "LP"}, Type: cmdlet.Strings, Position: 1, Mandatory: true, ValueFromPipelineByPropertyName: true, Complete: cmdlet.CompletePath, Help: "The files to read."},
			},
			Examples: []cmdlet.Example{
				{Code: "Import-Csv ./users.csv | Export-Clixml ./users.xml\nImport-Clixml ./users.xml | Select-Object UserPrincipalName", Remarks: "Reads objects back."},
			},
			Process: importClixml,
		},
	}
}

func exportClixml(c cmdlet.Call) error {
	path := c.Path(c.String("Path"))
	name := c.Cmdlet().Name
	if c.Switch("NoClobber") {
		if _, err := os.Stat(path); err == nil {
			return interp.NewError(CommandID("NoClobber", name), "ResourceExists", path,
				fmt.Sprintf("The file '%s' already exists.", path))
		}
	}
	ok, err := c.ShouldProcess(path, "Export-Clixml")
	if err != nil || !ok {
		return err
	}
	depth := 2
	if c.Bound("Depth") {
		depth = c.Int("Depth")
	}
	w := &clixmlWriter{depth: depth, types: map[string]int{}}
	w.b.WriteString(`<Objs Version="1.1.0.1" xmlns="` + clixmlNS + `">` + "\n")
	items, _ := c.State().([]any)
	for _, it := range items {
		w.value(it, "", 1, 0)
	}
	w.b.WriteString("</Objs>")
	return writeText(c, path, w.b.String(), false, c.String("Encoding"))
}

// clixmlWriter writes objects as pwsh's serializer does: two spaces of
// indent a level, a RefId for each object and each list of type names.
type clixmlWriter struct {
	b     strings.Builder
	depth int
	refs  int
	types map[string]int
}

func (w *clixmlWriter) line(indent int, s string) {
	w.b.WriteString(strings.Repeat("  ", indent))
	w.b.WriteString(s)
	w.b.WriteByte('\n')
}

// nameAttr is the N="..." of a property, or nothing.
func nameAttr(name string) string {
	if name == "" {
		return ""
	}
	return ` N="` + xmlText(encodeClixml(name), true) + `"`
}

// value writes one value at a nesting level (level 0 is a top object).
func (w *clixmlWriter) value(v any, name string, indent, level int) {
	n := nameAttr(name)
	prim := func(tag, text string) { w.line(indent, "<"+tag+n+">"+text+"</"+tag+">") }
	switch x := v.(type) {
	case nil:
		w.line(indent, "<Nil"+n+" />")
	case string:
		prim("S", xmlText(encodeClixml(x), false))
	case value.Char:
		prim("C", strconv.Itoa(int(x)))
	case bool:
		prim("B", strconv.FormatBool(x))
	case int:
		prim("I32", strconv.Itoa(x))
	case int64:
		prim("I64", strconv.FormatInt(x, 10))
	case float64:
		prim("Db", clixmlDouble(x))
	case time.Time:
		prim("DT", clixmlDate(x))
	case time.Duration:
		prim("TS", clixmlDuration(x))
	case uuid.UUID:
		prim("G", x.String())
	case SecureString:
		prim("SS", hex.EncodeToString(utf16Bytes(x.text)))
	default:
		if level > w.depth {
			prim("S", xmlText(encodeClixml(value.ToString(v)), false))
			return
		}
		w.object(v, n, indent, level)
	}
}

// object writes an Obj element: its type names, then its items, entries or
// properties.
func (w *clixmlWriter) object(v any, n string, indent, level int) {
	ref := w.refs
	w.refs++
	w.line(indent, fmt.Sprintf(`<Obj%s RefId="%d">`, n, ref))
	w.typeNames(clixmlTypes(v), indent+1)
	in := indent + 1
	switch x := v.(type) {
	case []any, *value.List:
		items, _ := value.Enumerate(x)
		w.line(in, "<LST>")
		for _, it := range items {
			w.value(it, "", in+1, level+1)
		}
		w.line(in, "</LST>")
	case *value.Hashtable:
		w.line(in, "<DCT>")
		for _, e := range x.Entries() {
			w.line(in+1, "<En>")
			w.value(e.Key, "Key", in+2, level+1)
			w.value(e.Value, "Value", in+2, level+1)
			w.line(in+1, "</En>")
		}
		w.line(in, "</DCT>")
	case *value.Object:
		w.line(in, "<MS>")
		for _, p := range x.Props() {
			w.value(p.Value, p.Name, in+1, level+1)
		}
		w.line(in, "</MS>")
	default:
		w.line(in, "<ToString>"+xmlText(encodeClixml(value.ToString(v)), false)+"</ToString>")
		names := PropertyNames(v)
		if len(names) == 0 {
			break
		}
		w.line(in, "<Props>")
		for _, name := range names {
			p, _ := Property(v, name)
			w.value(p, name, in+1, level+1)
		}
		w.line(in, "</Props>")
	}
	w.line(indent, "</Obj>")
}

// typeNames writes a TN element, or a TNRef to one written before.
func (w *clixmlWriter) typeNames(names []string, indent int) {
	key := strings.Join(names, "\x00")
	if ref, ok := w.types[key]; ok {
		w.line(indent, fmt.Sprintf(`<TNRef RefId="%d" />`, ref))
		return
	}
	ref := len(w.types)
	w.types[key] = ref
	w.line(indent, fmt.Sprintf(`<TN RefId="%d">`, ref))
	for _, t := range names {
		w.line(indent+1, "<T>"+xmlText(t, false)+"</T>")
	}
	w.line(indent, "</TN>")
}

// clixmlTypes are the type names an object is written with.
func clixmlTypes(v any) []string {
	switch x := v.(type) {
	case []any:
		return []string{"System.Object[]", "System.Array", "System.Object"}
	case *value.List:
		return []string{"System.Collections.ArrayList", "System.Object"}
	case *value.Hashtable:
		if x.Ordered {
			return []string{"System.Collections.Specialized.OrderedDictionary", "System.Object"}
		}
		return []string{"System.Collections.Hashtable", "System.Object"}
	case *value.Object:
		if len(x.TypeNames) > 0 {
			return x.TypeNames
		}
		return psObjectTypes
	}
	return typeNames(v)
}

// encodeClixml escapes what XML cannot hold as pwsh does: control
// characters as _xHHHH_, and an underscore that would read as one.
func encodeClixml(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case r < 0x20 && r != '\t' || r == 0xFFFE || r == 0xFFFF:
			fmt.Fprintf(&b, "_x%04X_", r)
		case r == '_' && strings.HasPrefix(s[i+1:], "x"):
			b.WriteString("_x005F_")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// decodeClixml undoes encodeClixml.
func decodeClixml(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && i+7 <= len(s) && s[i+1] == 'x' && s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(n))
				i += 6
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// xmlText escapes text for an element, or for an attribute.
func xmlText(s string, attr bool) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	if attr {
		r = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	}
	return r.Replace(s)
}

// clixmlDouble is XmlConvert.ToString(double): .NET's shortest text that
// reads back, INF and NaN spelled as XML spells them.
func clixmlDouble(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	case math.IsNaN(f):
		return "NaN"
	}
	return value.FormatDouble(f)
}

// clixmlDate is a date in round-trip form: a Z for UTC dates, the offset
// for local ones, nothing for dates of unspecified kind.
func clixmlDate(t time.Time) string {
	s := t.Format("2006-01-02T15:04:05.9999999")
	kind, _ := value.GetMember(t, "Kind")
	switch value.ToString(kind) {
	case "Utc":
		return s + "Z"
	case "Local":
		return s + t.Format("-07:00")
	}
	return s
}

// clixmlDuration is XmlConvert.ToString(TimeSpan): PnDTnHnMnS.
func clixmlDuration(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	b.WriteByte('P')
	if days := d / (24 * time.Hour); days > 0 {
		fmt.Fprintf(&b, "%dD", days)
		d -= days * 24 * time.Hour
	}
	if d == 0 {
		if b.Len() <= 2 {
			return b.String() + "T0S"
		}
		return b.String()
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dH", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dM", m)
		d -= m * time.Minute
	}
	if d > 0 {
		secs := strconv.FormatFloat(d.Seconds(), 'f', -1, 64)
		b.WriteString(secs + "S")
	}
	return b.String()
}

func importClixml(c cmdlet.Call) error {
	for _, p := range c.Strings("Path") {
		path := c.Path(p)
		f, err := os.Open(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				err = c.WriteError(PathNotFound(c.Cmdlet().Name, path))
			} else {
				err = c.WriteError(IOError(c.Cmdlet().Name, path, err))
			}
			if err != nil {
				return err
			}
			continue
		}
		objs, err := readClixml(TextReader(f, ""))
		f.Close()
		if err != nil {
			msg := fmt.Sprintf("The file '%s' is not a CLIXML file: %s", path, err)
			if errors.Is(err, errDPAPI) {
				msg = fmt.Sprintf("Cannot read the password in '%s'. %s", path, err)
			}
			rec := interp.NewError(CommandID("System.Xml.XmlException", c.Cmdlet().Name), "NotSpecified", path, msg)
			if err := c.WriteError(rec); err != nil {
				return err
			}
			continue
		}
		for _, o := range objs {
			if err := c.WriteAll(o); err != nil {
				return err
			}
		}
	}
	return nil
}

// clixmlNode is an element of a CLIXML file.
type clixmlNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr   `xml:",any,attr"`
	Text     string       `xml:",chardata"`
	Children []clixmlNode `xml:",any"`
}

func (n *clixmlNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *clixmlNode) child(name string) *clixmlNode {
	for i := range n.Children {
		if n.Children[i].XMLName.Local == name {
			return &n.Children[i]
		}
	}
	return nil
}

// readClixml reads the objects of a CLIXML document.
func readClixml(r io.Reader) ([]any, error) {
	var root clixmlNode
	if err := xml.NewDecoder(r).Decode(&root); err != nil {
		return nil, err
	}
	if root.XMLName.Local != "Objs" {
		return nil, fmt.Errorf("the root element is <%s>, not <Objs>", root.XMLName.Local)
	}
	d := &clixmlReader{types: map[string][]string{}, objs: map[string]any{}}
	out := make([]any, 0, len(root.Children))
	for i := range root.Children {
		v, err := d.value(&root.Children[i])
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// clixmlReader keeps the type name lists and objects a document refers to
// again by RefId.
type clixmlReader struct {
	types map[string][]string
	objs  map[string]any
}

func (d *clixmlReader) value(n *clixmlNode) (any, error) {
	text := decodeClixml(n.Text)
	bad := func(err error) (any, error) {
		return nil, fmt.Errorf("<%s> holds %q: %w", n.XMLName.Local, n.Text, err)
	}
	switch n.XMLName.Local {
	case "Nil":
		return nil, nil
	case "S", "URI", "Version", "XD", "SBK":
		return text, nil
	case "C":
		r, err := strconv.Atoi(text)
		if err != nil {
			return bad(err)
		}
		return value.Char(rune(r)), nil
	case "B":
		return text == "true", nil
	case "I32", "I16", "By", "SB", "U16":
		i, err := strconv.Atoi(strings.TrimSpace(text))
		if err != nil {
			return bad(err)
		}
		return i, nil
	case "I64", "U32", "U64":
		i, err := strconv.ParseInt(strings.TrimSpace(text), 10, 64)
		if err != nil {
			return bad(err)
		}
		return i, nil
	case "Db", "Sg", "D":
		switch text {
		case "INF":
			return math.Inf(1), nil
		case "-INF":
			return math.Inf(-1), nil
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
		if err != nil {
			return bad(err)
		}
		return f, nil
	case "DT":
		t, err := parseClixmlDate(text)
		if err != nil {
			return bad(err)
		}
		return t, nil
	case "TS":
		ts, err := parseClixmlDuration(text)
		if err != nil {
			return bad(err)
		}
		return ts, nil
	case "G":
		g, err := uuid.Parse(strings.TrimSpace(text))
		if err != nil {
			return bad(err)
		}
		return g, nil
	case "SS":
		s, err := importSecure(strings.TrimSpace(text), nil)
		if errors.Is(err, errDPAPI) {
			return nil, err
		}
		if err != nil {
			return bad(err)
		}
		return s, nil
	case "Ref":
		return d.objs[n.attr("RefId")], nil
	case "Obj":
		return d.object(n)
	}
	return nil, fmt.Errorf("<%s> is not a CLIXML element", n.XMLName.Local)
}

// object rebuilds an Obj: a list, a hashtable, a credential, or a custom
// object holding its properties.
func (d *clixmlReader) object(n *clixmlNode) (any, error) {
	var names []string
	if tn := n.child("TN"); tn != nil {
		for _, t := range tn.Children {
			names = append(names, t.Text)
		}
		d.types[tn.attr("RefId")] = names
	} else if ref := n.child("TNRef"); ref != nil {
		names = d.types[ref.attr("RefId")]
	}
	first := ""
	if len(names) > 0 {
		first = names[0]
	}
	var out any
	var err error
	switch {
	case n.child("LST") != nil || n.child("IE") != nil || n.child("STK") != nil || n.child("QUE") != nil:
		out, err = d.list(n, first)
	case n.child("DCT") != nil:
		out, err = d.dict(n.child("DCT"), first)
	case first == "System.Management.Automation.PSCredential":
		out, err = d.credential(n)
	default:
		out, err = d.custom(n, names)
	}
	if err == nil {
		d.objs[n.attr("RefId")] = out
	}
	return out, err
}

func (d *clixmlReader) list(n *clixmlNode, first string) (any, error) {
	var items []any
	for _, tag := range []string{"LST", "IE", "STK", "QUE"} {
		l := n.child(tag)
		if l == nil {
			continue
		}
		for i := range l.Children {
			v, err := d.value(&l.Children[i])
			if err != nil {
				return nil, err
			}
			items = append(items, v)
		}
	}
	if items == nil {
		items = []any{}
	}
	if strings.HasSuffix(first, "[]") {
		return items, nil
	}
	return &value.List{Items: items, ArrayList: first == "System.Collections.ArrayList"}, nil
}

func (d *clixmlReader) dict(n *clixmlNode, first string) (any, error) {
	h := value.NewHashtable()
	h.Ordered = first == "System.Collections.Specialized.OrderedDictionary"
	for _, en := range n.Children {
		var k, v any
		for i := range en.Children {
			x, err := d.value(&en.Children[i])
			if err != nil {
				return nil, err
			}
			switch en.Children[i].attr("N") {
			case "Key":
				k = x
			case "Value":
				v = x
			}
		}
		h.Set(k, v)
	}
	return h, nil
}

// props reads the MS and Props members of an Obj, in order.
func (d *clixmlReader) props(n *clixmlNode, fn func(name string, v any)) error {
	for _, tag := range []string{"Props", "MS"} {
		m := n.child(tag)
		if m == nil {
			continue
		}
		for i := range m.Children {
			v, err := d.value(&m.Children[i])
			if err != nil {
				return err
			}
			fn(decodeClixml(m.Children[i].attr("N")), v)
		}
	}
	return nil
}

func (d *clixmlReader) credential(n *clixmlNode) (any, error) {
	cred := &PSCredential{}
	err := d.props(n, func(name string, v any) {
		switch name {
		case "UserName":
			cred.user = value.ToString(v)
		case "Password":
			cred.password, _ = v.(SecureString)
		}
	})
	return cred, err
}

// custom rebuilds any other object as a custom object; like pwsh, it says
// that it was deserialized, unless it was a custom object to begin with.
func (d *clixmlReader) custom(n *clixmlNode, names []string) (any, error) {
	typeNames := make([]string, len(names))
	for i, t := range names {
		typeNames[i] = "Deserialized." + t
	}
	o := value.NewObject(typeNames...)
	if err := d.props(n, o.Set); err != nil {
		return nil, err
	}
	if o.Len() == 0 {
		if ts := n.child("ToString"); ts != nil {
			return decodeClixml(ts.Text), nil
		}
	}
	return o, nil
}

// parseClixmlDate reads a round-trip date: UTC with Z, local with an
// offset, unspecified without either.
func parseClixmlDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse("2006-01-02T15:04:05.9999999Z07:00", s); err == nil {
		if strings.HasSuffix(s, "Z") {
			return t.UTC(), nil
		}
		return t.Local(), nil
	}
	t, err := time.ParseInLocation("2006-01-02T15:04:05.9999999", s, time.Local)
	if err != nil {
		return t, err
	}
	v, err := value.Convert(t.Format("2006-01-02T15:04:05.9999999"), "datetime")
	if err != nil {
		return t, err
	}
	return v.(time.Time), nil
}

// parseClixmlDuration reads an XML duration, PnDTnHnMnS.
func parseClixmlDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") {
		return 0, errors.New("not a duration")
	}
	var d time.Duration
	inTime := false
	num := ""
	for _, r := range s[1:] {
		switch {
		case r == 'T':
			inTime = true
		case r >= '0' && r <= '9' || r == '.':
			num += string(r)
		default:
			f, err := strconv.ParseFloat(num, 64)
			if err != nil {
				return 0, err
			}
			num = ""
			unit := map[rune]time.Duration{'D': 24 * time.Hour, 'H': time.Hour, 'S': time.Second}[r]
			if r == 'M' {
				unit = time.Minute
				if !inTime {
					unit = 30 * 24 * time.Hour
				}
			}
			if unit == 0 {
				return 0, fmt.Errorf("unknown unit %c", r)
			}
			d += time.Duration(math.Round(f * float64(unit)))
		}
	}
	if neg {
		d = -d
	}
	return d, nil
}
