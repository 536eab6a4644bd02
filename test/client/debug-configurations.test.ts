import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dynamicConfigurations, launchConfigurationFor, resolveLaunchConfiguration } from '../../client/src/debug-configurations.ts';

describe('resolveLaunchConfiguration', () => {
  test('F5 with no launch.json debugs the active workflow', () => {
    const resolved = resolveLaunchConfiguration({}, '/w/flows/a.flow.yaml');
    assert.deepEqual(resolved, { ok: true, configuration: { type: 'stepline', request: 'launch', name: 'Debug a.flow.yaml', program: '/w/flows/a.flow.yaml' } });
  });

  test('F5 with no launch.json and no workflow open explains why nothing starts', () => {
    const resolved = resolveLaunchConfiguration({}, '/w/readme.md');
    assert.equal(resolved.ok, false);
  });

  test('a configuration without program takes the active workflow; one with program keeps it', () => {
    const filled = resolveLaunchConfiguration({ type: 'stepline', request: 'launch', name: 'x', stopOnEntry: true }, '/w/b.flow.json');
    assert.equal(filled.ok && filled.configuration.program, '/w/b.flow.json');
    assert.equal(filled.ok && filled.configuration.stopOnEntry, true);
    const kept = resolveLaunchConfiguration({ type: 'stepline', request: 'launch', name: 'x', program: '${file}' }, '/w/b.flow.json');
    assert.equal(kept.ok && kept.configuration.program, '${file}');
  });

  test('cwd defaults to the workspace folder, so debugged runs share the workspace store', () => {
    const resolved = resolveLaunchConfiguration({}, '/w/flows/a.flow.yaml', '/w');
    assert.equal(resolved.ok && resolved.configuration.cwd, '/w');
    const explicit = resolveLaunchConfiguration({ type: 'stepline', request: 'launch', name: 'x', program: '/w/a.flow.yaml', cwd: '/elsewhere' }, undefined, '/w');
    assert.equal(explicit.ok && explicit.configuration.cwd, '/elsewhere');
  });

  test('attach is refused', () => {
    assert.equal(resolveLaunchConfiguration({ type: 'stepline', request: 'attach', name: 'x', program: '/w/a.flow.yaml' }, undefined).ok, false);
  });
});

describe('dynamicConfigurations', () => {
  test('one entry per distinct open workflow', () => {
    const configurations = dynamicConfigurations(['/w/a.flow.yaml', '/w/notes.yaml', '/w/a.flow.yaml', '/w/b.flow.yml']);
    assert.deepEqual(configurations.map((configuration) => [configuration.name, configuration.program]), [
      ['Debug Workflow: a.flow.yaml', '/w/a.flow.yaml'],
      ['Debug Workflow: b.flow.yml', '/w/b.flow.yml'],
    ]);
  });

  test('launchConfigurationFor passes input options through', () => {
    assert.deepEqual(launchConfigurationFor('/w/a.flow.yaml', { inputFile: '/w/a.input.json', stopOnEntry: true }), {
      type: 'stepline',
      request: 'launch',
      name: 'Debug a.flow.yaml',
      program: '/w/a.flow.yaml',
      inputFile: '/w/a.input.json',
      stopOnEntry: true,
    });
  });
});
