// The command manager's handling of tree rows with nodes, dismissed questions and user errors; the
// swappable services the host tests fake.
import * as assert from 'assert';
import * as sinon from 'sinon';
import { UserError } from '../../src/extension/commands/command';
import { CommandManager, toTarget } from '../../src/extension/commands/commandManager';
import { CancelledError } from '../../src/extension/commands/manifestTarget';
import { delegating } from '../../src/extension/delegating';

function manager() {
  const callbacks = new Map<string, (...args: unknown[]) => unknown>();
  const host = {
    commands: {
      registerCommand: (id: string, cb: (...args: unknown[]) => unknown) => {
        callbacks.set(id, cb);
        return { dispose: () => undefined };
      },
    },
    window: { showErrorMessage: sinon.spy() },
    log: { error: sinon.spy() },
    workspace: { activeManifest: () => undefined },
  };
  return { host, callbacks, manager: new CommandManager(host) };
}

describe('extension: command manager with the views', () => {
  it('keeps a row’s node (endpoint, finding) in the target', () => {
    const node = { id: 'endpoint:x', kind: 'endpoint', label: 'x', host: 'x', contextValue: 'atpProxy.endpoint' };
    assert.deepStrictEqual(toTarget({ uri: 'file:///a.atpproxy.json', name: 'a.atpproxy.json', relativeDir: '', node }), {
      uri: 'file:///a.atpproxy.json',
      name: 'a.atpproxy.json',
      relativeDir: '',
      node,
    });
    assert.deepStrictEqual(toTarget({ uri: 'file:///a.atpproxy.json', name: 'a.atpproxy.json', node: 'junk' }), {
      uri: 'file:///a.atpproxy.json',
      name: 'a.atpproxy.json',
      relativeDir: '',
    });
  });

  it('says nothing when the user dismisses a question, and logs a user error without a stack', async () => {
    const { host, callbacks, manager: m } = manager();
    m.register({
      id: 'x.cancel',
      execute: () => {
        throw new CancelledError();
      },
    });
    m.register({
      id: 'x.user',
      execute: () => {
        throw new UserError('set atpProxy.connectivity.pacUrl');
      },
    });
    assert.strictEqual(await callbacks.get('x.cancel')?.(), undefined);
    assert.strictEqual(host.window.showErrorMessage.callCount, 0);
    await callbacks.get('x.user')?.();
    assert.ok(host.window.showErrorMessage.calledOnceWith('ATP Sensor Proxy: set atpProxy.connectivity.pacUrl'));
    assert.strictEqual(host.log.error.firstCall.args[0], 'x.user failed: set atpProxy.connectivity.pacUrl');
  });

  it('delegating services follow whatever is current, methods bound to it', () => {
    const real = {
      name: 'real',
      hello() {
        return `hello from ${this.name}`;
      },
    };
    let current = real;
    const service = delegating(() => current);
    assert.strictEqual(service.hello(), 'hello from real');
    current = {
      name: 'fake',
      hello() {
        return `hi from ${this.name}`;
      },
    };
    assert.strictEqual(service.hello(), 'hi from fake');
    assert.strictEqual(service.name, 'fake');
  });
});
