// hcl1-oracle: decodes HCL the way Consul does (hashicorp/hcl v1: `hcl.Decode` into a
// map[string]interface{}, as Consul's agent config loader and `consul config write` do) and prints
// the result, for consul-ls's differential test (tests/hcl1_oracle.rs).
//
// Protocol, so thousands of inputs go through one process: stdin holds records, each a decimal byte
// count, a newline, then that many bytes of HCL. For each record one line of JSON goes to stdout:
//
//	{"ok": VALUE}                                  decoded
//	{"stage": "parse"|"decode", "error": "..."}    rejected (a panic inside the decoder counts as "decode")
//
// VALUE keeps the Go types apart, which plain JSON would blur: {"m": {...}} map[string]interface{},
// {"ml": [...]} []map[string]interface{}, {"l": [...]} []interface{}, {"i": 1} int, {"f": "1.5"} float64,
// {"s": "..."} string, {"b": true} bool.
//
// Build (no module download: Debian's golang-github-hashicorp-hcl-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o hcl1-oracle tests/oracle/hcl1/main.go
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl"
)

type result struct {
	Ok    interface{} `json:"ok,omitempty"`
	Stage string      `json:"stage,omitempty"`
	Error string      `json:"error,omitempty"`
}

// tagged wraps every value in a one-key object naming its Go type.
func tagged(v interface{}) interface{} {
	switch v := v.(type) {
	case map[string]interface{}:
		out := make(map[string]interface{}, len(v))
		for k, x := range v {
			out[k] = tagged(x)
		}
		return map[string]interface{}{"m": out}
	case []map[string]interface{}:
		out := make([]interface{}, len(v))
		for i, x := range v {
			out[i] = tagged(x)
		}
		return map[string]interface{}{"ml": out}
	case []interface{}:
		out := make([]interface{}, len(v))
		for i, x := range v {
			out[i] = tagged(x)
		}
		return map[string]interface{}{"l": out}
	case int:
		return map[string]interface{}{"i": v}
	case float64:
		// As text: JSON readers do not all round-trip floats exactly.
		return map[string]interface{}{"f": strconv.FormatFloat(v, 'g', -1, 64)}
	case string:
		return map[string]interface{}{"s": v}
	case bool:
		return map[string]interface{}{"b": v}
	case nil:
		return map[string]interface{}{"null": true}
	default:
		return map[string]interface{}{"other": fmt.Sprintf("%T", v)}
	}
}

func decode(src string) (res result) {
	file, err := hcl.Parse(src)
	if err != nil {
		return result{Stage: "parse", Error: err.Error()}
	}
	defer func() {
		if r := recover(); r != nil {
			res = result{Stage: "decode", Error: fmt.Sprintf("panic: %v", r)}
		}
	}()
	var raw map[string]interface{}
	if err := hcl.DecodeObject(&raw, file); err != nil {
		return result{Stage: "decode", Error: err.Error()}
	}
	if raw == nil {
		raw = map[string]interface{}{}
	}
	return result{Ok: tagged(raw)}
}

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		header, err := in.ReadString('\n')
		if err == io.EOF && header == "" {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "hcl1-oracle: reading a record header:", err)
			os.Exit(2)
		}
		n, err := strconv.Atoi(strings.TrimSpace(header))
		if err != nil || n < 0 {
			fmt.Fprintf(os.Stderr, "hcl1-oracle: bad record header %q\n", header)
			os.Exit(2)
		}
		buf := make([]byte, n)
		if _, err := io.ReadFull(in, buf); err != nil {
			fmt.Fprintln(os.Stderr, "hcl1-oracle: reading a record:", err)
			os.Exit(2)
		}
		if err := enc.Encode(decode(string(buf))); err != nil {
			fmt.Fprintln(os.Stderr, "hcl1-oracle: writing a result:", err)
			os.Exit(2)
		}
		// One flush per record would cost a system call each; the caller writes from another thread,
		// so flushing when the input runs dry is enough to avoid a deadlock.
		if in.Buffered() == 0 {
			out.Flush()
		}
	}
}
