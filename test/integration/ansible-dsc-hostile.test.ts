import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateDeploymentScript, type ScriptFormat } from '../../src/core/usecases/deploymentScript';
import { sensorManifest } from '../unit/support/fakeSensor';
import { payloads } from '../unit/support/payloads';
import { PS_STRING } from '../unit/support/psString';
import { v3Manifest } from '../unit/support/v3Manifest';
import { dscConfiguration, dscKeywordErrors, listTasks, loadPlaybook, syntaxCheck } from './support/ansible';

// The payloads of test/unit/injection.test.ts (and a Jinja lookup, Ansible's own way in) in every manifest string
// that reaches a playbook or a DSC configuration: the file name for every method, the proxy account for method
// sensor. Each artefact must have the structure of the same artefact made from plain strings (Ansible's YAML loader,
// PowerShell's parser), hold the hostile text as data where the plain text was, and run nothing (marker files).

const EXAMPLES = path.resolve(__dirname, '../../../examples');

/** A loaded playbook with every string replaced by its kind: what is left is the structure. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    if (Object.keys(value).length === 1 && 'unsafe' in value) return '<unsafe text>';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value === 'string' ? '<text>' : value;
}

/** A DSC configuration without its comments and with every string expression blanked: its code. */
const dscCode = (text: string): string =>
  text
    .split('\r\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\r\n')
    .replace(PS_STRING, "'…'");

describe('hostile manifest strings stay data in playbooks and DSC configurations', function () {
  this.timeout(180_000);
  let dir: string;
  let markers: string;
  let p: Record<string, string>;
  let hostileName: string;
  let hostileUser: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-engines-hostile-'));
    markers = path.join(dir, 'markers');
    fs.mkdirSync(markers);
    p = { ...payloads(markers), jinja: `{{ lookup('pipe', 'touch ${path.join(markers, 'jinja')}') }}` };
    hostileName = `${Object.values(p).join(' ')}\u2028\u{1F600}.atpproxy.json`;
    hostileUser = `CONTOSO\\${Object.values(p).join(' ')}`;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => assert.deepStrictEqual(fs.readdirSync(markers), [], 'no command ran'));

  function generate(manifest: string, format: ScriptFormat, name: string): string {
    const script = generateDeploymentScript(manifest, format, name, { force: true });
    assert.ok(script.ok, script.ok ? '' : script.reason);
    return script.content;
  }

  /** Writes, syntax-checks, lists (templating play and task names) and loads a playbook. */
  function playbook(content: string, file: string): Record<string, unknown> {
    const out = path.join(dir, file);
    fs.writeFileSync(out, content);
    syntaxCheck(out);
    const listed = listTasks(out);
    assert.strictEqual(listed.status, 0, listed.output);
    const plays = loadPlaybook<Record<string, unknown>>(out);
    assert.strictEqual(plays.length, 1, 'the text did not add a play');
    return plays[0];
  }

  const manifests: Record<string, () => string> = {
    wininet: () => fs.readFileSync(path.join(EXAMPLES, 'fabrikam-pac.atpproxy.jsonc'), 'utf8'),
    policy: () => v3Manifest('policy'),
    winhttp: () => v3Manifest('winhttp'),
  };

  for (const [method, manifest] of Object.entries(manifests)) {
    it(`method ${method}: the playbook has the plain one's structure; the name is unsafe text`, () => {
      const hostile = playbook(generate(manifest(), 'ansible', hostileName), `${method}-hostile.yml`);
      const plain = playbook(generate(manifest(), 'ansible', 'plain.atpproxy.json'), `${method}-plain.yml`);
      assert.deepStrictEqual(shape(hostile), shape(plain));
      assert.ok((hostile.name as { unsafe: string }).unsafe.includes(`(${hostileName})`), 'the name is kept, never templated');
    });

    it(`method ${method}: the DSC configuration is the plain one's code and parses with only the DSC keyword errors`, () => {
      const hostile = generate(manifest(), 'dsc', hostileName);
      const plain = generate(manifest(), 'dsc', 'plain.atpproxy.json');
      assert.strictEqual(dscCode(hostile), dscCode(plain));
      assert.match(hostile, /^[\x20-\x7e\r\n]*$/, 'printable ASCII, one line per line');
      const file = path.join(dir, `${method}-hostile.ps1`);
      fs.writeFileSync(file, hostile);
      const plainFile = path.join(dir, `${method}-plain.ps1`);
      fs.writeFileSync(plainFile, plain);
      const evaluated = dscConfiguration(file);
      assert.deepStrictEqual(evaluated.parseErrors, dscKeywordErrors(hostile));
      assert.deepStrictEqual(evaluated.resources, dscConfiguration(plainFile).resources);
    });
  }

  it("method sensor: the manifest name and the proxy account stay unsafe text; the structure is the plain one's", () => {
    const hostile = playbook(generate(sensorManifest({ server: 'proxy.contoso.com:8080', user: hostileUser }), 'ansible', hostileName), 'sensor-hostile.yml');
    const plain = playbook(
      generate(sensorManifest({ server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc-mdi' }), 'ansible', 'plain.atpproxy.json'),
      'sensor-plain.yml',
    );
    assert.deepStrictEqual(shape(hostile), shape(plain));
    const vars = hostile.vars as Record<string, { unsafe: string }>;
    assert.strictEqual(vars.atp_proxy_user.unsafe, hostileUser);
    assert.ok((hostile.name as { unsafe: string }).unsafe.includes(hostileName));
    const prompt = (hostile.vars_prompt as { prompt: { unsafe: string } }[])[0].prompt.unsafe;
    assert.ok(prompt.includes(hostileUser), prompt);
  });

  it('policy and winhttp reject a hostile server or bypass entry with a clear error: nothing is generated', () => {
    const all = Object.values(p).join(' ');
    const cases = [
      { method: 'policy' as const, member: 'server', value: `proxy.contoso.com:8080 ${all}`, error: /proxy\.server/ },
      { method: 'winhttp' as const, member: 'server', value: `proxy.contoso.com:8080 ${all}`, error: /proxy\.server/ },
      { method: 'winhttp' as const, member: 'bypass', value: ['<local>', all], error: /proxy\.bypass entry/ },
    ];
    for (const { method, member, value, error } of cases) {
      const manifest = JSON.parse(v3Manifest(method)) as { proxy: Record<string, unknown> };
      manifest.proxy[member] = value;
      for (const format of ['ansible', 'dsc'] as const) {
        const script = generateDeploymentScript(JSON.stringify(manifest), format, 'x.atpproxy.json', { force: true });
        assert.ok(!script.ok, `${method} ${member} ${format}`);
        assert.match(script.reason, error);
      }
    }
  });
});
