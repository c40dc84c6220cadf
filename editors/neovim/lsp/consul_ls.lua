-- consul-ls: language server for HashiCorp Consul configuration (HCL and JSON).
-- https://github.com/ (consul-ls repository), `cargo install --path .` puts `consul-ls` on PATH.
--
-- A config in the nvim-lspconfig style for Neovim >= 0.11: with this folder on 'runtimepath',
--   vim.lsp.enable('consul_ls')
-- starts it for HCL and JSON buffers. A `consul-ls.hcl` manifest marks the root of a workspace of Consul
-- clusters; without one, the enclosing git repository is the workspace. The server stays silent on files that
-- are not Consul configuration (Terraform, package.json, ...).

---@type vim.lsp.Config
return {
  cmd = { 'consul-ls', 'serve' },
  filetypes = { 'hcl', 'json' },
  root_markers = { 'consul-ls.hcl', '.git' },
}
