package book

import (
	"cmp"
	"fmt"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// fieldDecoder decodes front matter field by field rather than in one
// yaml.Decode, so every field's problem is reported at once, at its file
// line, in words an author knows ("weight must be a whole number").
type fieldDecoder struct {
	file    string
	maxLine int // the closing "---"
	errs    *ErrorList
}

// line is the file line of a YAML node: the YAML starts on line 2.
func (d *fieldDecoder) line(n *yaml.Node) int { return min(n.Line+1, d.maxLine) }

func (d *fieldDecoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errs.errorf(d.file, d.line(n), 0, "front matter: "+format, args...)
}

// document decodes a parsed YAML document into the struct v points to.
func (d *fieldDecoder) document(doc *yaml.Node, v any) {
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return // empty front matter
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return
	}
	d.mapping(root, reflect.ValueOf(v).Elem(), "")
}

// mapping decodes the YAML mapping n into the struct v, field by field;
// where names a nested value in messages ("sources, item 2"), "" at the
// top.
func (d *fieldDecoder) mapping(n *yaml.Node, v reflect.Value, where string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s must be fields, one \"name: value\" a line%s", cmp.Or(where, "it"), got(n))
		return
	}
	if where != "" {
		where += ": "
	}
	fields := yamlFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if first, ok := seen[k.Value]; ok {
			d.errorf(k, "%s%s is given twice (first at line %d)", where, k.Value, first)
			continue
		}
		seen[k.Value] = d.line(k)
		f, ok := fields[k.Value]
		if !ok {
			d.errorf(k, "%sunknown field %s (valid: %s)", where, k.Value, validNames(v.Type()))
			continue
		}
		d.value(val, v.FieldByIndex(f.Index), where+k.Value)
	}
}

// value decodes node n into v, the field named name.
func (d *fieldDecoder) value(n *yaml.Node, v reflect.Value, name string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	_, custom := v.Addr().Interface().(yaml.Unmarshaler)
	switch {
	case custom:
	case v.Kind() == reflect.Struct:
		d.mapping(n, v, name)
		return
	case v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Struct && n.Kind == yaml.SequenceNode:
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.mapping(item, s.Index(i), fmt.Sprintf("%s, item %d", name, i+1))
		}
		v.Set(s)
		return
	}
	if isInt(v.Type()) && !custom && n.Tag != "!!int" {
		// yaml.v3 would cut 1.5 to 1 without a word.
		d.errorf(n, "%s must be a whole number%s", name, got(n))
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		if custom {
			d.errorf(n, "%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
			return
		}
		d.errorf(n, "%s must be %s%s", name, kindName(v.Type()), got(n))
	}
}

// got quotes a scalar an author wrote, for a message.
func got(n *yaml.Node) string {
	if n.Kind != yaml.ScalarNode {
		return ""
	}
	return fmt.Sprintf(", not %q", n.Value)
}

func isInt(t reflect.Type) bool {
	return t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64
}

// kindName says in words what a field of type t holds.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.String:
		return "text"
	case reflect.Slice:
		return "a list of " + strings.TrimPrefix(kindName(t.Elem()), "a ")
	case reflect.Map, reflect.Struct:
		return "fields, one \"name: value\" a line"
	}
	return "a " + t.String()
}

// yamlFields maps the YAML names of struct type t's fields to them.
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	fields := map[string]reflect.StructField{}
	for _, f := range reflect.VisibleFields(t) {
		if name := yamlName(f); name != "" {
			fields[name] = f
		}
	}
	return fields
}

// validNames lists t's YAML field names in declaration order.
func validNames(t reflect.Type) string {
	var names []string
	for _, f := range reflect.VisibleFields(t) {
		if name := yamlName(f); name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

func yamlName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if !f.IsExported() || tag == "-" || f.Anonymous {
		return ""
	}
	if tag == "" {
		return strings.ToLower(f.Name)
	}
	return tag
}
