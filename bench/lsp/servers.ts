// The two servers the LSP benchmark compares: ours (the bundled dist/server/main.cjs) and the
// peer a user would pick instead, Red Hat's yaml-language-server with our JSON schema attached.
// Each knows how to start and configure itself so that both really validate the same file.

import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspProcess } from './lsp-process.ts';

export interface BenchServer {
  readonly name: string;
  /** Whether publishDiagnostics carries the document version (ours does; the peer does not). */
  readonly publishesVersions: boolean;
  start(workDir: string): Promise<LspProcess>;
}

const ROOT = join(import.meta.dirname, '..', '..');
export const OUR_BUNDLE = join(ROOT, 'dist', 'server', 'main.cjs');
export const SCHEMA_FILE = join(ROOT, 'schemas', 'workflow.schema.json');
const PEER_CACHE = process.env['STEPLINE_BENCH_CACHE'] ?? join(homedir(), '.cache', 'stepline-bench');
export const PEER_ENTRY = join(PEER_CACHE, 'yaml-language-server', 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

/** Both servers run on the same Node (the project's Node 24, which runs this benchmark). */
const NODE = process.execPath;

async function initialize(server: LspProcess, workDir: string, capabilities: object, initializationOptions: object): Promise<void> {
  await server.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workDir).href,
    workspaceFolders: [{ uri: pathToFileURL(workDir).href, name: 'bench' }],
    capabilities,
    initializationOptions,
  });
}

/** What an editor announces: snippets and markdown, so both servers give their richest answers. */
const TEXT_DOCUMENT_CAPABILITIES = {
  synchronization: { didSave: false, dynamicRegistration: false },
  completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
  hover: { contentFormat: ['markdown', 'plaintext'] },
  publishDiagnostics: { relatedInformation: true, versionSupport: true },
};

export const STEPLINE: BenchServer = {
  name: 'stepline',
  publishesVersions: true,
  async start(workDir) {
    // STEPLINE_BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of our server per run (`--cpu-prof`);
    // STEPLINE_BENCH_NODE_FLAGS adds Node flags to our server only (e.g. heap limits, to experiment).
    const profileDir = process.env['STEPLINE_BENCH_PROFILE_DIR'];
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const flags = (process.env['STEPLINE_BENCH_NODE_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
    const server = new LspProcess(NODE, [...flags, ...profile, OUR_BUNDLE, '--stdio'], workDir);
    await initialize(server, workDir, { textDocument: TEXT_DOCUMENT_CAPABILITIES }, {});
    await server.notify('initialized', {});
    return server;
  },
};

/** The peer's `yaml` settings: our schema for *.flow.yaml, and nothing fetched from the network. */
export function peerYamlSettings(): object {
  return {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: { [pathToFileURL(SCHEMA_FILE).href]: '*.flow.yaml' },
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
  };
}

export const YAML_LANGUAGE_SERVER: BenchServer = {
  name: 'yaml-language-server',
  publishesVersions: false,
  async start(workDir) {
    const server = new LspProcess(NODE, [PEER_ENTRY, '--stdio'], workDir);
    // The peer pulls its settings with workspace/configuration right after `initialized` (and
    // again on every didChangeConfiguration); it reads `yaml.schemas` from the answer.
    const pulled = server.answerConfiguration((section) => (section === 'yaml' ? peerYamlSettings() : section === 'http' ? { proxy: '', proxyStrictSSL: false } : {}));
    await initialize(server, workDir, { workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: TEXT_DOCUMENT_CAPABILITIES }, {});
    await server.notify('initialized', {});
    await pulled;
    return server;
  },
};

export function peerInstalled(): boolean {
  return existsSync(PEER_ENTRY);
}
