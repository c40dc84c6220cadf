#!/usr/bin/env bash
# Seeds the fuzz corpora (fuzz/corpus/TARGET/) from the repository's fixtures and test data. The corpora are not
# committed: run this before fuzzing (`.ci/fuzz` does). Existing corpus files are kept; seeds are named by
# content, so running it twice adds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus

add() { # add TARGET FILE: copy FILE into the target's corpus under its content hash
  local target=$1 file=$2
  mkdir -p "$corpus/$target"
  cp "$file" "$corpus/$target/seed-$(sha1sum "$file" | cut -c1-16)"
}

sources=(fixtures tests/data)
while IFS= read -r -d '' file; do
  case "$file" in
    *.hcl) add hcl "$file"; add format "$file" ;;
    *.json) add json "$file"; add format "$file" ;;
    *.yaml|*.yml) add yaml "$file" ;;
  esac
done < <(find "${sources[@]}" -type f \( -name '*.hcl' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) -print0)

# analysis: one seed per fixture folder: its manifest, then up to four files (a tag byte picks the folder —
# c1, c2, root — and the syntax: 0-2 HCL, 3-5 JSON, 6-8 YAML), pieces split by 0xFF, then an edit (file 1,
# offset 40, delete 3 bytes, insert "x").
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for dir in fixtures/*/; do
  : > "$tmp"
  [ -f "$dir/consul-ls.hcl" ] && cat "$dir/consul-ls.hcl" >> "$tmp"
  n=0
  while IFS= read -r -d '' file; do
    [ "$n" -ge 4 ] && break
    case "$file" in
      *.json) base=3 ;;
      *.yaml|*.yml) base=6 ;;
      *) base=0 ;;
    esac
    printf '\xff' >> "$tmp"
    printf "\\x0$((base + n % 2))" >> "$tmp"
    cat "$file" >> "$tmp"
    n=$((n + 1))
  done < <(find "$dir" -type f \( -name '*.hcl' -o -name '*.json' -o -name '*.yaml' -o -name '*.yml' \) ! -name consul-ls.hcl -print0 | sort -z)
  [ "$n" -eq 0 ] && continue
  printf '\xff\x01\x00\x28\x03x' >> "$tmp"
  add analysis "$tmp"
done

# lsp_messages: a session as an editor starts it (mode byte 0: raw bytes), and one of the structured sessions
# (mode byte 1: pieces that become well-formed or malformed frames).
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
{
  printf '\x00'
  frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
  frame '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///w/a.hcl","languageId":"hcl","version":1,"text":"service {\n  name = \"web\"\n}\n"}}}'
  frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///w/a.hcl"},"position":{"line":1,"character":3}}}'
  frame '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":2}}'
  frame '{"jsonrpc":"2.0","id":3,"result":null}'
  printf 'Content-Length: 90\r\n\r\n{"jsonrpc":"2.0","method":"x"}'
  printf 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}'
  frame '{"jsonrpc":"2.0","id":4,"method":"shutdown"}'
  frame '{"jsonrpc":"2.0","method":"exit"}'
} > "$tmp"
add lsp_messages "$tmp"
printf '\x01\x00\x05hello\xff\x02\x10abc\xff\x03\x04def\xff\x04\x00ghi\xff\x05\x00jkl\xff\x06\x00mno\xff\x01\x00\xe2\x82\xac' > "$tmp"
add lsp_messages "$tmp"

for target in "$corpus"/*; do
  echo "$(basename "$target"): $(find "$target" -type f | wc -l) files"
done
