-- consul-ls: language server for HashiCorp Consul configuration (HCL, JSON, and YAML for consul-k8s).
-- https://github.com/ (consul-ls repository), `cargo install --path .` puts `consul-ls` on PATH.
--
-- A config in the nvim-lspconfig style for Neovim >= 0.11: with this folder on 'runtimepath',
--   vim.lsp.enable('consul_ls')
-- starts it for HCL, JSON and YAML buffers (beside yaml-language-server, which keeps serving YAML). A
-- `consul-ls.hcl` manifest marks the root of a workspace of Consul clusters; without one, the enclosing git
-- repository is the workspace. The server stays silent on files that are not Consul configuration (Terraform,
-- package.json, other Kubernetes objects, ...).

---@type vim.lsp.Config
return {
  cmd = { 'consul-ls', 'serve' },
  filetypes = { 'hcl', 'json', 'yaml' },
  root_markers = { 'consul-ls.hcl', '.git' },
}
