import * as assert from 'assert';
import { formatProxy, httpsProxy, parseProxyAddress, parseServerString, ServerList } from '../../src/core/connectivity/serverString';

function list(text: string): ServerList {
  const result = parseServerString(text);
  if ('problem' in result) assert.fail(result.problem);
  return result;
}

function https(text: string): string | undefined {
  const proxy = httpsProxy(list(text));
  return proxy && formatProxy(proxy);
}

describe('WinINET proxy server strings', () => {
  it('uses one proxy for every protocol', () => {
    assert.strictEqual(https('proxy.contoso.com:8080'), 'proxy.contoso.com:8080');
    assert.strictEqual(https('http://proxy.contoso.com:8080/'), 'proxy.contoso.com:8080');
    assert.strictEqual(https('proxy.contoso.com'), 'proxy.contoso.com:80');
    assert.strictEqual(https('[fd00::1]:3128'), '[fd00::1]:3128');
  });

  it('uses the https= entry of a per-protocol list for port 443, and none when it is missing', () => {
    assert.strictEqual(https('http=web:80;https=secure:8443'), 'secure:8443');
    assert.strictEqual(https('HTTPS=secure:8443 http=web:80'), 'secure:8443');
    assert.strictEqual(https('http=web:80;ftp=f:21'), undefined);
    assert.strictEqual(https('http=web:80;all:3128'), 'all:3128');
  });

  it('rejects what WinINET could not use, saying why', () => {
    for (const [text, pattern] of [
      ['', /empty/],
      ['proxy:0', /1 to 65535/],
      ['proxy:http', /1 to 65535/],
      ['user:pw@proxy:8080', /credentials/],
      ['https=socks5://p:1080', /only http/],
      ['pro xy!:80', /not a host name/],
    ] as const) {
      const result = parseServerString(text);
      assert.ok('problem' in result, text);
      assert.match(result.problem, pattern);
    }
    assert.ok('problem' in parseProxyAddress(':8080'));
  });
});
