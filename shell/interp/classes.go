package interp

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"licsh/shell/syntax"
	"licsh/shell/value"
)

// typeTable holds the classes and enums the session's scripts defined, by
// lower-case name; casts, -is, -as, ::new() and typed parameters look here
// before the types licsh knows.
type typeTable struct {
	r     *Runner
	types map[string]*classType
	// namespaces are those of `using namespace`, tried before a type name
	// that is not found as written.
	namespaces []string
}

// resolve completes a type name with the namespaces of `using namespace`
// when it is not found as written.
func (t *typeTable) resolve(name string) string {
	if len(t.namespaces) == 0 {
		return name
	}
	if _, err := value.IsType(nil, name); err == nil {
		return name
	}
	for _, ns := range t.namespaces {
		if full := ns + "." + strings.TrimSpace(name); func() bool { _, err := value.IsType(nil, full); return err == nil }() {
			return full
		}
	}
	return name
}

// classType is a class or an enum a script defined.
type classType struct {
	name    string
	def     *syntax.TypeDef
	file    *syntax.File
	base    *classType
	enum    *value.EnumType      // set for an enum
	statics map[string]*variable // static properties, by lower-case name
}

// lookup finds a script type by the name written in a cast or type literal.
func (t *typeTable) lookup(name string) *classType {
	if t == nil || len(t.types) == 0 {
		return nil
	}
	n := strings.TrimSpace(name)
	for strings.HasPrefix(n, "[") && strings.HasSuffix(n, "]") {
		n = strings.TrimSpace(n[1 : len(n)-1])
	}
	return t.types[strings.ToLower(n)]
}

// convert is a cast to a script type, or to one licsh knows.
func (t *typeTable) convert(v any, typeName string) (any, error) {
	if ct := t.lookup(typeName); ct != nil {
		return t.r.toClass(v, ct)
	}
	if elem, ok := strings.CutSuffix(strings.TrimSpace(typeName), "[]"); ok {
		if ct := t.lookup(elem); ct != nil {
			if v == nil {
				return nil, nil
			}
			items := itemsOf(v)
			out := make([]any, len(items))
			for i, it := range items {
				c, err := t.r.toClass(it, ct)
				if err != nil {
					return nil, err
				}
				out[i] = c
			}
			return out, nil
		}
	}
	return value.Convert(v, t.generic(t.resolve(typeName)))
}

// generic rewrites a generic type whose element is a script class, such as
// List[Person], to the same type of objects, which holds them alike.
func (t *typeTable) generic(name string) string {
	open := strings.IndexByte(name, '[')
	if open < 0 || !strings.HasSuffix(name, "]") || t == nil || len(t.types) == 0 {
		return name
	}
	args := strings.Split(name[open+1:len(name)-1], ",")
	changed := false
	for i, a := range args {
		if t.lookup(a) != nil {
			args[i], changed = "object", true
		}
	}
	if !changed {
		return name
	}
	return name[:open+1] + strings.Join(args, ",") + "]"
}

// isType is -is for script types and the types licsh knows.
func (t *typeTable) isType(v any, typeName string) (bool, error) {
	if ct := t.lookup(typeName); ct != nil {
		switch x := v.(type) {
		case value.Enum:
			return ct.enum != nil && x.Type == ct.enum, nil
		case *instance:
			for c := x.cls; c != nil; c = c.base {
				if c == ct {
					return true, nil
				}
			}
		}
		return false, nil
	}
	return value.IsType(v, t.generic(t.resolve(typeName)))
}

// defineTypes runs the using statements and defines the classes and
// enums among stmts before any of them runs, as PowerShell does when it
// parses a script.
func (r *Runner) defineTypes(ctx context.Context, sc *scope, f *syntax.File, stmts []syntax.Stmt) error {
	for _, st := range stmts {
		if u, ok := st.(*syntax.UsingStmt); ok {
			if err := r.runUsing(ctx, sc, u); err != nil {
				return withPosition(err, f, u.Span)
			}
		}
	}
	for _, st := range stmts {
		td, ok := st.(*syntax.TypeDef)
		if !ok {
			continue
		}
		ct := &classType{name: td.Name, def: td, file: f, statics: map[string]*variable{}}
		if r.types.types == nil {
			r.types.types = map[string]*classType{}
		}
		r.types.types[strings.ToLower(td.Name)] = ct
		if td.Enum {
			if err := r.defineEnum(ctx, ct); err != nil {
				return withPosition(err, f, td.Span)
			}
			continue
		}
		if len(td.Base) > 0 {
			ct.base = r.types.lookup(td.Base[0])
		}
		for _, m := range td.Members {
			if m.Method || !m.Static {
				continue
			}
			v, err := r.memberDefault(ctx, ct, m, nil)
			if err != nil {
				return withPosition(err, f, m.Span)
			}
			ct.statics[strings.ToLower(m.Name)] = &variable{name: m.Name, value: v, typeName: m.Type}
		}
	}
	return nil
}

// runUsing runs a using statement: a namespace for type names, or a module
// to import (a path relative to the script's folder).
func (r *Runner) runUsing(ctx context.Context, sc *scope, u *syntax.UsingStmt) error {
	switch u.Kind {
	case "namespace":
		if !slices.ContainsFunc(r.types.namespaces, func(n string) bool { return strings.EqualFold(n, u.Name) }) {
			r.types.namespaces = append(r.types.namespaces, u.Name)
		}
	case "module":
		name := u.Name
		if root, ok := sc.valueOf("PSScriptRoot").(string); ok && root != "" && isModulePath(name) && !filepath.IsAbs(name) {
			name = filepath.Join(root, name)
		}
		if _, err := r.importModule(ctx, sc, name, ImportOptions{}, discard); err != nil {
			return err
		}
	}
	return nil
}

func (r *Runner) defineEnum(ctx context.Context, ct *classType) error {
	et := &value.EnumType{Name: ct.name}
	for _, a := range ct.def.Attributes {
		if n := strings.ToLower(a.Name); n == "flags" || n == "flagsattribute" || n == "system.flags" || n == "system.flagsattribute" {
			et.Flags = true
		}
	}
	next := int64(0)
	for _, m := range ct.def.Values {
		if m.Value != nil {
			v, err := r.eval(ctx, r.global, ct.file, m.Value)
			if err != nil {
				return err
			}
			n, err := value.Convert(v, "long")
			if err != nil {
				return err
			}
			next = n.(int64)
		}
		et.Names = append(et.Names, m.Name)
		et.Values = append(et.Values, next)
		next++
	}
	ct.enum = et
	return nil
}

// memberDefault is a property's initial value: its initializer, or the
// zero of a value type ($null for strings and objects).
func (r *Runner) memberDefault(ctx context.Context, ct *classType, m *syntax.Member, this *instance) (any, error) {
	var v any
	if m.Default != nil {
		sc := newScope(r.global)
		if this != nil {
			sc.setLocal("this", this)
		}
		var err error
		if v, err = r.eval(ctx, sc, ct.file, m.Default); err != nil {
			return nil, err
		}
	}
	if m.Type == "" || v == nil && !isValueType(m.Type) {
		return v, nil
	}
	return r.types.convert(v, m.Type)
}

// isValueType reports whether a type's default is a zero rather than $null.
func isValueType(name string) bool {
	switch strings.TrimPrefix(strings.ToLower(name), "system.") {
	case "int", "int32", "long", "int64", "double", "float", "single", "decimal", "bool", "boolean",
		"switch", "datetime", "timespan", "guid", "char", "byte":
		return true
	}
	return false
}

// instance is an object of a script class.
type instance struct {
	cls    *classType
	r      *Runner
	fields *value.Object
}

// TypeNames gives the class and its base classes.
func (o *instance) TypeNames() []string {
	var names []string
	for c := o.cls; c != nil; c = c.base {
		names = append(names, c.name)
	}
	return append(names, "System.Object")
}

// Property reads a property, hidden ones too.
func (o *instance) Property(name string) (any, bool) { return o.fields.Get(name) }

// PropertyNames lists the properties that are not hidden, base class
// first, as Format-Table shows them.
func (o *instance) PropertyNames() []string {
	var names []string
	for _, p := range o.fields.Props() {
		if !o.hidden(p.Name) {
			names = append(names, p.Name)
		}
	}
	return names
}

func (o *instance) hidden(name string) bool {
	if m := o.cls.member(name); m != nil {
		return m.Hidden
	}
	return false
}

// SetProperty assigns a property, converted to its declared type.
func (o *instance) SetProperty(name string, v any) error {
	m := o.cls.member(name)
	if m == nil || !o.fields.Has(name) {
		return &value.Error{ID: "PropertyNotFound", Category: "InvalidOperation",
			Message: fmt.Sprintf("The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)}
	}
	if m.Type != "" {
		conv, err := o.r.types.convert(v, m.Type)
		if err != nil {
			return err
		}
		v = conv
	}
	o.fields.Set(m.Name, v)
	return nil
}

// String is the class's ToString() when it has one, its name otherwise.
func (o *instance) String() string {
	if m := o.cls.method("ToString", 0, false); m != nil {
		v, err := o.r.callMember(context.Background(), m.cls, o, m.m, nil)
		if err == nil {
			return value.ToString(v)
		}
	}
	return o.cls.name
}

// member finds a property of the class or its bases.
func (c *classType) member(name string) *syntax.Member {
	for ct := c; ct != nil; ct = ct.base {
		if ct.def == nil {
			continue
		}
		for _, m := range ct.def.Members {
			if !m.Method && !m.Static && strings.EqualFold(m.Name, name) {
				return m
			}
		}
	}
	return nil
}

// boundMethod is a method and the class that declares it.
type boundMethod struct {
	cls *classType
	m   *syntax.Member
}

// method finds the method of that name taking n arguments, in the class
// or the nearest base that has one.
func (c *classType) method(name string, n int, static bool) *boundMethod {
	for ct := c; ct != nil; ct = ct.base {
		for _, m := range ct.def.Members {
			if m.Method && !m.Ctor && m.Static == static && strings.EqualFold(m.Name, name) && len(m.Params) == n {
				return &boundMethod{ct, m}
			}
		}
	}
	return nil
}

// hasMethod reports whether the class has a method of that name at all.
func (c *classType) hasMethod(name string, static bool) bool {
	for ct := c; ct != nil; ct = ct.base {
		for _, m := range ct.def.Members {
			if m.Method && !m.Ctor && m.Static == static && strings.EqualFold(m.Name, name) {
				return true
			}
		}
	}
	return false
}

func overloadError(name string, n int) *ErrorRecord {
	rec := NewError("MethodCountCouldNotFindBest", "NotSpecified", nil,
		fmt.Sprintf("Cannot find an overload for \"%s\" and the argument count: \"%d\".", name, n))
	rec.Exception.Type = "System.Management.Automation.MethodException"
	return rec
}

// newInstance is [Class]::new(args): the properties with their initial
// values, base class first, then the constructor that takes that many
// arguments.
func (r *Runner) newInstance(ctx context.Context, ct *classType, args []any) (*instance, error) {
	if ct.enum != nil {
		return nil, overloadError("new", len(args))
	}
	o := &instance{cls: ct, r: r, fields: value.NewObject()}
	var chain []*classType
	for c := ct; c != nil; c = c.base {
		chain = append([]*classType{c}, chain...)
	}
	for _, c := range chain {
		for _, m := range c.def.Members {
			if m.Method || m.Static {
				continue
			}
			v, err := r.memberDefault(ctx, c, m, o)
			if err != nil {
				return nil, err
			}
			o.fields.Set(m.Name, v)
		}
	}
	if err := r.construct(ctx, ct, o, args); err != nil {
		return nil, err
	}
	return o, nil
}

// construct runs the constructor of ct that takes args, after the base
// class's (the one `: base(...)` names, or the one without arguments).
func (r *Runner) construct(ctx context.Context, ct *classType, o *instance, args []any) error {
	var ctors []*syntax.Member
	for _, m := range ct.def.Members {
		if m.Ctor && !m.Static {
			ctors = append(ctors, m)
		}
	}
	if len(ctors) == 0 {
		if len(args) > 0 {
			return overloadError("new", len(args))
		}
		if ct.base != nil {
			return r.construct(ctx, ct.base, o, nil)
		}
		return nil
	}
	var ctor *syntax.Member
	for _, m := range ctors {
		if len(m.Params) == len(args) {
			ctor = m
			break
		}
	}
	if ctor == nil {
		return overloadError("new", len(args))
	}
	sc, err := r.methodScope(ctx, ct, o, ctor, args)
	if err != nil {
		return err
	}
	if ct.base != nil {
		var baseArgs []any
		if ctor.CallsBase {
			if baseArgs, err = r.methodArgs(ctx, sc, ct.file, ctor.BaseArgs); err != nil {
				return err
			}
		}
		if err := r.construct(ctx, ct.base, o, baseArgs); err != nil {
			return err
		}
	}
	err = r.runCall(ctx, sc, ct.file, ctor.Body.End, discard)
	if _, ok := err.(*returnFlow); ok {
		return nil
	}
	return err
}

// methodScope is the scope a method runs in: below the global one, with
// $this and the parameters, converted to their types.
func (r *Runner) methodScope(ctx context.Context, ct *classType, this *instance, m *syntax.Member, args []any) (*scope, error) {
	sc := newScope(r.global)
	sc.method = true
	sc.funcName = m.Name
	if this != nil {
		sc.setLocal("this", this)
	}
	for i, p := range m.Params {
		var v any
		if i < len(args) {
			v = args[i]
		}
		if p.Type != "" {
			if err := sc.setTyped(p.Name, p.Type, v); err != nil {
				return nil, err
			}
			continue
		}
		sc.setLocal(p.Name, v)
	}
	return sc, nil
}

// callMember runs a method: only what return gives is its result, converted
// to the return type; what its statements output is dropped, as in
// PowerShell's classes.
func (r *Runner) callMember(ctx context.Context, ct *classType, this *instance, m *syntax.Member, args []any) (any, error) {
	sc, err := r.methodScope(ctx, ct, this, m, args)
	if err != nil {
		return nil, err
	}
	var ret any
	err = r.runCall(ctx, sc, ct.file, m.Body.End, discard)
	if rf, ok := err.(*returnFlow); ok {
		ret, err = rf.value, nil
	}
	if err != nil {
		return nil, err
	}
	if m.Type == "" || strings.EqualFold(m.Type, "void") {
		return nil, nil
	}
	return r.types.convert(ret, m.Type)
}

// toClass converts a value to a script class or enum: an object of the
// class (or a subclass) as it is, a hashtable as the properties of a new
// object, anything else as the one argument of a constructor.
func (r *Runner) toClass(v any, ct *classType) (any, error) {
	if ct.enum != nil {
		return ct.enum.Parse(v)
	}
	if v == nil {
		return nil, nil
	}
	if ok, _ := r.types.isType(v, ct.name); ok {
		return v, nil
	}
	if h, ok := v.(*value.Hashtable); ok {
		o, err := r.newInstance(context.Background(), ct, nil)
		if err != nil {
			return nil, err
		}
		for _, e := range h.Entries() {
			if err := o.SetProperty(value.ToString(e.Key), e.Value); err != nil {
				return nil, err
			}
		}
		return o, nil
	}
	o, err := r.newInstance(context.Background(), ct, []any{v})
	if err != nil {
		return nil, &value.Error{ID: "ConvertToFinalInvalidCastException", Category: "InvalidArgument",
			Message: fmt.Sprintf("Cannot convert the \"%s\" value of type \"%s\" to type \"%s\".", value.ToString(v), value.TypeName(v), ct.name)}
	}
	return o, nil
}

// staticMember reads [Type]::Name of a script type: an enum's value or a
// class's static property.
func (r *Runner) staticMember(ct *classType, name string) (any, error) {
	if ct.enum != nil {
		for i, n := range ct.enum.Names {
			if strings.EqualFold(n, name) {
				return value.Enum{Type: ct.enum, Value: ct.enum.Values[i]}, nil
			}
		}
		return nil, nil
	}
	for c := ct; c != nil; c = c.base {
		if v, ok := c.statics[strings.ToLower(name)]; ok {
			return v.value, nil
		}
	}
	return nil, nil
}

// setStatic assigns [Class]::Name.
func (r *Runner) setStatic(ct *classType, name string, v any) error {
	for c := ct; c != nil; c = c.base {
		if sv, ok := c.statics[strings.ToLower(name)]; ok {
			if sv.typeName != "" {
				conv, err := r.types.convert(v, sv.typeName)
				if err != nil {
					return err
				}
				v = conv
			}
			sv.value = v
			return nil
		}
	}
	return &value.Error{ID: "PropertyNotFound", Category: "InvalidOperation",
		Message: fmt.Sprintf("The property '%s' cannot be found on this object. Verify that the property exists and can be set.", name)}
}

// staticCall runs [Type]::Method(args) for a script type: new, a static
// method, or an enum's GetNames and GetValues.
func (r *Runner) staticCall(ctx context.Context, ct *classType, name string, args []any) (any, error) {
	if strings.EqualFold(name, "new") {
		return r.newInstance(ctx, ct, args)
	}
	if ct.enum != nil {
		return enumStatic(ct.enum, name, args)
	}
	if m := ct.method(name, len(args), true); m != nil {
		return r.callMember(ctx, m.cls, nil, m.m, args)
	}
	if ct.hasMethod(name, true) {
		return nil, overloadError(name, len(args))
	}
	return nil, &value.Error{ID: "MethodNotFound", Category: "InvalidOperation",
		Message: fmt.Sprintf("Method invocation failed because [%s] does not contain a method named '%s'.", ct.name, name)}
}

// instanceCall runs $obj.Method(args) on an object of a script class.
func (r *Runner) instanceCall(ctx context.Context, o *instance, name string, args []any) (any, bool, error) {
	if m := o.cls.method(name, len(args), false); m != nil {
		v, err := r.callMember(ctx, m.cls, o, m.m, args)
		return v, true, err
	}
	if o.cls.hasMethod(name, false) {
		return nil, true, overloadError(name, len(args))
	}
	switch strings.ToLower(name) {
	case "tostring":
		return o.String(), true, nil
	case "gettype":
		return value.Type{Name: o.cls.name}, true, nil
	case "equals":
		if len(args) == 1 {
			return args[0] == any(o), true, nil
		}
	}
	return nil, true, &value.Error{ID: "MethodNotFound", Category: "InvalidOperation",
		Message: fmt.Sprintf("Method invocation failed because [%s] does not contain a method named '%s'.", o.cls.name, name)}
}

// enumStatic is [System.Enum]'s GetNames, GetValues, Parse and IsDefined
// for an enum, and [Enum]::Name methods called on the enum itself.
func enumStatic(et *value.EnumType, name string, args []any) (any, error) {
	switch strings.ToLower(name) {
	case "getnames":
		out := make([]any, len(et.Names))
		for i, n := range et.Names {
			out[i] = n
		}
		return out, nil
	case "getvalues":
		out := make([]any, len(et.Values))
		for i, v := range et.Values {
			out[i] = value.Enum{Type: et, Value: v}
		}
		return out, nil
	case "parse":
		if len(args) >= 1 {
			return et.Parse(args[len(args)-1])
		}
	case "isdefined":
		if len(args) >= 1 {
			_, err := et.Parse(args[len(args)-1])
			return err == nil, nil
		}
	}
	return nil, &value.Error{ID: "MethodNotFound", Category: "InvalidOperation",
		Message: fmt.Sprintf("Method invocation failed because [%s] does not contain a method named '%s'.", et.Name, name)}
}

// systemEnumCall is [enum]::GetNames([Color]) and the like, whose first
// argument names a script enum.
func (r *Runner) systemEnumCall(typeName, name string, args []any) (any, bool, error) {
	t := strings.TrimPrefix(strings.ToLower(typeName), "system.")
	if t != "enum" || len(args) == 0 {
		return nil, false, nil
	}
	tv, ok := args[0].(value.Type)
	if !ok {
		return nil, false, nil
	}
	ct := r.types.lookup(tv.Name)
	if ct == nil || ct.enum == nil {
		return nil, false, nil
	}
	v, err := enumStatic(ct.enum, name, args)
	return v, true, err
}

// NewInstance makes an object of a class the session's scripts defined, as
// New-Object does; ok is false when no script class has that name.
func (c *Call) NewInstance(typeName string, args []any) (v any, ok bool, err error) {
	ct := c.r.types.lookup(typeName)
	if ct == nil || ct.enum != nil {
		return nil, false, nil
	}
	o, err := c.r.newInstance(c.ctx, ct, args)
	return o, true, err
}
