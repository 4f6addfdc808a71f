import * as assert from 'assert';
import { DiskIO } from './support/diskIO';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyCommand } from '../../src/cli/commands/apply';
import { run } from '../../src/cli/main';
import { Runner } from '../../src/core/apply/regExeBackend';
import { CURRENT_USER_CONNECTIONS, PROXY_POLICY_KEY, accountConnectionsKey, canonicalKey } from '../../src/core/wininet/accounts';
import { decodeRegFileValues } from '../../src/core/wininet/decodeValue';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { PS_STRING, psStringValue } from './support/psString';
import { payloads } from './support/payloads';

// Shell and PowerShell metacharacters in every string a manifest holds, and in its file name: they must reach
// reg.exe's argv and the generated .ps1/.reg/.xml as data. Each payload would create a marker file if any
// shell, cmd.exe or PowerShell ever evaluated it.

/** Every payload joined into one string without line breaks or ";" (what WinINET strings and bypass entries accept). */
function oneLine(p: Record<string, string>): string {
  return Object.entries(p)
    .filter(([k]) => k !== 'newline' && k !== 'crlf')
    .map(([, v]) => v.replace(/;/g, ','))
    .join(' ');
}

function hostileManifest(p: Record<string, string>, server: string): string {
  const all = Object.values(p);
  return JSON.stringify(
    {
      version: 1,
      instance: p.dollarParen,
      cloud: p.backtick,
      region: p.ampersand,
      proxy: {
        mode: 'static',
        server,
        bypass: ['<local>', oneLine(p).replace(/[^\x20-\x7e]/g, '?')],
        pacUrl: p.pipe,
        winhttp: { server: p.semicolon, bypass: all },
      },
      registry: {
        source: 'manifest',
        targets: ['LocalSystem', 'LocalService', p.doubleQuote],
        values: ['DefaultConnectionSettings', 'SavedLegacySettings', p.singleQuote],
        backup: true,
        command: p.percent,
      },
      firewall: { port: 443, allow: all, sslInspection: p.newline },
      sensors: all.map((v) => ({ name: v, host: v })),
      [p.psSubexpression]: p.crlf,
      regCommand: `touch ${p.dollarParen}`,
    },
    null,
    2,
  );
}

/** A stand-in for reg.exe that records its argv and keeps values in a JSON file (query/add/delete/export). */
const FAKE_REG = `'use strict';
const fs = require('fs');
const [store, log, ...args] = process.argv.slice(2);
fs.appendFileSync(log, JSON.stringify(args) + '\\n');
const db = fs.existsSync(store) ? JSON.parse(fs.readFileSync(store, 'utf8')) : {};
const [op, key] = args;
const K = key.toUpperCase();
const arg = (flag) => args[args.indexOf(flag) + 1];
if (op === 'query') {
  // A tree: parents of stored keys exist, and a query lists subkeys by full path, as reg does.
  const below = [...new Set(Object.keys(db).filter((k) => k.startsWith(K + '\\\\')).map((k) => key + '\\\\' + k.slice(K.length + 1).split('\\\\')[0]))];
  if (!db[K] && !below.length && key.includes('\\\\')) { process.stderr.write('ERROR: The system was unable to find the specified registry key or value.\\r\\n'); process.exit(1); }
  process.stdout.write('\\r\\n' + key + '\\r\\n' + Object.entries(db[K] || {}).map(([n, d]) => '    ' + n + '    REG_BINARY    ' + d).join('\\r\\n') + '\\r\\n\\r\\n' + below.join('\\r\\n'));
} else if (op === 'add') {
  db[K] = db[K] || {};
  db[K][arg('/v')] = arg('/d').toUpperCase();
} else if (op === 'delete') {
  if (args.includes('/v')) { if (db[K]) delete db[K][arg('/v')]; } else delete db[K];
} else if (op === 'export') {
  fs.writeFileSync(args[2], 'Windows Registry Editor Version 5.00\\r\\n');
}
fs.writeFileSync(store, JSON.stringify(db));
`;

describe('injection: metacharacters in every manifest string stay data', function () {
  this.timeout(20_000);
  let dir: string;
  let markers: string;
  let p: Record<string, string>;
  const server = (): string => `proxy.contoso.com:8080 ${oneLine(p).replace(/[^\x20-\x7e]/g, '?')}`;
  // The file name carries payloads too (a line break and a typographic quote included: Linux allows both).
  const hostileName = (): string => `$(touch ${markers.replace(/\//g, '_')}_name) & x;'\u2019\nname.atpproxy.json`;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atp-inject-'));
    markers = path.join(dir, 'markers');
    fs.mkdirSync(markers);
    p = payloads(markers);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  afterEach(() => assert.deepStrictEqual(fs.readdirSync(markers), [], 'no command ran'));

  function manifestFile(name = hostileName()): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, hostileManifest(p, server()));
    return file;
  }

  it('apply: reg.exe (a recording stand-in) gets argv of known keys, known value names and hex data only', async () => {
    const store = path.join(dir, 'registry.json');
    const log = path.join(dir, 'argv.log');
    const fakeReg = path.join(dir, 'fake-reg.js');
    fs.writeFileSync(fakeReg, FAKE_REG);
    const io = new DiskIO({ ...process.env });
    const code = await applyCommand(
      [
        '--force',
        '--reg-command',
        `"${process.execPath}" "${fakeReg}" "${store}" "${log}"`,
        '--backup-dir',
        path.join(dir, 'backups $(x) & y'),
        manifestFile(),
      ],
      io,
    );
    assert.strictEqual(code, 0, io.out + io.err);
    const calls = fs
      .readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    const keys = [PROXY_POLICY_KEY, CURRENT_USER_CONNECTIONS, accountConnectionsKey('LocalSystem'), accountConnectionsKey('LocalService')].map(canonicalKey);
    for (const argv of calls) {
      assert.ok(['query', 'add', 'delete', 'export'].includes(argv[0]), argv.join(' '));
      // Queries may also list a known key's parents (how absence is told without reading reg's message).
      const key = canonicalKey(argv[1]);
      assert.ok(keys.includes(key) || (argv[0] === 'query' && keys.some((k) => k.startsWith(`${key}\\`))), argv[1]);
      if (argv[0] === 'add') {
        assert.deepStrictEqual([argv[2], argv[4], argv[5], argv[6], argv[8]], ['/v', '/t', 'REG_BINARY', '/d', '/f']);
        assert.ok(['DefaultConnectionSettings', 'SavedLegacySettings'].includes(argv[3]), argv[3]);
        assert.match(argv[7], /^[0-9a-f]+$/, 'data is hex');
        assert.ok(Buffer.from(argv[7], 'hex').toString('latin1').includes(p.dollarParen), 'the payload is in the value, as bytes');
      }
      if (argv[0] === 'export') assert.ok(argv[2].startsWith(path.join(dir, 'backups $(x) & y')), argv[2]);
    }
    assert.strictEqual(calls.filter((a) => a[0] === 'add').length, 4);
  });

  it('nothing in a manifest reaches the program that is run: only --reg-command (or System32\\reg.exe on Windows) is', async () => {
    const files = new Set<string>();
    const runner: Runner = async (file) => {
      files.add(file);
      return { code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.' };
    };
    const file = manifestFile('plain.atpproxy.json');
    await applyCommand(['--force', '--reg-command', 'my-reg --flag', '--dry-run', file], new DiskIO({ ...process.env }), runner);
    await applyCommand(['--force', '--reg-command', 'my-reg --flag', '--backup-dir', path.join(dir, 'b2'), file], new DiskIO({ ...process.env }), runner);
    const windows = Object.assign(new DiskIO({ ...process.env }), { platform: 'win32', env: { SystemRoot: 'C:\\Windows' } });
    await applyCommand(['--force', '--dry-run', file], windows, runner);
    assert.deepStrictEqual([...files].sort(), ['C:\\Windows\\System32\\reg.exe', 'my-reg']);
    // Without --reg-command off Windows nothing runs at all.
    const io = new DiskIO({ ...process.env });
    assert.strictEqual(await run(['apply', file], io), 2);
    assert.match(io.err, /run it on Windows, give --reg-command/);
  });

  it('only the reg.exe backend starts programs: no other module of core, CLI or server imports child_process', () => {
    const root = path.resolve(__dirname, '../../../src');
    const users: string[] = [];
    const walk = (d: string): void => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const full = path.join(d, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && /['"](node:)?child_process['"]/.test(fs.readFileSync(full, 'utf8'))) users.push(path.relative(root, full));
      }
    };
    for (const layer of ['core', 'cli', 'server']) walk(path.join(root, layer));
    assert.deepStrictEqual(users, [path.join('core', 'apply', 'regExeBackend.ts')]);
  });

  it('the .ps1 keeps every manifest string inside a string expression: same code as for a plain manifest', async () => {
    const hostile = new DiskIO({ ...process.env });
    assert.strictEqual(await run(['encode', '--force', '--format', 'ps1', manifestFile()], hostile), 0, hostile.err);
    const plainFile = path.join(dir, 'plain-ps1.atpproxy.json');
    fs.writeFileSync(
      plainFile,
      JSON.stringify({
        version: 1,
        instance: 'contoso',
        region: 'europe',
        proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', 'x'] },
        registry: { source: 'manifest', targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings', 'SavedLegacySettings'] },
        firewall: { port: 443, allow: [] },
      }),
    );
    const plain = new DiskIO({ ...process.env });
    assert.strictEqual(await run(['encode', '--force', '--format', 'ps1', plainFile], plain), 0, plain.err);
    // Both are forced (the hostile one has errors by design, the plain one misses endpoints): their FORCED lines differ in counts.
    const skeleton = (script: string): string => script.replace(/^# FORCED: .*\r?\n/m, '').replace(PS_STRING, "'…'");
    assert.strictEqual(skeleton(hostile.out), skeleton(plain.out), 'only the contents of string expressions differ');
    const literals = hostile.out.match(PS_STRING) ?? [];
    const values = new Map([...hostile.out.matchAll(new RegExp(`^\\$(\\w+) = (${PS_STRING.source})`, 'gm'))].map((m) => [m[1], m[2]]));
    assert.strictEqual(psStringValue(values.get('ProxyServer') ?? ''), server());
    assert.strictEqual(psStringValue(values.get('Manifest') ?? ''), hostileName());
    assert.ok(literals.length > 10);
    assert.match(hostile.out, /^[\x20-\x7e\r\n]*$/, 'printable ASCII only');
  });

  it('the .reg has exactly the two service-account keys; a line break in the file name cannot add a key', async () => {
    const io = new DiskIO({ ...process.env });
    assert.strictEqual(await run(['encode', '--force', '--format', 'reg', manifestFile()], io), 0, io.err);
    const parsed = parseRegFile(Buffer.from(io.out));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.error.reason);
    assert.deepStrictEqual(
      parsed.value.keys.map((k) => k.path),
      [accountConnectionsKey('LocalSystem'), accountConnectionsKey('LocalService')],
    );
    assert.deepStrictEqual(
      parsed.value.keys.map((k) => k.values.map((v) => v.name)),
      [
        ['DefaultConnectionSettings', 'SavedLegacySettings'],
        ['DefaultConnectionSettings', 'SavedLegacySettings'],
      ],
    );
    const decoded = decodeRegFileValues(parsed.value);
    assert.ok(decoded.ok && decoded.value.every((v) => v.settings.proxyServer === server()));
    for (const line of io.out.split('\r\n'))
      assert.ok(
        /^(Windows Registry Editor Version 5\.00|; .*|\[HKEY_USERS\\S-1-5-1[89]\\[^\]]*\]|"\w+"=hex:[0-9a-f,\\]*|\s+[0-9a-f,\\]+|)$/.test(line),
        `unexpected line: ${line}`,
      );
  });

  it('the Group Policy XML carries the value as hex and nothing of the manifest as markup', async () => {
    const io = new DiskIO({ ...process.env });
    assert.strictEqual(await run(['encode', '--force', '--format', 'gpp', manifestFile()], io), 0, io.err);
    for (const fragment of ['$(', '`', 'touch', 'New-Item', '%COMSPEC%']) assert.ok(!io.out.includes(fragment), fragment);
    assert.ok(io.out.includes(Buffer.from(server(), 'latin1').toString('hex').toUpperCase()));
  });

  it('validate (text, json, sarif), fix and decode print the strings as data and run nothing', async () => {
    const file = manifestFile();
    for (const args of [
      ['validate', file],
      ['validate', '--format', 'json', file],
      ['validate', '--format', 'sarif', file],
      ['fix', file],
      ['decode', p.dollarParen],
    ]) {
      const io = new DiskIO({ ...process.env });
      const code = await run(args, io);
      assert.ok(code === 0 || code === 1 || code === 2, `${args[0]}: ${code}`);
      if (args.includes('json') || args.includes('sarif')) JSON.parse(io.out);
    }
  });
});
