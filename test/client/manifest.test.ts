// Drift test: the extension manifest (package.json) and client/src/contribution-ids.ts agree,
// and every file the manifest names exists and parses.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS, DEBUG_TYPE, LANGUAGE_ID, RUNS_VIEW_ID, TREE_ITEM_CONTEXT, VIEW_CONTAINER_ID } from '../../client/src/contribution-ids.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  icon: string;
  activationEvents: string[];
  contributes: {
    commands: { command: string }[];
    languages: { id: string; filenamePatterns: string[]; configuration: string; icon: { light: string; dark: string } }[];
    grammars: { path: string; scopeName: string; injectTo?: string[] }[];
    snippets: { path: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    debuggers: { type: string; languages: string[]; configurationAttributes: { launch: { properties: Record<string, unknown> } } }[];
    breakpoints: { language: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
};
const contributes = manifest.contributes;

describe('package.json contributions', () => {
  test('declares exactly the commands the extension registers', () => {
    assert.deepEqual(contributes.commands.map((command) => command.command).sort(), Object.values(COMMANDS).sort());
  });

  test('menus only name declared commands, and Resume targets unfinished runs', () => {
    const declared = new Set(Object.values(COMMANDS));
    for (const [menu, items] of Object.entries(contributes.menus)) for (const item of items) assert.ok(declared.has(item.command as never), `${menu}: ${item.command}`);
    assert.ok(contributes.menus['view/item/context']!.some((item) => item.command === COMMANDS.resumeRun && item.when?.includes(`viewItem == ${TREE_ITEM_CONTEXT.unfinishedRun}`)));
    assert.ok(contributes.menus['editor/title']!.some((item) => item.command === COMMANDS.runWorkflow));
    assert.ok(contributes.menus['explorer/context']!.some((item) => item.command === COMMANDS.runWorkflow));
  });

  test('language, view, debugger and activation agree with the code', () => {
    assert.equal(contributes.languages[0]!.id, LANGUAGE_ID);
    assert.deepEqual(contributes.languages[0]!.filenamePatterns, ['*.flow.yaml', '*.flow.yml', '*.flow.json']);
    assert.equal(contributes.viewsContainers.activitybar[0]!.id, VIEW_CONTAINER_ID);
    assert.deepEqual(contributes.views[VIEW_CONTAINER_ID]!.map((view) => view.id), [RUNS_VIEW_ID]);
    assert.equal(contributes.debuggers[0]!.type, DEBUG_TYPE);
    assert.deepEqual(contributes.debuggers[0]!.languages, [LANGUAGE_ID]);
    assert.deepEqual(Object.keys(contributes.debuggers[0]!.configurationAttributes.launch.properties).sort(), ['cwd', 'input', 'inputFile', 'program', 'stopOnEntry', 'store']);
    assert.deepEqual(contributes.breakpoints, [{ language: LANGUAGE_ID }]);
    for (const event of [`onLanguage:${LANGUAGE_ID}`, `onDebugResolve:${DEBUG_TYPE}`, `onDebugDynamicConfigurations:${DEBUG_TYPE}`, `onView:${RUNS_VIEW_ID}`, 'workspaceContains:**/*.flow.{yaml,yml,json}']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
    assert.equal(manifest.main, './dist/client/extension.cjs');
  });

  test('every file the manifest names exists, and the JSON ones parse', () => {
    const files = [
      manifest.icon,
      contributes.languages[0]!.configuration,
      contributes.languages[0]!.icon.light,
      contributes.languages[0]!.icon.dark,
      contributes.viewsContainers.activitybar[0]!.icon,
      ...contributes.grammars.map((grammar) => grammar.path),
      ...contributes.snippets.map((snippet) => snippet.path),
    ];
    for (const file of files) {
      const path = join(ROOT, file);
      assert.ok(existsSync(path), file);
      if (/\.(json|code-snippets)$/.test(file)) assert.doesNotThrow(() => JSON.parse(readFileSync(path, 'utf8')), file);
    }
  });

  test('grammar scope names match the manifest, and the template injection reaches YAML and JSON strings', () => {
    for (const grammar of contributes.grammars) {
      const text = JSON.parse(readFileSync(join(ROOT, grammar.path), 'utf8')) as { scopeName: string };
      assert.equal(text.scopeName, grammar.scopeName);
    }
    const injection = contributes.grammars.find((grammar) => grammar.injectTo);
    assert.deepEqual(injection?.injectTo, ['source.stepline', 'source.yaml', 'source.json']);
  });
});
