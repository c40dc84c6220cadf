-- consul-ls for Neovim: require('consul-ls').setup(opts)
--
-- Neovim >= 0.11: registers the config with vim.lsp.config('consul_ls', ...) and vim.lsp.enable('consul_ls').
-- Neovim 0.8 - 0.10: starts the server with vim.lsp.start() from a FileType autocommand.
local M = {}

M.name = 'consul_ls'

--- The defaults; the same as lsp/consul_ls.lua.
function M.default_config()
  return {
    cmd = { 'consul-ls', 'serve' },
    filetypes = { 'hcl', 'json', 'yaml' },
    root_markers = { 'consul-ls.hcl', '.git' },
  }
end

local function notify(message, level)
  vim.schedule(function()
    vim.notify('consul-ls: ' .. message, level or vim.log.levels.ERROR)
  end)
end

--- `*.hcl` files are HCL; Neovim knows that since 0.8, older setups or overrides may not.
function M.ensure_hcl_filetype()
  if vim.filetype == nil or vim.filetype.add == nil then
    vim.cmd([[autocmd BufRead,BufNewFile *.hcl setfiletype hcl]])
    return
  end
  local detected = vim.filetype.match and vim.filetype.match({ filename = 'consul.hcl' }) or nil
  if detected ~= 'hcl' then
    vim.filetype.add({ extension = { hcl = 'hcl' } })
  end
end

--- The workspace root of a buffer: the closest folder with a root marker, earlier markers first
--- (a consul-ls.hcl further up beats a closer .git); nil when there is none.
function M.find_root(bufnr, root_markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return nil
  end
  local start = vim.fs.dirname(name)
  for _, marker in ipairs(root_markers) do
    local found = vim.fs.find(marker, { path = start, upward = true, limit = 1 })[1]
    if found then
      return vim.fs.dirname(found)
    end
  end
  return nil
end

--- Whether the `cmd[1]` binary can be run; a clear message instead of a cryptic spawn error.
local function check_cmd(cmd)
  if type(cmd) ~= 'table' or type(cmd[1]) ~= 'string' then
    return true -- a function (custom transport): nothing to check
  end
  if vim.fn.executable(cmd[1]) == 1 then
    return true
  end
  notify(
    string.format(
      "cannot start the language server: '%s' is not an executable (install consul-ls so that it is on PATH, "
        .. "e.g. `cargo install --path .` in the consul-ls repository, or pass setup({ cmd = { '/path/to/consul-ls', 'serve' } }))",
      cmd[1]
    )
  )
  return false
end

local function use_native(opts)
  return opts.legacy ~= true and vim.fn.has('nvim-0.11') == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

--- Sets consul-ls up. `opts` takes any vim.lsp.Config / vim.lsp.start() field (cmd, cmd_env, filetypes,
--- root_markers, settings, capabilities, on_attach, ...), plus:
---   detect_hcl = false   do not add `*.hcl` filetype detection
---   legacy = true        use vim.lsp.start() even on Neovim >= 0.11
function M.setup(opts)
  opts = opts or {}
  if vim.fn.has('nvim-0.8') ~= 1 then
    notify('needs Neovim 0.8 or newer (vim.lsp.start); this is ' .. tostring(vim.version and vim.version() or 'older'))
    return false
  end
  if opts.detect_hcl ~= false then
    M.ensure_hcl_filetype()
  end
  M.create_commands()

  -- Top-level keys replace the defaults whole (a merge by index would turn cmd = { '/x/consul-ls' } into
  -- { '/x/consul-ls', 'serve' }).
  local config = M.default_config()
  for key, value in pairs(opts) do
    if key ~= 'detect_hcl' and key ~= 'legacy' then
      config[key] = value
    end
  end

  if use_native(opts) then
    if not check_cmd(config.cmd) then
      return false
    end
    vim.lsp.config(M.name, config)
    vim.lsp.enable(M.name)
    M.mode = 'native'
    return true
  end

  if not check_cmd(config.cmd) then
    return false
  end
  local root_markers = config.root_markers
  local filetypes = config.filetypes
  config.root_markers = nil
  config.filetypes = nil
  local group = vim.api.nvim_create_augroup('consul-ls', { clear = true })
  local function start(bufnr)
    if vim.bo[bufnr].buftype ~= '' or vim.api.nvim_buf_get_name(bufnr) == '' then
      return
    end
    local start_config = vim.deepcopy(config)
    start_config.name = M.name
    start_config.root_dir = M.find_root(bufnr, root_markers)
    if start_config.root_dir == nil then
      -- Without a workspace: the file's own folder, so single files still get checked.
      start_config.root_dir = vim.fs.dirname(vim.api.nvim_buf_get_name(bufnr))
    end
    vim.lsp.start(start_config, { bufnr = bufnr })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = filetypes,
    callback = function(args)
      start(args.buf)
    end,
  })
  -- Buffers opened before setup() ran.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(filetypes, vim.bo[bufnr].filetype) then
      start(bufnr)
    end
  end
  M.mode = 'legacy'
  return true
end

--- The consul_ls client of `bufnr`, else any running one.
local function find_client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = M.name })[1] or get({ name = M.name })[1]
end

M.topology_buffer_name = 'consul-ls://topology'

--- Shows `text` in the topology buffer: the one already open (its window is focused), else a new split
--- (`mods` as given to the command, e.g. 'vertical').
local function show_topology(text, filetype, mods)
  local bufnr = vim.fn.bufnr(M.topology_buffer_name)
  local winid = bufnr ~= -1 and vim.fn.bufwinid(bufnr) or -1
  if winid ~= -1 then
    vim.api.nvim_set_current_win(winid)
  else
    vim.cmd(((mods and mods ~= '') and (mods .. ' ') or '') .. 'new')
    if bufnr ~= -1 then
      vim.api.nvim_win_set_buf(0, bufnr)
    else
      bufnr = vim.api.nvim_get_current_buf()
      vim.api.nvim_buf_set_name(bufnr, M.topology_buffer_name)
      vim.bo[bufnr].buftype = 'nofile'
      vim.bo[bufnr].bufhidden = 'hide'
      vim.bo[bufnr].swapfile = false
    end
  end
  vim.bo[bufnr].modifiable = true
  local lines = vim.split(text, '\n', { plain = true })
  if lines[#lines] == '' then
    table.remove(lines)
  end
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, lines)
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].modified = false
  vim.bo[bufnr].filetype = filetype
  return bufnr
end

--- `:ConsulTopology [mermaid|dot]`: the workspace's topology (the server's `consul-ls/graph`, what
--- `consul-ls graph` prints) in a split; edges with findings are red and labelled with their codes.
--- opts: { format = 'mermaid' | 'dot', mods = '' }. Asynchronous; returns whether the request was sent.
function M.topology(opts)
  opts = opts or {}
  local format = (opts.format and opts.format ~= '') and opts.format or 'mermaid'
  if format ~= 'mermaid' and format ~= 'dot' then
    notify("ConsulTopology: unknown format '" .. format .. "' (mermaid or dot)")
    return false
  end
  local bufnr = vim.api.nvim_get_current_buf()
  local client = find_client(bufnr)
  if client == nil then
    notify('ConsulTopology: the consul-ls server is not running (open a Consul file first)')
    return false
  end
  local function handler(err, result)
    if err or type(result) ~= 'table' or type(result[format]) ~= 'string' then
      notify('ConsulTopology: the server did not answer consul-ls/graph: ' .. vim.inspect(err or result))
      return
    end
    show_topology(result[format], format, opts.mods)
  end
  -- Methods take self from Neovim 0.11 on; before, they were plain functions.
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request('consul-ls/graph', vim.empty_dict(), handler, bufnr)
  end
  return client.request('consul-ls/graph', vim.empty_dict(), handler, bufnr)
end

--- Defines :ConsulTopology (plugin/consul-ls.lua does it when the plugin is on 'runtimepath').
function M.create_commands()
  vim.api.nvim_create_user_command('ConsulTopology', function(args)
    M.topology({ format = args.args, mods = args.mods })
  end, {
    nargs = '?',
    complete = function()
      return { 'mermaid', 'dot' }
    end,
    desc = 'consul-ls: the topology of the workspace (Mermaid, or DOT) in a split',
  })
end

return M
