-- Neovim init file for the independent-client test (neovim.test.ts): attaches Neovim's built-in
-- LSP client to `stepline lsp --stdio` for *.flow.yaml buffers, waits (bounded, on events) for the
-- diagnostics and for completions, and writes what it saw as JSON for the test to assert on.
-- Settings come from the JSON file named by $STEPLINE_NVIM_TEST, so this file holds no paths.

local settings = vim.fn.json_decode(table.concat(vim.fn.readfile(os.getenv('STEPLINE_NVIM_TEST')), '\n'))
local version = vim.version()
local results = { nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch), steps = {} }

local function note(step)
  table.insert(results.steps, step)
end

-- Neovim 0.8 added vim.lsp.start; Debian bookworm ships 0.7.2, which only has start_client and
-- buf_attach_client. Whichever the installed version offers is used, and recorded.
local function attach(bufnr)
  local config = { name = 'stepline', cmd = settings.cmd, root_dir = settings.rootDir }
  if vim.lsp.start ~= nil then
    results.api = 'vim.lsp.start'
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  results.api = 'vim.lsp.start_client + vim.lsp.buf_attach_client'
  local client_id = vim.lsp.start_client(config)
  if client_id ~= nil then
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  return client_id
end

local function plain_diagnostics(bufnr)
  local plain = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(plain, {
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      code = diagnostic.code,
      message = diagnostic.message,
      severity = diagnostic.severity,
      source = diagnostic.source,
    })
  end
  return plain
end

-- Asks every attached server for completions and returns the labels and details of the items.
local function complete(bufnr, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, settings.timeoutMs)
  local items = {}
  for _, response in pairs(responses or {}) do
    if response.err ~= nil then
      return nil, vim.inspect(response.err)
    end
    local result = response.result
    if result == nil or result == vim.NIL then
      result = {}
    end
    for _, item in ipairs(result.items or result) do
      table.insert(items, { label = item.label, detail = item.detail, kind = item.kind })
    end
  end
  return items, err
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  results.clientId = attach(bufnr)
  if results.clientId == nil then
    error('the LSP client did not start')
  end

  -- The server publishes diagnostics after the client's didOpen; vim.wait runs the event loop.
  results.diagnosticsArrived = vim.wait(settings.timeoutMs, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 10)
  results.diagnostics = plain_diagnostics(bufnr)
  note('diagnostics')

  local at = settings.completion
  results.completion, results.completionError = complete(bufnr, at.line, at.character)
  note('completion')

  -- Fix the typo as a user would, one character typed into the target: Neovim sends it as an
  -- incremental didChange. The example is clean once fixed, so the full analysis publishes no
  -- diagnostics at all (the fast pass before it still carries the unrelated ones).
  local fix = settings.fix
  vim.api.nvim_buf_set_text(bufnr, fix.line, fix.character, fix.line, fix.character, { fix.text })
  results.typoFixed = vim.wait(settings.timeoutMs, function()
    return #vim.diagnostic.get(bufnr) == 0
  end, 10)
  results.fixedDiagnostics = plain_diagnostics(bufnr)
  results.fixedLine = vim.api.nvim_buf_get_lines(bufnr, fix.line, fix.line + 1, false)[1]
  -- Go to definition on the fixed target shows the server holds exactly the text Neovim has.
  local definition_params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = fix.line, character = fix.character } }
  local definitions = {}
  for _, response in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', definition_params, settings.timeoutMs) or {}) do
    local result = response.result
    if result ~= nil and result ~= vim.NIL then
      for _, location in ipairs(result.uri and { result } or result) do
        local range = location.range or location.targetSelectionRange
        table.insert(definitions, { uri = location.uri or location.targetUri, line = range.start.line, character = range.start.character })
      end
    end
  end
  results.definitions = definitions
  note('typo fixed')

  -- Type a half-finished template on a new line, as a user would: the document is broken while
  -- the completion is asked, and the client must have sent its didChange first.
  vim.api.nvim_buf_set_lines(bufnr, settings.typed.line, settings.typed.line, false, { settings.typed.text })
  results.typedCompletion, results.typedCompletionError = complete(bufnr, settings.typed.line, #settings.typed.text)
  note('typed completion')
end

local function finish()
  local ok, failure = pcall(run)
  if not ok then
    results.error = tostring(failure)
  end
  vim.fn.writefile({ vim.fn.json_encode(results) }, settings.resultFile)
  -- Ask the server to shut down, then leave; the test checks the process ends.
  local clients = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in pairs(clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(settings.timeoutMs, function()
    return #clients() == 0
  end, 10)
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = finish })
