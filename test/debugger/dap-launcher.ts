// Starts the real `stepline dap` command from the CLI's source, for DebugClient (which spawns
// `runtime executable` with no further arguments). The command itself loads the adapter bundle
// dist/debugger/main.cjs, as an installed `stepline dap` does.

process.argv.splice(2, 0, 'dap');
await import('../../runtime/src/cli/entry.ts');
