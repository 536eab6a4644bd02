// `npm run package`: builds the production bundles and writes `stepline-<version>.vsix` without
// @vscode/vsce. The extension bundle is split in two: dist/client/extension.cjs (what VS Code
// compiles on activation: commands, views, providers) and dist/client/features.cjs (language
// client, runtime, inline debug adapter), loaded when the first workflow opens; the language
// server is dist/server/main.cjs. The bundles are built into a temp folder, so the repository's
// own dist/ (the development build other tests load) is never replaced by a packaging run.
// A .vsix is a zip holding `extension.vsixmanifest`, `[Content_Types].xml` and the extension
// under `extension/`.
//
// Usage: node client/scripts/package.mjs [--out FILE] [--no-build (package the repository's dist/)]

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { zip } from './vsix-zip.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

/**
 * What the installed extension needs at run time; the bundles carry every dependency, so no
 * node_modules. The debug adapter runs inline from features.cjs: the stdio adapter
 * (dist/debugger/main.cjs, `stepline dap`) is the CLI's, not the extension's, and stays out.
 */
const BUNDLES = ['dist/client/extension.cjs', 'dist/client/features.cjs', 'dist/server/main.cjs'];
const INCLUDED = [
  'package.json',
  'README.md',
  'LICENSE',
  ...BUNDLES,
  'client/language-configuration.json',
  'client/snippets',
  'client/icons',
  'syntaxes',
  'schemas',
];

const staging = args.includes('--no-build') ? undefined : mkdtempSync(join(tmpdir(), 'stepline-package-'));
try {
  if (staging) await build(staging);
  // Bundles come from the staging folder (or dist/ with --no-build), everything else from the repository.
  const sourceOf = (file) => (staging && BUNDLES.includes(file) ? join(staging, file) : join(root, file));
  const files = collectFiles(sourceOf);
  writeFileSync(out, zip([
    { name: 'extension.vsixmanifest', data: Buffer.from(vsixManifest()) },
    { name: '[Content_Types].xml', data: Buffer.from(contentTypes(files)) },
    ...files.map((file) => ({ name: `extension/${file}`, data: readFileSync(sourceOf(file)) })),
  ]));
  console.log(`wrote ${relative(process.cwd(), out) || out} (${files.length} files, ${(statSync(out).size / 1024).toFixed(0)} KiB)`);
} finally {
  if (staging) rmSync(staging, { recursive: true, force: true });
}

/** Production bundles (minified, no source maps) of the client pair and the language server. */
async function build(outDir) {
  const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', minify: true, sourcemap: false, logLevel: 'warning', absWorkingDir: root };
  // The small activation bundle: workflow-features.ts becomes a require of the second bundle.
  const splitFeatures = {
    name: 'split-features',
    setup(build) {
      build.onResolve({ filter: /\/workflow-features\.ts$/ }, () => ({ path: './features.cjs', external: true }));
    },
  };
  await Promise.all([
    esbuild.build({ ...common, external: ['vscode'], entryPoints: ['client/src/extension.ts'], outfile: join(outDir, 'dist/client/extension.cjs'), plugins: [splitFeatures] }),
    esbuild.build({ ...common, external: ['vscode'], entryPoints: ['client/src/workflow-features.ts'], outfile: join(outDir, 'dist/client/features.cjs') }),
    esbuild.build({ ...common, external: [], entryPoints: ['server/src/main.ts'], outfile: join(outDir, 'dist/server/main.cjs') }),
  ]);
}

function collectFiles(sourceOf) {
  const files = [];
  const walk = (path) => {
    const absolute = sourceOf(path);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) for (const name of readdirSync(absolute).sort()) walk(`${path}/${name}`);
    else files.push(path);
  };
  for (const path of INCLUDED) walk(path);
  for (const required of ['package.json', ...BUNDLES]) {
    if (!files.includes(required)) throw new Error(`${required} is missing; the build did not produce it`);
  }
  return files;
}

function xml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function vsixManifest() {
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(manifest.name)}" Version="${xml(manifest.version)}" Publisher="${xml(manifest.publisher)}" />
    <DisplayName>${xml(manifest.displayName ?? manifest.name)}</DisplayName>
    <Description xml:space="preserve">${xml(manifest.description ?? '')}</Description>
    <Tags>${xml((manifest.keywords ?? []).join(','))}</Tags>
    <Categories>${xml((manifest.categories ?? []).join(','))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(manifest.engines?.vscode ?? '*')}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
      <Property Id="Microsoft.VisualStudio.Services.GitHubFlavoredMarkdown" Value="true" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

function contentTypes(files) {
  const types = { '.vsixmanifest': 'text/xml', '.json': 'application/json', '.cjs': 'application/javascript', '.js': 'application/javascript', '.md': 'text/markdown', '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain' };
  const extensions = new Set(['.vsixmanifest', ...files.map((file) => /\.[^./]+$/.exec(file)?.[0] ?? '')]);
  const entries = [...extensions].filter(Boolean).map((extension) => `<Default Extension="${xml(extension)}" ContentType="${xml(types[extension] ?? 'application/octet-stream')}" />`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${entries.join('')}</Types>\n`;
}
