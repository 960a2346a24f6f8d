package core

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"licsh/shell/value"
)

// jsonWriter renders values as pwsh 7's ConvertTo-Json does (Newtonsoft's
// writer): two-space indentation, `"key": value`, empty collections as []
// and {}, and anything nested deeper than depth written as its string form.
type jsonWriter struct {
	b         strings.Builder
	depth     int
	compress  bool
	truncated bool // something deeper than depth was cut to a string
}

// ToJSON writes v as ConvertTo-Json does, to depth levels, on one line
// with compress; the bool says something deeper than depth was cut to its
// string form.
func ToJSON(v any, depth int, compress bool) (string, bool) {
	w := &jsonWriter{depth: depth, compress: compress}
	w.value(v, 0, 0)
	return w.b.String(), w.truncated
}

func (w *jsonWriter) newline(indent int) {
	if w.compress {
		return
	}
	w.b.WriteByte('\n')
	w.b.WriteString(strings.Repeat("  ", indent))
}

func (w *jsonWriter) value(v any, level, indent int) {
	switch x := v.(type) {
	case nil:
		w.b.WriteString("null")
	case bool:
		w.b.WriteString(strconv.FormatBool(x))
	case int:
		w.b.WriteString(strconv.Itoa(x))
	case int64:
		w.b.WriteString(strconv.FormatInt(x, 10))
	case float64:
		w.b.WriteString(jsonDouble(x))
	case string:
		w.str(x)
	case time.Time:
		w.str(jsonDate(x))
	case uuid.UUID:
		w.str(x.String())
	case value.ScriptBlock:
		w.str(x.ScriptText())
	case time.Duration:
		w.object(timeSpanMembers(x), level, indent)
	case []any, *value.List:
		items, _ := value.Enumerate(x)
		if level > w.depth {
			w.cut(x)
			return
		}
		w.array(items, level, indent)
	case *value.Hashtable:
		if level > w.depth {
			w.cut(x)
			return
		}
		members := make([]value.Prop, 0, x.Len())
		for _, e := range x.Entries() {
			members = append(members, value.Prop{Name: value.ToString(e.Key), Value: e.Value})
		}
		w.object(members, level, indent)
	case *value.Object, value.PropertyBag:
		if level > w.depth {
			w.cut(x)
			return
		}
		names := PropertyNames(x)
		members := make([]value.Prop, len(names))
		for i, n := range names {
			pv, _ := Property(x, n)
			members[i] = value.Prop{Name: n, Value: pv}
		}
		w.object(members, level, indent)
	default:
		w.str(value.ToString(x))
	}
}

// cut writes a value that lies beyond -Depth as its string form.
func (w *jsonWriter) cut(v any) {
	w.truncated = true
	w.str(value.ToString(v))
}

func (w *jsonWriter) array(items []any, level, indent int) {
	if len(items) == 0 {
		w.b.WriteString("[]")
		return
	}
	w.b.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.newline(indent + 1)
		w.value(it, level+1, indent+1)
	}
	w.newline(indent)
	w.b.WriteByte(']')
}

func (w *jsonWriter) object(members []value.Prop, level, indent int) {
	if len(members) == 0 {
		w.b.WriteString("{}")
		return
	}
	w.b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			w.b.WriteByte(',')
		}
		w.newline(indent + 1)
		w.str(m.Name)
		w.b.WriteByte(':')
		if !w.compress {
			w.b.WriteByte(' ')
		}
		w.value(m.Value, level+1, indent+1)
	}
	w.newline(indent)
	w.b.WriteByte('}')
}

// str writes a JSON string, escaping as Newtonsoft does by default: quotes,
// backslashes and control characters only.
func (w *jsonWriter) str(s string) {
	w.b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			w.b.WriteString(`\"`)
		case '\\':
			w.b.WriteString(`\\`)
		case '\n':
			w.b.WriteString(`\n`)
		case '\r':
			w.b.WriteString(`\r`)
		case '\t':
			w.b.WriteString(`\t`)
		case '\b':
			w.b.WriteString(`\b`)
		case '\f':
			w.b.WriteString(`\f`)
		default:
			if r < 0x20 || r == 0x85 || r == 0x2028 || r == 0x2029 {
				fmt.Fprintf(&w.b, `\u%04x`, r)
			} else {
				w.b.WriteRune(r)
			}
		}
	}
	w.b.WriteByte('"')
}

// jsonDouble writes a double as Newtonsoft does: the round-trip form, with
// ".0" added to whole numbers.
func jsonDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return `"NaN"`
	case math.IsInf(f, 1):
		return `"Infinity"`
	case math.IsInf(f, -1):
		return `"-Infinity"`
	}
	s := value.FormatDouble(f)
	if !strings.ContainsAny(s, ".E") {
		s += ".0"
	}
	return s
}

// jsonDate is a date in ISO 8601 with as many fraction digits as it needs
// and its offset (Z for UTC), as Newtonsoft writes DateTime.
func jsonDate(t time.Time) string {
	s := t.Format("2006-01-02T15:04:05.9999999")
	if t.Location() == time.UTC {
		return s + "Z"
	}
	return s + t.Format("-07:00")
}

// timeSpanMembers are the properties ConvertTo-Json writes for a
// [timespan].
func timeSpanMembers(d time.Duration) []value.Prop {
	ticks := int64(d / 100)
	return []value.Prop{
		{Name: "Ticks", Value: ticks},
		{Name: "Days", Value: int(ticks / 864000000000)},
		{Name: "Hours", Value: int(ticks / 36000000000 % 24)},
		{Name: "Milliseconds", Value: int(ticks / 10000 % 1000)},
		{Name: "Microseconds", Value: int(ticks / 10 % 1000)},
		{Name: "Nanoseconds", Value: int(ticks % 10 * 100)},
		{Name: "Minutes", Value: int(ticks / 600000000 % 60)},
		{Name: "Seconds", Value: int(ticks / 10000000 % 60)},
		{Name: "TotalDays", Value: float64(ticks) / 864000000000},
		{Name: "TotalHours", Value: float64(ticks) / 36000000000},
		{Name: "TotalMilliseconds", Value: float64(ticks) / 10000},
		{Name: "TotalMicroseconds", Value: float64(ticks) / 10},
		{Name: "TotalNanoseconds", Value: float64(ticks) * 100},
		{Name: "TotalMinutes", Value: float64(ticks) / 600000000},
		{Name: "TotalSeconds", Value: float64(ticks) / 10000000},
	}
}

// isoDate matches the strings Newtonsoft reads as dates when parsing JSON.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$`)

// FromJSON parses JSON text as ConvertFrom-Json does: objects become
// PSCustomObjects (or ordered hashtables with asHashtable) keeping their key
// order, whole numbers int or int64, other numbers double, and ISO 8601
// date strings dates.
func FromJSON(text string, asHashtable bool) (any, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	v, err := decodeJSON(dec, asHashtable)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("Additional text encountered after finished reading JSON content")
	}
	return v, nil
}

func decodeJSON(dec *json.Decoder, asHashtable bool) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("Unexpected end when reading JSON")
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '[':
			items := []any{}
			for dec.More() {
				it, err := decodeJSON(dec, asHashtable)
				if err != nil {
					return nil, err
				}
				items = append(items, it)
			}
			_, err := dec.Token()
			return items, err
		case '{':
			var obj *value.Object
			var ht *value.Hashtable
			if asHashtable {
				ht = value.NewHashtable()
				ht.Ordered = true
			} else {
				obj = NewPSObject()
			}
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := keyTok.(string)
				if !asHashtable && key == "" {
					return nil, jsonShapeError("The provided JSON includes a property whose name is an empty string, this is only supported using the -AsHashTable switch.")
				}
				if !asHashtable && obj.Has(key) {
					return nil, jsonShapeError(fmt.Sprintf("Cannot convert the JSON string because it contains keys with different casing. Please use the -AsHashTable switch instead. The key that was attempted to be added to the existing key '%s' was '%s'.", existingName(obj, key), key))
				}
				v, err := decodeJSON(dec, asHashtable)
				if err != nil {
					return nil, err
				}
				if asHashtable {
					ht.Set(key, v)
				} else {
					obj.Set(key, v)
				}
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			if asHashtable {
				return ht, nil
			}
			return obj, nil
		}
	case json.Number:
		return jsonNumber(string(t)), nil
	case string:
		if isoDate.MatchString(t) {
			if d, err := parseISODate(t); err == nil {
				return d, nil
			}
		}
		return t, nil
	}
	return tok, nil
}

// jsonShapeError is valid JSON that cannot become objects; PowerShell
// reports it without the "Conversion from JSON failed" preamble.
type jsonShapeError string

func (e jsonShapeError) Error() string { return string(e) }

func existingName(o *value.Object, key string) string {
	for _, n := range o.Names() {
		if strings.EqualFold(n, key) {
			return n
		}
	}
	return key
}

// jsonNumber converts a JSON number to int, int64 or double.
func jsonNumber(s string) any {
	if !strings.ContainsAny(s, ".eE") {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			if n >= math.MinInt32 && n <= math.MaxInt32 {
				return int(n)
			}
			return n
		}
	}
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

func parseISODate(s string) (time.Time, error) {
	switch {
	case strings.HasSuffix(s, "Z"):
		return time.Parse("2006-01-02T15:04:05.9999999Z", s)
	case len(s) > 6 && (s[len(s)-6] == '+' || s[len(s)-6] == '-'):
		return time.Parse("2006-01-02T15:04:05.9999999-07:00", s)
	}
	return time.ParseInLocation("2006-01-02T15:04:05.9999999", s, time.Local)
}

// jsonErrorText shortens Go's JSON error to a sentence.
func jsonErrorText(err error) string {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "json: ")
	if r, _ := utf8.DecodeRuneInString(msg); r != utf8.RuneError {
		msg = strings.ToUpper(string(r)) + msg[utf8.RuneLen(r):]
	}
	return msg
}
