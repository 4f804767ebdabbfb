package main

import (
	"bytes"
	"errors"
	"flag"
	"reflect"
	"regexp"
	"testing"
)

// Every sandbox.Options field, down to those of Faults, LateWrites and
// TokenFaults, is set by some flag: a documented reading or a fault that
// only Go code could choose could not be tried with cmd/sandbox or make
// sandbox. Each flag is given a value other than its default; any Options
// field left at its default has no flag.
func TestParseFlags_everyOptionHasAFlag(t *testing.T) {
	var usage bytes.Buffer
	if _, err := parseFlags([]string{"-h"}, &usage); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h: %v", err)
	}
	// Usage lines: "  -name type" ("  -name" alone for a bool).
	flags := regexp.MustCompile(`(?m)^  -([a-z0-9-]+)(?: (\w+))?`).FindAllStringSubmatch(usage.String(), -1)
	if len(flags) < 10 {
		t.Fatalf("read %d flags from the usage:\n%s", len(flags), usage.String())
	}
	// Values other than the default where the type's generic one is not valid
	// or not different.
	special := map[string]string{
		"addr":                          "127.0.0.1:1", // not an Option
		"env-file":                      "x",           // not an Option
		"unknown-paths":                 "bare",
		"webex-duplicate-assign-status": "400",
		"webex-absent-unassign-status":  "400",
		"fault-retry-after":             "7s", // default 1s
		"token-retry-after":             "7s",
	}
	generic := map[string]string{"int": "3", "int64": "3", "float": "0.5", "duration": "3s", "": "true"}
	var args []string
	for _, f := range flags {
		v, ok := special[f[1]]
		if !ok {
			if v, ok = generic[f[2]]; !ok {
				t.Fatalf("-%s: no test value for type %q: add one to special", f[1], f[2])
			}
		}
		args = append(args, "-"+f[1]+"="+v)
	}
	base, err := parseFlags(nil, &usage)
	if err != nil {
		t.Fatal(err)
	}
	all, err := parseFlags(args, &usage)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	var unset []string
	var walk func(path string, a, b reflect.Value)
	walk = func(path string, a, b reflect.Value) {
		if a.Kind() == reflect.Struct {
			for i := range a.NumField() {
				walk(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
			}
			return
		}
		if reflect.DeepEqual(a.Interface(), b.Interface()) {
			unset = append(unset, path)
		}
	}
	walk("Options", reflect.ValueOf(base.opts), reflect.ValueOf(all.opts))
	for _, p := range unset {
		t.Errorf("%s: no cmd/sandbox flag sets it (add one in parseFlags)", p)
	}
}
