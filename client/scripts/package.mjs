// `npm run package`: builds the production bundles and writes `stepline-<version>.vsix` without
// @vscode/vsce. The extension bundle is split in two: dist/client/extension.cjs (what VS Code
// compiles on activation: commands, views, providers) and dist/client/features.cjs (language
// client, runtime, debugger), loaded when the first workflow opens. A .vsix is a zip holding
// `extension.vsixmanifest`, `[Content_Types].xml` and the extension under `extension/`.
//
// Usage: node client/scripts/package.mjs [--out FILE] [--no-build]

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const outIndex = args.indexOf('--out');
const out = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, `${manifest.name}-${manifest.version}.vsix`);

const DOS_DATE_1980_01_01 = (1 << 5) | 1;

/** What the installed extension needs at run time; the bundles carry every dependency. */
const INCLUDED = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/client/extension.cjs',
  'dist/client/features.cjs',
  'dist/server/main.cjs',
  'dist/debugger/main.cjs',
  'client/language-configuration.json',
  'client/snippets',
  'client/icons',
  'syntaxes',
  'schemas',
];

if (!args.includes('--no-build')) await build();
const files = collectFiles();
writeFileSync(out, zip([
  { name: 'extension.vsixmanifest', data: Buffer.from(vsixManifest()) },
  { name: '[Content_Types].xml', data: Buffer.from(contentTypes(files)) },
  ...files.map((file) => ({ name: `extension/${file}`, data: readFileSync(join(root, file)) })),
]));
console.log(`wrote ${relative(process.cwd(), out) || out} (${files.length} files, ${(statSync(out).size / 1024).toFixed(0)} KiB)`);

async function build() {
  const result = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`esbuild.mjs --production failed (${result.status ?? result.signal})`);
  const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['vscode'], minify: true, sourcemap: false, logLevel: 'warning', absWorkingDir: root };
  // The small activation bundle: workflow-features.ts becomes a require of the second bundle.
  const splitFeatures = {
    name: 'split-features',
    setup(build) {
      build.onResolve({ filter: /\/workflow-features\.ts$/ }, () => ({ path: './features.cjs', external: true }));
    },
  };
  await esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.cjs', plugins: [splitFeatures] });
  await esbuild.build({ ...common, entryPoints: ['client/src/workflow-features.ts'], outfile: 'dist/client/features.cjs' });
}

function collectFiles() {
  const files = [];
  const walk = (path) => {
    const absolute = join(root, path);
    if (!existsSync(absolute)) return;
    if (statSync(absolute).isDirectory()) for (const name of readdirSync(absolute).sort()) walk(`${path}/${name}`);
    else files.push(path);
  };
  for (const path of INCLUDED) walk(path);
  for (const required of ['package.json', 'dist/client/extension.cjs', 'dist/server/main.cjs']) {
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

/** A minimal zip writer (deflate, no zip64): enough for a few megabytes of extension files. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    // A fixed time and date (00:00, 1980-01-01) so the same sources give the same bytes.
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE_1980_01_01, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE_1980_01_01, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
