// Command hclfmt is the formatting oracle for consul-ls's tests: it formats each file named on the command line
// with hashicorp/hcl v1's printer (`printer.Format`, what `hclfmt` does) or, with -json, with Go's
// `json.Indent(dst, src, "", "  ")` plus a final newline, and prints the result.
//
// Built by tests/format_oracle.rs with `GO111MODULE=off GOPATH=/usr/share/gocode go build` against Debian's
// golang-github-hashicorp-hcl-dev (hashicorp/hcl v1.0.0).
//
// Output: for each file, a header line `=== ok N` or `=== error N` (N = byte length of the body that follows),
// then the body (the formatted text, or the error message), then a newline. Exit 0 unless a file cannot be read.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/hcl/printer"
)

func main() {
	asJSON := flag.Bool("json", false, "format as JSON (json.Indent with two spaces) instead of HCL")
	flag.Parse()
	out := bufferedStdout()
	for _, path := range flag.Args() {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintf(os.Stderr, "hclfmt: %v\n", err)
			os.Exit(2)
		}
		var formatted []byte
		if *asJSON {
			// json.Indent copies whitespace after the value; the formatter ends with exactly one newline.
			var buf bytes.Buffer
			err = json.Indent(&buf, bytes.TrimRight(src, " \t\r\n"), "", "  ")
			if err == nil {
				buf.WriteByte('\n')
				formatted = buf.Bytes()
			}
		} else {
			formatted, err = printer.Format(src)
		}
		if err != nil {
			msg := err.Error()
			fmt.Fprintf(out, "=== error %d\n%s\n", len(msg), msg)
		} else {
			fmt.Fprintf(out, "=== ok %d\n%s\n", len(formatted), formatted)
		}
	}
	out.Flush()
}

type flusher struct{ bytes.Buffer }

func bufferedStdout() *flusher { return &flusher{} }

func (f *flusher) Flush() { os.Stdout.Write(f.Bytes()) }
