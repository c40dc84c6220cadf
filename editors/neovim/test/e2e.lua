-- End-to-end test of the consul-ls Neovim plugin in a real headless Neovim:
--   nvim --headless --clean --cmd 'set rtp^=editors/neovim' -c 'luafile editors/neovim/test/e2e.lua'
-- Environment: CONSUL_LS_BIN (the binary), CONSUL_LS_REPO (repository root, for fixtures/), E2E_MODE
-- ('native': vim.lsp.config/enable; 'legacy': vim.lsp.start as on Neovim 0.8-0.10).
-- Works on temp copies of the fixtures. Also :ConsulTopology (the topology in a split). Prints one `ok`/`not ok` line per check, then `N passed, M failed`,
-- and exits non-zero when anything failed.
local bin = assert(os.getenv('CONSUL_LS_BIN'), 'CONSUL_LS_BIN is not set')
local repo = assert(os.getenv('CONSUL_LS_REPO'), 'CONSUL_LS_REPO is not set')
local mode = os.getenv('E2E_MODE') or 'native'
local TIMEOUT = tonumber(os.getenv('E2E_TIMEOUT_MS') or '20000')

local passed, failed = 0, 0
local function out(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    out('ok - [' .. mode .. '] ' .. name)
  else
    failed = failed + 1
    out('not ok - [' .. mode .. '] ' .. name)
    for line in tostring(err):gmatch('[^\n]+') do
      out('    ' .. line)
    end
  end
  return ok
end

local function finish()
  out(string.format('%d passed, %d failed', passed, failed))
  vim.cmd('cquit ' .. (failed > 0 and 1 or 0))
end

-- Set when a server exits before the test stops it: waiting for it is pointless then.
local unexpected_exit = nil
local stopping = false

local function lsp_log_tail()
  local ok, lines = pcall(vim.fn.readfile, vim.lsp.get_log_path())
  if not ok then
    return ''
  end
  return table.concat(vim.list_slice(lines, math.max(1, #lines - 15)), '\n')
end

local function wait_for(what, probe, timeout)
  local value
  local ok = vim.wait(timeout or TIMEOUT, function()
    value = probe()
    return (value ~= nil and value ~= false) or unexpected_exit ~= nil
  end, 20)
  if value ~= nil and value ~= false then
    return value
  end
  if unexpected_exit then
    error('the server exited (' .. unexpected_exit .. ') while waiting for ' .. what .. '; lsp.log:\n' .. lsp_log_tail(), 2)
  end
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
  return value
end

local function eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(string.format('%s:\n  expected %s\n  actual   %s', what or 'values differ', vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function copy_fixture(name)
  local target = vim.fn.tempname() .. '-' .. name
  local result = vim.fn.system({ 'cp', '-R', repo .. '/fixtures/' .. name, target })
  assert(vim.v.shell_error == 0, 'copying fixture ' .. name .. ': ' .. result)
  return target
end

--- fixtures/NAME/expected.snap as { [file] = { { line = 1-based, code = ..., severity = ... }, ... } }.
-- Severities as the settings given to setup() change them.
local severity_overrides = { ['peering-without-mesh-config'] = 'hint' }

local function expected_findings(name)
  local by_file = {}
  local past_header = 0
  for line in io.lines(repo .. '/fixtures/' .. name .. '/expected.snap') do
    if line == '---' then
      past_header = past_header + 1
    elseif past_header >= 2 then
      local file, l, severity, code = line:match('^(.-):(%d+):%d+%-%d+:%d+ (%a+) ([%w%-]+) ')
      if file then
        by_file[file] = by_file[file] or {}
        table.insert(by_file[file], { line = tonumber(l), code = code, severity = severity_overrides[code] or severity })
      end
    end
  end
  return by_file
end

local severity_names = { 'error', 'warning', 'information', 'hint' }

local function consul_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'consul-ls' then
      table.insert(list, d)
    end
  end
  return list
end

local function summarise(diagnostics)
  local list = {}
  for _, d in ipairs(diagnostics) do
    table.insert(list, { line = d.lnum + 1, code = d.code, severity = severity_names[d.severity] })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then
      return a.line < b.line
    end
    return a.code < b.code
  end)
  return list
end

local function sorted(list)
  table.sort(list, function(a, b)
    if a.line ~= b.line then
      return a.line < b.line
    end
    return a.code < b.code
  end)
  return list
end

--- Waits until the consul-ls diagnostics of a buffer are `want` (publications may come in several steps, e.g.
--- before and after the server has read its settings), and fails showing the last ones seen.
local function wait_for_diagnostics(bufnr, want, what)
  local have
  local ok, err = pcall(wait_for, what, function()
    have = summarise(consul_diagnostics(bufnr))
    return vim.deep_equal(have, want)
  end)
  if not ok then
    eq(want, have, tostring(err))
  end
end

local function client_for(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = 'consul_ls' })[1]
end

local function find_line(bufnr, needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i, col
    end
  end
  error('no line with ' .. needle)
end

local function hover_text(bufnr, client, row, col)
  vim.api.nvim_win_set_cursor(0, { row, col - 1 })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, TIMEOUT)
  local response = responses and responses[client.id]
  assert(response and not response.err, 'hover failed: ' .. vim.inspect(response))
  local contents = response.result and response.result.contents
  assert(contents, 'no hover at ' .. row .. ':' .. col)
  if type(contents) == 'table' and contents.value then
    return contents.value, contents.kind
  end
  return vim.inspect(contents), nil
end

-- Neovim state stays out of the user's folders.
vim.lsp.set_log_level('warn')
vim.cmd('filetype on')

check('plugin/consul-ls.lua defines :ConsulTopology before any setup()', function()
  eq(2, vim.fn.exists(':ConsulTopology'), ':ConsulTopology exists')
  eq(1, vim.g.loaded_consul_ls, 'the plugin file ran')
end)

check('setup() with a binary that is not there says so, and registers nothing', function()
  local notified = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(notified, { message = message, level = level })
  end
  local ok, result = pcall(require('consul-ls').setup, { cmd = { '/nonexistent/consul-ls', 'serve' }, legacy = mode == 'legacy' })
  vim.wait(200, function()
    return #notified > 0
  end)
  vim.notify = notify
  assert(ok, result)
  eq(false, result, 'setup() result')
  eq(1, #notified, 'one message')
  eq(vim.log.levels.ERROR, notified[1].level, 'level')
  assert(notified[1].message:find("'/nonexistent/consul-ls' is not an executable", 1, true), notified[1].message)
  eq(nil, require('consul-ls').mode, 'nothing registered')
end)

local ok_setup = check('setup() with the binary, mode ' .. mode, function()
  local plugin = require('consul-ls')
  assert(plugin.setup({
    cmd = { bin, 'serve' },
    legacy = mode == 'legacy',
    -- Server settings travel through workspace/configuration (section consul-ls).
    settings = { ['consul-ls'] = { diagnostics = { severity = { ['peering-without-mesh-config'] = 'hint' } } } },
    on_exit = function(code, signal)
      if not stopping then
        unexpected_exit = 'code ' .. tostring(code) .. ', signal ' .. tostring(signal)
      end
    end,
  }), 'setup returned false')
  eq(mode, plugin.mode, 'setup took the expected path')
  eq('hcl', vim.filetype.match({ filename = 'x/consul.hcl' }), '*.hcl filetype')
end)
if not ok_setup then
  finish()
  return
end

check('lsp/consul_ls.lua and setup() defaults agree', function()
  local file = vim.api.nvim_get_runtime_file('lsp/consul_ls.lua', false)[1]
  assert(file, 'lsp/consul_ls.lua on runtimepath')
  eq(require('consul-ls').default_config(), dofile(file), 'defaults')
end)

check('the plugin-free vim.lsp.config snippet in editors/README.md has the same settings', function()
  local readme = table.concat(vim.fn.readfile(repo .. '/editors/README.md'), '\n')
  local section = readme:match('## Neovim(.-)\n## ')
  assert(section, "the README's Neovim section")
  local snippet = section:match('```lua\n(.-)```')
  assert(snippet and snippet:find("vim.lsp.config('consul_ls'", 1, true), 'a vim.lsp.config snippet')
  -- Run it against a stand-in vim.lsp that records what it is given.
  local recorded = {}
  local env = setmetatable({
    vim = { lsp = {
      config = function(name, config)
        recorded.name, recorded.config = name, config
      end,
      enable = function(name)
        recorded.enabled = name
      end,
    } },
  }, { __index = _G })
  local chunk = assert(loadstring(snippet))
  setfenv(chunk, env)
  chunk()
  eq('consul_ls', recorded.name, 'name')
  eq('consul_ls', recorded.enabled, 'enabled')
  eq(require('consul-ls').default_config(), recorded.config, 'settings')
end)

check(':ConsulTopology without a running server says so', function()
  local notified = {}
  local notify = vim.notify
  vim.notify = function(message, level)
    table.insert(notified, { message = message, level = level })
  end
  vim.cmd('ConsulTopology')
  vim.wait(200, function()
    return #notified > 0
  end)
  vim.notify = notify
  eq(1, #notified, 'one message')
  assert(notified[1].message:find('the consul-ls server is not running', 1, true), notified[1].message)
  eq(-1, vim.fn.bufnr('consul-ls://topology'), 'no topology buffer')
end)

-- 1. peering-example: diagnostics on open, for files not open too, hover, quick fix.
local peering = copy_fixture('peering-example')
local expected = expected_findings('peering-example')
vim.cmd('edit ' .. vim.fn.fnameescape(peering .. '/cluster-01/frontend.hcl'))
local frontend = vim.api.nvim_get_current_buf()
local client

check('the server attaches to an HCL buffer, rooted at the consul-ls.hcl manifest', function()
  eq('hcl', vim.bo[frontend].filetype, 'filetype')
  client = wait_for('consul_ls to attach', function()
    return client_for(frontend)
  end)
  eq(vim.fn.resolve(peering), vim.fn.resolve(client.config.root_dir), 'root_dir')
  -- The server picks UTF-8 when the client offers it; Neovim does.
  eq('utf-8', client.offset_encoding, 'negotiated position encoding')
end)

check('diagnostics of the opened file: codes, lines and severities as in expected.snap (with the settings)', function()
  wait_for_diagnostics(frontend, sorted(vim.deepcopy(expected['cluster-01/frontend.hcl'])), 'frontend.hcl diagnostics')
end)

check('diagnostics of files that are not open (published for the whole workspace)', function()
  for _, file in ipairs({ 'cluster-01/proxy-defaults.hcl', 'cluster-02/exported-services.hcl' }) do
    local bufnr = vim.fn.bufadd(peering .. '/' .. file)
    wait_for_diagnostics(bufnr, sorted(vim.deepcopy(expected[file])), file .. ' diagnostics')
  end
end)

check('hover on a known key shows its documentation', function()
  local row, col = find_line(frontend, 'destination_name = "backend"')
  local text, kind = hover_text(frontend, client, row, col + 2)
  eq('markdown', kind, 'hover kind')
  assert(text:find('destination_name', 1, true), 'hover mentions destination_name:\n' .. text)
end)

check('hover on a destination_peer value names the peer cluster', function()
  local row, col = find_line(frontend, 'destination_peer = "cluster-02"')
  local text = hover_text(frontend, client, row, col + #'destination_peer = "' + 2)
  assert(text:find('cluster-02', 1, true), 'hover names cluster-02:\n' .. text)
end)

-- Applies the quick fix for `code` on line `row` the way a user does: vim.lsp.buf.code_action with a filter
-- and apply = true (Neovim resolves the edit if needed and applies it to the buffer).
local function apply_quick_fix(bufnr, row, code)
  vim.api.nvim_set_current_buf(bufnr)
  local diagnostics = vim.tbl_filter(function(d)
    return d.code == code and d.lnum == row - 1
  end, consul_diagnostics(bufnr))
  assert(#diagnostics > 0, 'no ' .. code .. ' on line ' .. row)
  -- The cursor on the underlined text, where the user asks for code actions.
  vim.api.nvim_win_set_cursor(0, { row, diagnostics[1].col })
  local before = vim.api.nvim_buf_get_changedtick(bufnr)
  local offered = {}
  vim.lsp.buf.code_action({
    context = { only = { 'quickfix' }, diagnostics = vim.tbl_map(function(d)
      return d.user_data and d.user_data.lsp or d
    end, diagnostics) },
    filter = function(action)
      table.insert(offered, action.title)
      return action.kind == 'quickfix'
    end,
    apply = true,
  })
  wait_for('the quick fix to change the buffer (offered: ' .. vim.inspect(offered) .. ')', function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= before
  end)
end

check('quick fix: upstream-missing-peer sets destination_peer, and the diagnostic goes away', function()
  local row = find_line(frontend, 'destination_name = "backend"')
  wait_for('upstream-missing-peer on line ' .. row, function()
    for _, d in ipairs(consul_diagnostics(frontend)) do
      if d.code == 'upstream-missing-peer' and d.lnum == row - 1 then
        return true
      end
    end
  end)
  apply_quick_fix(frontend, row, 'upstream-missing-peer')
  local text = table.concat(vim.api.nvim_buf_get_lines(frontend, 0, -1, false), '\n')
  local backend_upstream = text:match('{[^{}]-destination_name = "backend"[^{}]-}')
  assert(backend_upstream and backend_upstream:find('destination_peer%s*=%s*"cluster%-02"'), 'destination_peer added:\n' .. text)
  wait_for('upstream-missing-peer to go away', function()
    for _, d in ipairs(consul_diagnostics(frontend)) do
      if d.code == 'upstream-missing-peer' then
        return nil
      end
    end
    return true
  end)
end)

check(':ConsulTopology opens the Mermaid text in a split, following the unsaved quick fix', function()
  vim.api.nvim_set_current_buf(frontend)
  local windows = #vim.api.nvim_tabpage_list_wins(0)
  vim.cmd('ConsulTopology')
  local bufnr = wait_for('the topology buffer', function()
    local b = vim.fn.bufnr('consul-ls://topology')
    return b ~= -1 and vim.api.nvim_buf_line_count(b) > 1 and b or nil
  end)
  eq(windows + 1, #vim.api.nvim_tabpage_list_wins(0), 'windows: a new split')
  eq(bufnr, vim.api.nvim_get_current_buf(), 'the split shows the topology')
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  eq('flowchart LR', lines[1], 'first line')
  local text = table.concat(lines, '\n')
  assert(text:find('subgraph c0["cluster-01"]', 1, true), text)
  assert(text:find('subgraph c1["cluster-02"]', 1, true), text)
  -- payments is still not exported: red and labelled.
  assert(text:find('|"service-not-exported"|', 1, true), text)
  assert(text:find('linkStyle %d+ stroke:#d32f2f'), text)
  -- The quick fix above (not saved) gave the backend upstream its destination_peer: no upstream-missing-peer.
  assert(not text:find('upstream-missing-peer', 1, true), text)
  eq('nofile', vim.bo[bufnr].buftype, 'buftype')
  eq('mermaid', vim.bo[bufnr].filetype, 'filetype')
  eq(false, vim.bo[bufnr].modifiable, 'modifiable')
  -- As DOT, in the same buffer and window.
  vim.cmd('ConsulTopology dot')
  wait_for('the DOT text', function()
    return vim.api.nvim_buf_get_lines(bufnr, 0, 1, false)[1] == 'digraph consul {'
  end)
  eq(windows + 1, #vim.api.nvim_tabpage_list_wins(0), 'windows: still one split')
  eq('dot', vim.bo[bufnr].filetype, 'filetype')
  vim.cmd('close')
  vim.api.nvim_set_current_buf(frontend)
end)

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

check('rename: vim.lsp.buf.rename renames a service in every cluster that names it', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(peering .. '/cluster-02/services.hcl'))
  local services = vim.api.nvim_get_current_buf()
  wait_for('consul_ls to attach to services.hcl', function()
    return client_for(services)
  end)
  local row, col = find_line(services, '"inventory"')
  vim.api.nvim_win_set_cursor(0, { row, col + 1 })
  vim.lsp.buf.rename('stock', { name = 'consul_ls' })
  wait_for('the rename to reach services.hcl', function()
    return buffer_text(services):find('name = "stock"', 1, true)
  end)
  -- The upstream in cluster-01 (open) and the export in cluster-02 (loaded by the rename) follow.
  wait_for('the rename to reach frontend.hcl', function()
    return buffer_text(frontend):find('destination_name = "stock"', 1, true)
  end)
  local exports = vim.fn.bufnr(peering .. '/cluster-02/exported-services.hcl')
  assert(exports > 0, 'exported-services.hcl loaded by the rename')
  assert(buffer_text(exports):find('"stock"', 1, true), 'exported-services.hcl renamed:\n' .. buffer_text(exports))
  assert(not buffer_text(exports):find('"inventory"', 1, true), 'no "inventory" left:\n' .. buffer_text(exports))
end)

check('formatting: vim.lsp.buf.format formats a Consul file as consul-ls fmt does', function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. '/.git', 'p')
  vim.fn.writefile({ 'datacenter =   "dc1"', 'service {', 'name = "web"', '    port    = 8080', '}' }, dir .. '/agent.hcl')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/agent.hcl'))
  local bufnr = vim.api.nvim_get_current_buf()
  wait_for('consul_ls to attach to agent.hcl', function()
    return client_for(bufnr)
  end)
  vim.lsp.buf.format({ bufnr = bufnr, name = 'consul_ls', timeout_ms = TIMEOUT })
  eq({ 'datacenter = "dc1"', '', 'service {', '  name = "web"', '  port = 8080', '}' },
    vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), 'formatted buffer')
end)

-- 2. unknown-field: the rename quick fix in a workspace rooted at .git (no manifest).
local unknown = copy_fixture('unknown-field')
vim.fn.mkdir(unknown .. '/.git', 'p')
vim.cmd('edit ' .. vim.fn.fnameescape(unknown .. '/agent.hcl'))
local agent = vim.api.nvim_get_current_buf()

check('quick fix: unknown-field renames datacentre to datacenter, and the diagnostic goes away', function()
  local agent_client = wait_for('consul_ls to attach to agent.hcl', function()
    return client_for(agent)
  end)
  eq(vim.fn.resolve(unknown), vim.fn.resolve(agent_client.config.root_dir), 'root_dir at .git')
  local want = sorted(vim.deepcopy(expected_findings('unknown-field')['agent.hcl']))
  wait_for_diagnostics(agent, want, 'agent.hcl diagnostics')
  apply_quick_fix(agent, 2, 'unknown-field')
  eq('datacenter = "dc1"', vim.api.nvim_buf_get_lines(agent, 1, 2, false)[1], 'line 2 after the fix')
  wait_for('the unknown-field on line 2 to go away', function()
    for _, d in ipairs(consul_diagnostics(agent)) do
      if d.code == 'unknown-field' and d.lnum == 1 then
        return nil
      end
    end
    return true
  end)
  -- The other unknown fields are still reported.
  local rest = summarise(consul_diagnostics(agent))
  eq(#want - 1, #rest, 'remaining diagnostics')
end)

-- 3. Kubernetes: a consul-k8s YAML file beside yaml-language-server's filetype.
local k8s = copy_fixture('k8s-peer-names')
vim.cmd('edit ' .. vim.fn.fnameescape(k8s .. '/cluster-01/frontend.yaml'))
local workload = vim.api.nvim_get_current_buf()

check('the server attaches to a YAML buffer of consul-k8s and reports inside the upstream annotation', function()
  eq('yaml', vim.bo[workload].filetype, 'filetype')
  local yaml_client = wait_for('consul_ls to attach to frontend.yaml', function()
    return client_for(workload)
  end)
  eq(vim.fn.resolve(k8s), vim.fn.resolve(yaml_client.config.root_dir), 'root_dir at the consul-ls.hcl manifest')
  local want = sorted(vim.deepcopy(expected_findings('k8s-peer-names')['cluster-01/frontend.yaml']))
  wait_for_diagnostics(workload, want, 'frontend.yaml diagnostics')
end)

check('a YAML buffer that is not Consul configuration gets no diagnostics', function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. '/.git', 'p')
  vim.fn.writefile({ 'apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - deployment.yaml' }, dir .. '/kustomization.yaml')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/kustomization.yaml'))
  local bufnr = vim.api.nvim_get_current_buf()
  eq('yaml', vim.bo[bufnr].filetype, 'filetype')
  wait_for('consul_ls to attach to kustomization.yaml', function()
    return client_for(bufnr)
  end)
  vim.wait(1500)
  eq({}, summarise(consul_diagnostics(bufnr)), 'kustomization.yaml diagnostics')
end)

check('a JSON buffer that is not Consul configuration gets no diagnostics', function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. '/.git', 'p')
  vim.fn.writefile({ '{"name": "web-app", "version": "1.0.0", "scripts": {"test": "node --test"}}' }, dir .. '/package.json')
  vim.cmd('edit ' .. vim.fn.fnameescape(dir .. '/package.json'))
  local bufnr = vim.api.nvim_get_current_buf()
  eq('json', vim.bo[bufnr].filetype, 'filetype')
  wait_for('consul_ls to attach to package.json', function()
    return client_for(bufnr)
  end)
  -- Give the server time to (not) publish anything.
  vim.wait(1500)
  eq({}, summarise(consul_diagnostics(bufnr)), 'package.json diagnostics')
end)

check('the server exits cleanly with Neovim', function()
  local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)({ name = 'consul_ls' })
  assert(#clients > 0, 'clients running')
  -- Client methods take self from 0.11 on; before, they were closures.
  local methods = vim.fn.has('nvim-0.11') == 1
  stopping = true
  for _, c in ipairs(clients) do
    if methods then
      c:stop()
    else
      c.stop()
    end
  end
  wait_for('every consul_ls client to stop', function()
    for _, c in ipairs(clients) do
      if not (methods and c:is_stopped() or (not methods and c.is_stopped())) then
        return nil
      end
    end
    return true
  end, 10000)
end)

finish()
