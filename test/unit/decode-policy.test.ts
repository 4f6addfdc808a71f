import * as assert from 'assert';
import { v3Manifest } from './support/v3Manifest';
import { run } from '../../src/cli/main';
import { generateDeploymentScript } from '../../src/core/usecases/deploymentScript';
import { MemoryIO } from './support/memoryIO';

// Issue 14 item 2: decode reads the Defender for Endpoint policy values of method policy from a .reg export; a
// malformed REG_SZ or REG_DWORD line is named with its line, the good values are still printed, and the exit is 2.

const HEADER = 'Windows Registry Editor Version 5.00\r\n\r\n';
const DATA_COLLECTION = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\DataCollection]\r\n';

function regFile(lines: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}${DATA_COLLECTION}${lines}`, 'utf16le')]);
}

describe('decode: the Defender for Endpoint proxy policy values of a .reg export', () => {
  it('round-trips what encode --format reg writes for method policy', async () => {
    const manifest = v3Manifest('policy');
    const reg = generateDeploymentScript(manifest, 'reg', 'v3.atpproxy.json');
    assert.ok(reg.ok);
    const io = new MemoryIO({ 'policy.reg': Buffer.from(reg.content, reg.content.charCodeAt(0) === 0xfeff ? 'utf16le' : 'utf8') });
    assert.strictEqual(await run(['decode', '--format', 'json', 'policy.reg'], io), 0, io.err);
    const values = JSON.parse(io.out) as { value: string; type: string; data: unknown }[];
    assert.deepStrictEqual(
      values.map((v) => [v.value, v.type, v.data]),
      [
        ['TelemetryProxyServer', 'REG_SZ', 'proxy.contoso.com:8080'],
        ['DisableEnterpriseAuthProxy', 'REG_DWORD', 1],
        ['PreferStaticProxyForHttpRequest', 'REG_DWORD', 1],
      ],
    );
  });

  it('a malformed REG_DWORD line and a value of the wrong type are named with their line; the good value is printed; exit 2', async () => {
    const io = new MemoryIO({
      'bad.reg': regFile('"TelemetryProxyServer"="proxy.contoso.com:8080"\r\n"DisableEnterpriseAuthProxy"=dword:zz\r\n'),
      'type.reg': regFile('"TelemetryProxyServer"=dword:00000001\r\n'),
    });
    assert.strictEqual(await run(['decode', 'bad.reg'], io), 2);
    assert.match(io.out, /TelemetryProxyServer \(REG_SZ\) = "proxy\.contoso\.com:8080"/);
    assert.match(io.err, /^atp-proxy decode: bad\.reg:5: .*dword/m);
    const typed = new MemoryIO({ 'type.reg': regFile('"TelemetryProxyServer"=dword:00000001\r\n') });
    assert.strictEqual(await run(['decode', 'type.reg'], typed), 2);
    assert.match(typed.err, /type\.reg:4: TelemetryProxyServer is REG_DWORD: Defender for Endpoint reads a REG_SZ "host:port"/);
  });
});
