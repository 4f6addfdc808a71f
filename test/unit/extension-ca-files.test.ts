// Issue 18 item 8: the CA files a connectivity test trusts come from the user, never from a share, and a
// file inside the workspace is trusted only after the user confirms it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type * as sinon from 'sinon';
import { TestConnectivityCommand } from '../../src/extension/commands/testConnectivity';
import { CaFileReader } from '../../src/extension/connectivity/caFiles';
import { ReportActions } from '../../src/extension/connectivity/reportActions';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { fakeHost, manifestFile } from './support/fakeExtensionHost';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const TRUST = 'Trust for This Session';

describe('extension: CA files for connectivity tests', () => {
  let dir: string;
  let workspace: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-ca-'));
    workspace = path.join(dir, 'repo');
    fs.mkdirSync(workspace);
    fs.writeFileSync(path.join(workspace, 'lab-ca.pem'), PEM);
    fs.writeFileSync(path.join(dir, 'mine.pem'), PEM);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('refuses network (UNC) paths before opening them', async () => {
    const reader = new CaFileReader(fakeHost().ui);
    for (const share of ['\\\\attacker\\share\\ca.pem', '//attacker/share/ca.pem', '\\\\?\\UNC\\attacker\\share\\ca.pem']) {
      await assert.rejects(
        reader.read([share], workspace),
        (e: Error) =>
          e.name === 'UserError' &&
          e.message ===
            `atpProxy.connectivity.caFiles: ${share} is a network (UNC) path; opening it would send your Windows credentials to that machine. Copy the file to a local folder and name that.`,
        share,
      );
    }
  });

  it('asks (modal) before trusting a file inside the workspace, once per file and contents per session', async () => {
    const host = fakeHost();
    const ask = host.ui.ask as sinon.SinonSpy;
    const reader = new CaFileReader(host.ui);
    host.answers.push(undefined);
    await assert.rejects(reader.read(['lab-ca.pem'], workspace), { name: 'CancelledError' });
    assert.deepStrictEqual(ask.lastCall.args.slice(0, 2), ['warning', 'Trust the CA certificate lab-ca.pem from this workspace for connectivity tests?']);
    assert.strictEqual(ask.lastCall.args[2].modal, true);
    assert.strictEqual(ask.lastCall.args[3], TRUST);
    host.answers.push(TRUST);
    assert.deepStrictEqual(await reader.read(['lab-ca.pem'], workspace), [PEM]);
    assert.deepStrictEqual(await reader.read([path.join(workspace, 'lab-ca.pem')], workspace), [PEM]);
    assert.strictEqual(ask.callCount, 2);
    // Changed since (a pull): asked again.
    fs.appendFileSync(path.join(workspace, 'lab-ca.pem'), PEM);
    host.answers.push(undefined);
    await assert.rejects(reader.read(['lab-ca.pem'], workspace), { name: 'CancelledError' });
    assert.strictEqual(ask.callCount, 3);
  });

  it('does not ask for a file outside the workspace, but does for a link from outside into it', async () => {
    const host = fakeHost();
    const reader = new CaFileReader(host.ui);
    assert.deepStrictEqual(await reader.read([path.join(dir, 'mine.pem')], workspace), [PEM]);
    assert.strictEqual((host.ui.ask as sinon.SinonSpy).callCount, 0);
    fs.symlinkSync(path.join(workspace, 'lab-ca.pem'), path.join(dir, 'link.pem'));
    host.answers.push(undefined);
    await assert.rejects(reader.read([path.join(dir, 'link.pem')], workspace), { name: 'CancelledError' });
  });

  it('Test Connectivity reads caFiles from the user settings only, not from the workspace', async () => {
    const proxy = net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n')));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const lab = manifestFile('lab.atpproxy.json');
      const host = fakeHost({
        [lab.uri]: JSON.stringify({
          version: 1,
          instance: 'contoso',
          region: 'europe',
          proxy: { mode: 'static', server: `127.0.0.1:${(proxy.address() as net.AddressInfo).port}` },
          firewall: { port: 443, allow: ['contososensorapi.atp.azure.com'] },
        }),
      });
      const results = new ResultStore();
      const deps = {
        ...host,
        manifests: { list: async () => [lab] },
        results,
        reports: new ReportActions({ results, ui: host.ui, files: host.files }),
        caFiles: new CaFileReader(host.ui),
      };
      host.settings['connectivity.caFiles'] = [path.join(dir, 'missing-from-workspace-settings.pem')];
      host.answers.push(undefined);
      const report = await new TestConnectivityCommand(deps).execute(lab);
      assert.ok(report.results.length > 0 && report.results.every((r) => r.status === 'proxy-denied'), JSON.stringify(report.results));
      host.userSettings['connectivity.caFiles'] = [path.join(dir, 'missing-from-user-settings.pem')];
      await assert.rejects(new TestConnectivityCommand(deps).execute(lab), /atpProxy\.connectivity\.caFiles: cannot read .*missing-from-user-settings\.pem/);
    } finally {
      proxy.close();
    }
  });
});
