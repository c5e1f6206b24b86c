package runner

import (
	"reflect"
	"testing"
)

// TestKeyCoversEveryProgramField changes each field of Program in turn, so
// a field added later cannot be left out of the cache key.
func TestKeyCoversEveryProgramField(t *testing.T) {
	r := &Runner{}
	base := Program{Source: []byte("package main\nfunc main() {}\n")}
	k := r.key(&base, testToolchain)
	typ := reflect.TypeFor[Program]()
	for i := range typ.NumField() {
		p := base
		f := reflect.ValueOf(&p).Elem().Field(i)
		if !setNonZero(f) {
			t.Errorf("field %s: the test cannot set a %s; teach setNonZero", typ.Field(i).Name, f.Type())
			continue
		}
		if r.key(&p, testToolchain) == k {
			t.Errorf("changing Program.%s leaves the cache key as it was", typ.Field(i).Name)
		}
	}
}

// setNonZero gives v a value other than the one it has.
func setNonZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Uint8:
		v.SetUint(v.Uint() + 1)
	case reflect.Int, reflect.Int64:
		v.SetInt(v.Int() + 12345)
	case reflect.String:
		v.SetString(v.String() + "x")
	case reflect.Slice:
		elem := reflect.New(v.Type().Elem()).Elem()
		if !setNonZero(elem) {
			return false
		}
		v.Set(reflect.Append(v, elem))
	case reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		key := reflect.New(v.Type().Key()).Elem()
		val := reflect.New(v.Type().Elem()).Elem()
		if !setNonZero(key) || !setNonZero(val) {
			return false
		}
		v.SetMapIndex(key, val)
	default:
		return false
	}
	return true
}
