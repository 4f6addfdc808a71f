import * as assert from 'assert';
import { run } from '../../src/cli/main';
import { encodeConnectionSettings } from '../../src/core/wininet/connectionSettings';
import { toHex } from '../../src/core/wininet/hex';
import { MemoryIO } from './support/memoryIO';

// Strings decoded from a machine are data: `decode`'s text output shows control characters as \uXXXX so that a NUL, an
// ESC sequence or a bidirectional override in a SensorConfiguration.json or a WinINET value cannot act on a terminal.

const ESC = '\u001b';
/** No raw C0/C1 control (tab and newline excepted: the output's own layout), separator or bidi override. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('decode text output escapes control characters from the machine', () => {
  it('SensorConfiguration.json: Url, UserName and the API address', async () => {
    const config = JSON.stringify({
      SensorProxyConfiguration: { $type: 'SensorProxyConfiguration', Url: `http://proxy${ESC}[2J.contoso.com:8080`, UserName: 'CONTOSO\\svc\u0000\u202e' },
      WorkspaceApplicationSensorApiWebClientConfigurationServiceEndpoint: { Address: `contoso${ESC}]0;x\u0007sensorapi.atp.azure.com`, Port: 443 },
    });
    const io = new MemoryIO({ 'SensorConfiguration.json': config });
    assert.strictEqual(await run(['decode', 'SensorConfiguration.json'], io), 0, io.err);
    assert.doesNotMatch(io.out, RAW);
    assert.match(io.out, /proxy URL +http:\/\/proxy\\u001b\[2J\.contoso\.com:8080\n/);
    assert.match(io.out, /user +CONTOSO\\svc\\u0000\\u202e\n/);
    assert.match(io.out, /sensor API +contoso\\u001b\]0;x\\u0007sensorapi/);
    // JSON output keeps the exact strings (JSON escapes them itself).
    const json = new MemoryIO({ 'SensorConfiguration.json': config });
    assert.strictEqual(await run(['decode', '--format', 'json', 'SensorConfiguration.json'], json), 0);
    assert.strictEqual((JSON.parse(json.out) as { userName: string }).userName, 'CONTOSO\\svc\u0000\u202e');
  });
  it('a WinINET value: proxy server, bypass list and auto-config URL', async () => {
    const hex = toHex(
      encodeConnectionSettings({
        version: 0x46,
        counter: 1,
        flags: 3,
        proxyServer: `p${ESC}[31m:8080`,
        bypass: '<local>\u0085',
        autoConfigUrl: 'http://wpad/\u0000.pac',
        trailer: new Uint8Array(32),
      }),
    );
    const io = new MemoryIO();
    assert.strictEqual(await run(['decode', hex], io), 0, io.err);
    assert.doesNotMatch(io.out, RAW);
    assert.match(io.out, /proxy server +p\\u001b\[31m:8080\n/);
    assert.match(io.out, /bypass +<local>\\u0085\n/);
    assert.match(io.out, /auto-config URL +http:\/\/wpad\/\\u0000\.pac\n/);
  });
});
