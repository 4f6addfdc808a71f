import * as assert from 'assert';
import * as sinon from 'sinon';
import type { Command } from '../../src/extension/commands/command';
import { CommandManager, toTarget } from '../../src/extension/commands/commandManager';
import { RefreshCommand } from '../../src/extension/commands/refresh';
import { ShowOutputCommand } from '../../src/extension/commands/showOutput';
import { Emitter } from '../../src/extension/emitter';
import type { ManifestFile } from '../../src/extension/host';
import { ManifestList } from '../../src/extension/views/manifestList';

const file = (relativeDir: string, name: string): ManifestFile => ({ uri: `file:///ws/${relativeDir ? `${relativeDir}/` : ''}${name}`, name, relativeDir });

function fakeHost(active?: ManifestFile) {
  const callbacks = new Map<string, (...args: unknown[]) => unknown>();
  return {
    callbacks,
    commands: {
      registerCommand: sinon.spy((id: string, cb: (...args: unknown[]) => unknown) => {
        callbacks.set(id, cb);
        return { dispose: () => callbacks.delete(id) };
      }),
    },
    window: { showErrorMessage: sinon.spy(), showInformationMessage: sinon.spy() },
    log: { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy(), show: sinon.spy() },
    workspace: { activeManifest: () => active, findManifests: async () => [], onDidChangeManifests: new Emitter<void>().event },
  };
}

describe('extension command manager', () => {
  it('registers commands once, lists their ids, and unregisters on dispose', () => {
    const host = fakeHost();
    const manager = new CommandManager(host);
    const cmd: Command = { id: 'x.one', execute: () => 1 };
    manager.register(cmd);
    assert.throws(() => manager.register(cmd), /registered twice/);
    assert.deepStrictEqual(manager.ids, ['x.one']);
    manager.dispose();
    assert.strictEqual(host.callbacks.size, 0);
    assert.deepStrictEqual(manager.ids, []);
  });

  it('passes a tree row, an explorer URI or the active manifest as the target', async () => {
    const active = file('', 'active.atpproxy.json');
    const host = fakeHost(active);
    const manager = new CommandManager(host);
    const execute = sinon.spy((..._args: unknown[]) => 'done');
    manager.register({ id: 'x.target', execute });
    const run = host.callbacks.get('x.target');
    assert.ok(run);

    const row = file('sites', 'a.atpproxy.jsonc');
    assert.strictEqual(await run(row, 'extra'), 'done');
    assert.deepStrictEqual(execute.lastCall.args, [row, 'extra']);

    const uri = { scheme: 'file', path: '/ws/b.atpproxy.json', toString: () => 'file:///ws/b.atpproxy.json' };
    await run(uri);
    assert.deepStrictEqual(execute.lastCall.args, [{ uri: 'file:///ws/b.atpproxy.json', name: 'b.atpproxy.json', relativeDir: '' }]);

    await run();
    assert.deepStrictEqual(execute.lastCall.args, [active]);

    await run(42);
    assert.deepStrictEqual(execute.lastCall.args, [active, 42]);
  });

  it('reports a failing command as a message and a log line, and does not throw', async () => {
    const host = fakeHost();
    const manager = new CommandManager(host);
    manager.register({
      id: 'x.fail',
      execute: async () => {
        throw new Error('the proxy is unreachable');
      },
    });
    assert.strictEqual(await host.callbacks.get('x.fail')?.(), undefined);
    assert.ok(host.window.showErrorMessage.calledOnceWith('ATP Sensor Proxy: the proxy is unreachable'));
    assert.match(String(host.log.error.firstCall.args[0]), /x\.fail failed: .*the proxy is unreachable/s);
  });

  it('toTarget ignores values that are neither rows nor URIs', () => {
    for (const v of [undefined, null, 'file:///x', 3, {}, { uri: 1 }]) assert.strictEqual(toTarget(v), undefined);
  });

  it('showOutput reveals the log; refresh re-reads the manifests and returns their count', async () => {
    const log = { show: sinon.spy(), info: sinon.spy() };
    new ShowOutputCommand(log).execute();
    assert.ok(log.show.calledOnceWith(false));
    const manifests = { refresh: sinon.spy(), list: sinon.spy(async () => [file('', 'a.atpproxy.json')]) };
    assert.strictEqual(await new RefreshCommand(manifests, log).execute(), 1);
    assert.ok(manifests.refresh.calledBefore(manifests.list));
  });
});

describe('manifest list (the view model)', () => {
  it('searches lazily, once, sorted by folder then name', async () => {
    const changed = new Emitter<void>();
    const findManifests = sinon.spy(async () => [file('z', 'b.atpproxy.json'), file('', 'c.atpproxy.json'), file('z', 'a.atpproxy.jsonc')]);
    const list = new ManifestList({ findManifests, onDidChangeManifests: changed.event });
    assert.strictEqual(findManifests.callCount, 0, 'searched at construction (activation must stay cheap)');
    const names = (await list.list()).map((f) => `${f.relativeDir}/${f.name}`);
    assert.deepStrictEqual(names, ['/c.atpproxy.json', 'z/a.atpproxy.jsonc', 'z/b.atpproxy.json']);
    await list.list();
    assert.strictEqual(findManifests.callCount, 1);
  });

  it('sorts names naturally: s1, s2, s10, s100, s101, s1000 (a plain string sort put s1000 before s101)', async () => {
    const names = ['s1000', 's101', 's1', 's100', 's10', 'S2'].map((n) => file('site10', `${n}.atpproxy.json`));
    const list = new ManifestList({ findManifests: async () => [...names, file('site9', 'x.atpproxy.json')], onDidChangeManifests: new Emitter<void>().event });
    const listed = (await list.list()).map((f) => `${f.relativeDir}/${f.name.replace('.atpproxy.json', '')}`);
    assert.deepStrictEqual(listed, ['site9/x', 'site10/s1', 'site10/S2', 'site10/s10', 'site10/s100', 'site10/s101', 'site10/s1000']);
  });

  it('searches again and tells listeners when files change or on refresh', async () => {
    const changed = new Emitter<void>();
    const findManifests = sinon.spy(async () => [] as ManifestFile[]);
    const list = new ManifestList({ findManifests, onDidChangeManifests: changed.event });
    const fired = sinon.spy();
    list.onDidChange(fired);
    await list.list();
    changed.fire();
    list.refresh();
    assert.strictEqual(fired.callCount, 2);
    await list.list();
    assert.strictEqual(findManifests.callCount, 2);
    list.dispose();
    changed.fire();
    assert.strictEqual(fired.callCount, 2);
  });
});
