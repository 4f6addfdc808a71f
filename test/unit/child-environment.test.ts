import * as assert from 'assert';
import { spawn } from 'child_process';
import { execFileRunner } from '../../src/core/apply/regExeBackend';
import { childEnvironment } from '../../src/core/connectivity/credentials';

// Child processes the product starts (reg.exe or its replacement, the language server) never inherit the proxy
// credentials: real children print what they got.
const SECRET = 'svc:Pa55w0rd@proxy.contoso.com:8080';
const PRINT = 'process.stdout.write(JSON.stringify(Object.keys(process.env).filter((k) => /credential/i.test(k)).map((k) => k + "=" + process.env[k])))';

describe('child processes do not inherit ATP_PROXY_CREDENTIALS', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env.ATP_PROXY_CREDENTIALS = SECRET;
    process.env.OTHER_CREDENTIAL_HINT = 'kept';
  });
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  });

  it('the reg.exe runner (spawn, no shell) passes the environment without it', async () => {
    const result = await execFileRunner(process.execPath, ['-e', PRINT]);
    assert.strictEqual(result.code, 0, result.stderr);
    assert.deepStrictEqual(JSON.parse(result.stdout), ['OTHER_CREDENTIAL_HINT=kept']);
  });

  it('the language server: the env merged over process.env as vscode-languageclient does still lacks it', async () => {
    // vscode-languageclient's fork: { ...process.env, ELECTRON_RUN_AS_NODE, ...options.env }.
    const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...childEnvironment(process.env) };
    const child = spawn(process.execPath, ['-e', PRINT], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise((resolve) => child.once('exit', resolve));
    assert.deepStrictEqual(JSON.parse(out), ['OTHER_CREDENTIAL_HINT=kept']);
  });

  it('every spelling goes (Windows names are case-insensitive), nothing else changes', () => {
    const env = childEnvironment({ PATH: '/bin', atp_proxy_credentials: 'a:b@c:1', ATP_PROXY_CREDENTIALS: 'a:b@c:1' });
    assert.deepStrictEqual(
      Object.entries(env).filter(([, v]) => v !== undefined),
      [['PATH', '/bin']],
    );
  });
});
