import * as assert from 'assert';
import * as sinon from 'sinon';
import { describeCodecError } from '../../src/core/wininet/codecError';
import { decodeConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { decodeRegFileValues } from '../../src/core/wininet/decodeValue';
import { Deployment, deploymentOf } from '../../src/core/wininet/deployment';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { xmlEscape } from '../../src/core/deploy/gppRegistry';
import { generateGppRegistryXml } from '../../src/core/wininet/generateGpp';
import { generatePowerShell, psQuote } from '../../src/core/wininet/generatePowerShell';
import { generateRegFile } from '../../src/core/wininet/generateReg';
import { parseRegFile } from '../../src/core/wininet/regParse';
import { psStringValue } from './support/psString';

const BOTH: Deployment = {
  targets: ['LocalSystem', 'LocalService'],
  values: ['DefaultConnectionSettings', 'SavedLegacySettings'],
  source: 'manifest',
  backup: true,
};

function encoded(proxy: object, registry?: object) {
  const text = JSON.stringify({ version: 1, instance: 'contoso', region: 'europe', proxy, registry, firewall: { port: 443, allow: [] } });
  const e = encodeManifestText(text);
  if (!e.ok) throw new Error(e.reason);
  return e;
}

describe('generators', () => {
  it('gpp: the same bytes for the same manifest, whatever the clock says', async () => {
    const e = encoded({ mode: 'static', server: 'proxy:8080' });
    const clock = sinon.useFakeTimers({ now: new Date('2024-03-01T10:00:00Z') });
    let first: string;
    try {
      first = generateGppRegistryXml(e.settings, BOTH);
      clock.setSystemTime(new Date('2031-07-15T23:59:59Z'));
      assert.strictEqual(generateGppRegistryXml(e.settings, BOTH), first);
    } finally {
      clock.restore();
    }
    assert.strictEqual(generateGppRegistryXml(e.settings, BOTH), first);
  });

  it('.reg: both service accounts, each value, decodes back to the manifest', () => {
    const e = encoded({ mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>'] });
    const text = generateRegFile(e.settings, BOTH, ['generated for a test']);
    assert.match(text, /^Windows Registry Editor Version 5\.00\r\n; generated for a test\r\n(; [^\r\n]*\r\n)+\r\n\[HKEY_USERS\\S-1-5-18\\/);
    const file = parseRegFile(Buffer.from(text));
    assert.ok(file.ok);
    assert.deepStrictEqual(
      file.value.keys.map((k) => k.path.split('\\')[1]),
      ['S-1-5-18', 'S-1-5-19'],
    );
    const values = decodeRegFileValues(file.value);
    assert.ok(values.ok, values.ok ? '' : describeCodecError(values.error));
    assert.strictEqual(values.value.length, 4);
    for (const v of values.value) assert.strictEqual(v.settings.proxyServer, 'proxy.contoso.com:8080');
  });

  it('.reg header: back up each key it changes, import as an administrator, restart the named services', () => {
    const text = generateRegFile(encoded({ mode: 'direct' }).settings, { ...BOTH, targets: ['LocalService'] });
    const header = text.slice(0, text.indexOf('\r\n\r\n['));
    assert.ok(
      header
        .split('\r\n')
        .slice(1)
        .every((l) => l.startsWith('; ')),
      'instructions are comments',
    );
    assert.match(header, /back up the keys/);
    assert.match(header, /reg export "HKU\\S-1-5-19\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections" /);
    assert.doesNotMatch(header, /S-1-5-18\\Software/, 'only the keys the file changes');
    assert.match(header, /Import it as an administrator/);
    assert.match(header, /Restart-Service AATPSensor, AATPSensorUpdater/);
  });

  it('deployment defaults: both accounts, DefaultConnectionSettings, copy from HKCU, backups', () => {
    const e = encoded({ mode: 'direct' });
    assert.deepStrictEqual(deploymentOf(e.manifest), {
      targets: ['LocalSystem', 'LocalService'],
      values: ['DefaultConnectionSettings'],
      source: 'currentUser',
      backup: true,
    });
    const limited = encoded({ mode: 'direct' }, { targets: ['LocalService', 'Administrator'], source: 'manifest', backup: false });
    assert.deepStrictEqual(deploymentOf(limited.manifest), {
      targets: ['LocalService'],
      values: ['DefaultConnectionSettings'],
      source: 'manifest',
      backup: false,
    });
  });

  it('ps1: stops on errors, checks the policy, plans, backs up with reg export, writes with reg add, verifies, restores on failure and deletes the keys it created', () => {
    const e = encoded({ mode: 'static', server: 'proxy:8080' });
    const script = generatePowerShell(
      e.settings,
      { ...BOTH, source: 'currentUser' },
      { manifestName: 'dc.atpproxy.json', mode: 'static', proxyServer: 'proxy:8080' },
    );
    const order = [
      "$ErrorActionPreference = 'Stop'",
      'ProxySettingsPerUser',
      'Get-RegBinary "HKCU\\$Connections" $name',
      '$missing = Get-MissingKeys $key',
      'if (Test-SameSettings $old $new)',
      'Backup-RegKey $key "$sid-Connections-$Stamp"',
      'Set-RegBinary $step.Key $step.Name $step.New',
      'Test-SameBytes $check $step.New',
      '} catch {',
      'Restored',
      'foreach ($key in $Created) { Remove-KeyIfEmpty $key }',
      'throw',
    ];
    let at = -1;
    for (const marker of order) {
      const next = script.indexOf(marker, at + 1);
      assert.ok(next > at, `${marker} should come after the previous step`);
      at = next;
    }
    assert.match(script, /\$Targets = @\('S-1-5-18', 'S-1-5-19'\)/);
    assert.match(script, /\$Values = @\('DefaultConnectionSettings', 'SavedLegacySettings'\)/);
    assert.match(script, /\[System\.IO\.FileMode\]::CreateNew/, 'a backup never overwrites an earlier one');
    assert.match(script, /\$r\.Code -ne 0/);
    assert.doesNotMatch(script, /Registry::|ItemProperty|Get-Item /, 'every registry access goes through reg.exe');
    assert.doesNotMatch(script, /ConvertFrom-Hex '/);
    assert.ok(
      script.split('\r\n').every((l) => !l.includes('\n')),
      'CRLF line ends',
    );
    const header = script.slice(0, script.indexOf('$ErrorActionPreference'));
    assert.match(header, /AATPSensorUpdater/);
    assert.match(header, /sensor service AATPSensor\b/);
    assert.match(script, /Write-Host "Done\. Restart the sensor services so they use the proxy: Restart-Service AATPSensor, AATPSensorUpdater"/);
  });

  it('ps1 with source manifest writes the encoded value', () => {
    const e = encoded({ mode: 'pac', pacUrl: 'http://proxy/p.pac' });
    const script = generatePowerShell(e.settings, BOTH, { mode: 'pac', pacUrl: 'http://proxy/p.pac' });
    const hex = /\$Encoded = ConvertFrom-Hex '([0-9a-f]+)'/.exec(script);
    assert.ok(hex);
    const d = decodeConnectionSettings(Buffer.from(hex[1], 'hex'));
    assert.ok(d.ok && d.value.autoConfigUrl === 'http://proxy/p.pac' && d.value.flags === 5);
  });

  it('ps1 quotes every manifest string so quotes, ;, & and spaces stay data, in printable ASCII', () => {
    const nasty = [
      "it's",
      "a'; Remove-Item C:\\ -Recurse; '",
      'x & y',
      'with spaces',
      '\u2019smart\u2018 quotes',
      '$(whoami) `n',
      '\u0142\u0111\u0442',
      'a\u2028b\r\nc',
      '\ud83d\ude00',
      '',
    ];
    for (const value of nasty) {
      const quoted = psQuote(value);
      assert.match(quoted, /^[\x20-\x7e]*$/);
      assert.strictEqual(psStringValue(quoted), value);
      const script = generatePowerShell(encoded({ mode: 'direct' }).settings, BOTH, { manifestName: value, mode: 'direct', proxyServer: value });
      const line = script.split('\r\n').find((l) => l.startsWith('$ProxyServer = '));
      assert.strictEqual(line, `$ProxyServer = ${quoted}`);
      assert.strictEqual(psStringValue(line.slice('$ProxyServer = '.length)), value);
    }
  });

  it('gpp: an Update REG_BINARY item per account and value under HKEY_USERS, with the Domain Controllers OU explained', () => {
    const e = encoded({ mode: 'static', server: 'proxy:8080' });
    const xml = generateGppRegistryXml(e.settings, BOTH);
    assert.match(xml, /^<\?xml version="1\.0" encoding="utf-8"\?>/);
    assert.match(xml, /Domain Controllers OU/);
    const props = [...xml.matchAll(/<Properties ([^>]*)\/>/g)].map((m) => Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])));
    assert.strictEqual(props.length, 4);
    for (const p of props) {
      assert.strictEqual(p.action, 'U');
      assert.strictEqual(p.hive, 'HKEY_USERS');
      assert.strictEqual(p.type, 'REG_BINARY');
      assert.match(p.key, /^S-1-5-1[89]\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\Connections$/);
      const d = decodeConnectionSettings(Buffer.from(p.value, 'hex'));
      assert.ok(d.ok && d.value.proxyServer === 'proxy:8080');
    }
    const uids = [...xml.matchAll(/uid="(\{[0-9A-F-]+\})"/g)].map((m) => m[1]);
    assert.strictEqual(new Set(uids).size, 4);
    assert.doesNotMatch(xml, /changed=/, 'no timestamp: the same manifest gives the same bytes');
    assert.match(xml, /Restart-Service AATPSensor, AATPSensorUpdater/);
    const comment = xml.slice(xml.indexOf('<!--') + 4, xml.indexOf('-->'));
    assert.ok(!comment.includes('--'), 'an XML comment may not contain --');
    assert.strictEqual(xmlEscape('a<b>&"\''), 'a&lt;b&gt;&amp;&quot;&apos;');
  });
});
