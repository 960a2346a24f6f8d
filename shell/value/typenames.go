package value

import "strings"

// typeInfo describes a type name that licsh understands: kind selects the
// conversion, full is the .NET name used in messages, accel the short name
// PowerShell shows for the type ([int] prints as "int").
type typeInfo struct {
	kind  string
	full  string
	accel string
	elem  *typeInfo // element type of T[] and List[T]
}

// knownTypes maps lower-case names, without a "system." prefix, to types.
var knownTypes = func() map[string]typeInfo {
	knownTypes := map[string]typeInfo{}
	add := func(kind, full, accel string, names ...string) {
		for _, n := range names {
			knownTypes[n] = typeInfo{kind: kind, full: full, accel: accel}
		}
	}
	add("string", "System.String", "string", "string")
	add("int", "System.Int32", "int", "int", "int32")
	add("long", "System.Int64", "long", "long", "int64")
	add("double", "System.Double", "double", "double")
	add("double", "System.Single", "float", "float", "single")
	add("double", "System.Decimal", "decimal", "decimal")
	add("bool", "System.Boolean", "bool", "bool", "boolean")
	add("bool", "System.Management.Automation.SwitchParameter", "switch", "switch", "management.automation.switchparameter")
	add("datetime", "System.DateTime", "datetime", "datetime")
	add("timespan", "System.TimeSpan", "timespan", "timespan")
	add("guid", "System.Guid", "guid", "guid")
	add("version", "System.Version", "version", "version")
	add("stringbuilder", "System.Text.StringBuilder", "System.Text.StringBuilder", "text.stringbuilder")
	add("streamwriter", "System.IO.StreamWriter", "System.IO.StreamWriter", "io.streamwriter")
	add("array", "System.Array", "array", "array")
	add("object", "System.Object", "object", "object")
	add("hashtable", "System.Collections.Hashtable", "hashtable", "hashtable", "collections.hashtable")
	add("ordered", "System.Collections.Specialized.OrderedDictionary", "ordered", "ordered", "collections.specialized.ordereddictionary")
	// [pscustomobject] is an accelerator for PSObject; the type of the
	// objects it makes is PSCustomObject.
	add("pscustomobject", "System.Management.Automation.PSObject", "pscustomobject", "pscustomobject")
	add("pscustomobject", "System.Management.Automation.PSCustomObject", "System.Management.Automation.PSCustomObject", "management.automation.pscustomobject")
	add("psobject", "System.Management.Automation.PSObject", "psobject", "psobject", "management.automation.psobject")
	add("regex", "System.Text.RegularExpressions.Regex", "regex", "regex", "text.regularexpressions.regex")
	add("char", "System.Char", "char", "char")
	add("byte", "System.Byte", "byte", "byte")
	add("scriptblock", "System.Management.Automation.ScriptBlock", "scriptblock", "scriptblock", "management.automation.scriptblock")
	add("list", "System.Collections.ArrayList", "System.Collections.ArrayList", "collections.arraylist")
	add("type", "System.Type", "type", "type", "runtimetype")
	add("valuetype", "System.ValueType", "System.ValueType", "valuetype")
	add("enumerable", "System.Collections.IEnumerable", "System.Collections.IEnumerable", "collections.ienumerable")
	add("ilist", "System.Collections.IList", "System.Collections.IList", "collections.ilist")
	add("dictionary", "System.Collections.IDictionary", "System.Collections.IDictionary", "collections.idictionary")
	// Types of values other packages implement (see Typed).
	add("named", "System.Management.Automation.ErrorRecord", "System.Management.Automation.ErrorRecord", "management.automation.errorrecord")
	add("named", "System.Management.Automation.RuntimeException", "System.Management.Automation.RuntimeException", "management.automation.runtimeexception")
	add("named", "System.Management.Automation.MethodInvocationException", "System.Management.Automation.MethodInvocationException", "management.automation.methodinvocationexception")
	add("named", "System.Exception", "System.Exception", "exception")
	add("named", "System.SystemException", "System.SystemException", "systemexception")
	add("named", "System.Management.Automation.PSCredential", "pscredential", "pscredential", "management.automation.pscredential")
	add("named", "System.Security.SecureString", "securestring", "securestring", "security.securestring")
	add("named", "System.IO.FileInfo", "System.IO.FileInfo", "io.fileinfo")
	add("named", "System.IO.DirectoryInfo", "System.IO.DirectoryInfo", "io.directoryinfo")
	add("named", "System.IO.FileSystemInfo", "System.IO.FileSystemInfo", "io.filesysteminfo")
	add("named", "System.Management.Automation.PathInfo", "System.Management.Automation.PathInfo", "management.automation.pathinfo")
	add("static", "System.Math", "System.Math", "math")
	add("static", "System.Convert", "System.Convert", "convert")
	add("static", "System.Environment", "System.Environment", "environment")
	add("static", "System.IO.Path", "System.IO.Path", "io.path")
	add("static", "System.Web.HttpUtility", "System.Web.HttpUtility", "web.httputility")
	add("static", "System.Net.WebUtility", "System.Net.WebUtility", "net.webutility")
	return knownTypes
}()

// lookupType resolves a type name as written inside [...]: any case, an
// optional "System." prefix, T[] arrays and generic lists.
func lookupType(name string) (typeInfo, error) {
	n := strings.ToLower(strings.TrimSpace(name))
	for strings.HasPrefix(n, "[") && strings.HasSuffix(n, "]") {
		n = strings.TrimSpace(n[1 : len(n)-1]) // "[int]" as written in a cast
	}
	n = strings.TrimPrefix(n, "system.")
	if t, ok := knownTypes[n]; ok {
		return t, nil
	}
	if elemName, ok := strings.CutSuffix(n, "[]"); ok {
		elem, err := lookupType(elemName)
		if err != nil {
			return typeInfo{}, typeNotFound(strings.TrimSpace(name))
		}
		full := elem.full + "[]"
		accel := elem.accel + "[]"
		if elem.kind == "object" {
			return typeInfo{kind: "array", full: full, accel: accel}, nil
		}
		return typeInfo{kind: "typedarray", full: full, accel: accel, elem: &elem}, nil
	}
	for _, prefix := range []string{"collections.generic.dictionary[", "collections.generic.dictionary`2[",
		"collections.generic.sorteddictionary[", "collections.concurrent.concurrentdictionary["} {
		if inner, ok := strings.CutPrefix(n, prefix); ok && strings.HasSuffix(inner, "]") {
			key, val, found := strings.Cut(strings.TrimSuffix(inner, "]"), ",")
			kt, errK := lookupType(key)
			vt, errV := lookupType(val)
			if !found || errK != nil || errV != nil {
				return typeInfo{}, typeNotFound(strings.TrimSpace(name))
			}
			base := "System.Collections.Generic.Dictionary`2["
			if strings.HasPrefix(prefix, "collections.concurrent") {
				base = "System.Collections.Concurrent.ConcurrentDictionary`2["
			}
			return typeInfo{kind: "dictionary", full: base + kt.full + "," + vt.full + "]", accel: "dictionary"}, nil
		}
	}
	if inner, ok := strings.CutPrefix(n, "collections.generic.hashset["); ok && strings.HasSuffix(inner, "]") {
		elem, err := lookupType(strings.TrimSuffix(inner, "]"))
		if err != nil {
			return typeInfo{}, typeNotFound(strings.TrimSpace(name))
		}
		full := "System.Collections.Generic.HashSet`1[" + elem.full + "]"
		t := typeInfo{kind: "hashset", full: full, accel: full}
		if elem.kind != "object" {
			t.elem = &elem
		}
		return t, nil
	}
	for _, prefix := range []string{"collections.generic.list[", "collections.generic.list`1[", "list["} {
		if inner, ok := strings.CutPrefix(n, prefix); ok && strings.HasSuffix(inner, "]") {
			elem, err := lookupType(strings.TrimSuffix(inner, "]"))
			if err != nil {
				return typeInfo{}, typeNotFound(strings.TrimSpace(name))
			}
			full := "System.Collections.Generic.List`1[" + elem.full + "]"
			t := typeInfo{kind: "list", full: full, accel: full}
			if elem.kind != "object" {
				t.elem = &elem
			}
			return t, nil
		}
	}
	return typeInfo{}, typeNotFound(strings.TrimSpace(name))
}

// typeDisplayName is how a type literal converts to a string: its
// accelerator ("int") when it has one, else the name as written.
func typeDisplayName(name string) string {
	if t, err := lookupType(name); err == nil {
		return t.accel
	}
	return name
}

// typeArg reads the right operand of -is and -as: a Type or a type name.
func typeArg(v any) string {
	if t, ok := v.(Type); ok {
		return t.Name
	}
	return ToString(v)
}
