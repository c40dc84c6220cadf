-- consul-ls: user commands, defined as soon as the plugin is on 'runtimepath' (also when the server is started
-- with vim.lsp.enable('consul_ls') alone, without require('consul-ls').setup()).
if vim.g.loaded_consul_ls == 1 or vim.fn.has('nvim-0.8') ~= 1 then
  return
end
vim.g.loaded_consul_ls = 1
require('consul-ls').create_commands()
