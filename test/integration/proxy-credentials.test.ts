import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { basicAuthorization } from '../../src/core/connectivity/credentials';
import { ensureCliBundle, runCli } from './support/cli-bundle';
import { allTo, CONTOSO_HOSTS, contosoManifest, Lab, startLab } from './support/lab';
import { Squid, startSquid } from './support/squid';

// `atp-proxy test` (the shipped bundle) through a real Squid that requires basic authentication, with the
// credentials in ATP_PROXY_CREDENTIALS: every byte the CLI prints, in every format and outcome, is searched.
// (DOMAIN\user forms are covered by test/unit/credentials-leak.test.ts: this lab's Squid auth helper rejects a backslash.)
const USER = 'svc-atp';
const PASSWORD = 'Pa55:w0rd!s3cr3t&x';

function forms(user: string, password: string): string[] {
  return [
    password,
    `${user}:${password}`,
    basicAuthorization({ user, password }).slice('Basic '.length),
    encodeURIComponent(password),
    Buffer.from(password).toString('base64'),
  ];
}

describe('atp-proxy test with proxy credentials through Squid (basic auth): never printed', function () {
  this.timeout(60_000);
  let lab: Lab;
  let squid: Squid;
  let manifest: string;

  before(async function () {
    this.timeout(300_000);
    await ensureCliBundle();
    lab = await startLab();
    squid = await startSquid(lab.dir, { hosts: allTo(lab.service.host), connectPorts: [lab.service.port], basicAuth: { user: USER, password: PASSWORD } });
    manifest = path.join(lab.dir, 'contoso.atpproxy.json');
    await fs.writeFile(manifest, contosoManifest({ mode: 'static', server: `127.0.0.1:${squid.port}` }, lab.service.port));
  });
  after(async () => {
    await squid?.stop();
    await lab?.close();
  });

  const cases: { name: string; credentials: string; code: number; status: string }[] = [
    { name: 'the right credentials', credentials: `${USER}:${PASSWORD}`, code: 0, status: 'ok' },
    { name: 'a wrong password', credentials: `${USER}:${PASSWORD}-wrong`, code: 1, status: 'proxy-auth' },
    { name: 'a wrong user', credentials: `someone:${PASSWORD}`, code: 1, status: 'proxy-auth' },
  ];
  for (const c of cases) {
    for (const format of ['text', 'json']) {
      it(`${c.name}, --format ${format}: ${c.status} for every endpoint, and no form of the secret in stdout or stderr`, async () => {
        const run = await runCli(['test', '--format', format, '--ca', lab.pki.rootPem, '--timeout', '10000', manifest], {
          ...process.env,
          ATP_PROXY_CREDENTIALS: `${c.credentials}@127.0.0.1:${squid.port}`,
        });
        assert.strictEqual(run.code, c.code, run.stderr + run.stdout);
        if (format === 'json') {
          const report = JSON.parse(run.stdout) as { results: { host: string; status: string }[] };
          assert.deepStrictEqual(
            report.results.map((r) => [r.host, r.status]),
            CONTOSO_HOSTS.map((h) => [h, c.status]),
          );
        } else {
          assert.match(run.stdout, new RegExp(`${c.status}\\s+${CONTOSO_HOSTS[0].replace(/\./g, '\\.')}`));
        }
        const [user, password] = [c.credentials.slice(0, c.credentials.indexOf(':')), c.credentials.slice(c.credentials.indexOf(':') + 1)];
        for (const form of [...forms(USER, PASSWORD), ...forms(user, password)]) {
          assert.ok(!run.stdout.includes(form), `stdout contains "${form}"`);
          assert.ok(!run.stderr.includes(form), `stderr contains "${form}"`);
        }
      });
    }
  }

  it('without credentials: proxy-auth, and the hint names the variable, not a value', async () => {
    const env = { ...process.env };
    delete env.ATP_PROXY_CREDENTIALS;
    const run = await runCli(['test', '--timeout', '10000', manifest], env);
    assert.strictEqual(run.code, 1);
    assert.match(run.stderr, /set ATP_PROXY_CREDENTIALS=user:password/);
    for (const form of forms(USER, PASSWORD)) assert.ok(!run.stdout.includes(form) && !run.stderr.includes(form));
  });
});
