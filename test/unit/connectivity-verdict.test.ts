import * as assert from 'assert';
import { isGenuineIssuer } from '../../src/core/connectivity/issuer';
import { certificateVerdict, connectFailure, connectRefusal, deadlineVerdict, pingVerdict, tlsFailure } from '../../src/core/connectivity/verdict';

function errno(code: string, syscall = 'connect'): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code}`), { code, syscall });
}

const proxy = { name: 'proxy.contoso.com:8080', isProxy: true };
const endpoint = { name: 'contososensorapi.atp.azure.com:443', isProxy: false };

describe('connectivity verdicts', () => {
  it('maps connection errors to dns, refused and timeout', () => {
    assert.strictEqual(connectFailure(errno('ENOTFOUND', 'getaddrinfo'), endpoint).status, 'dns');
    assert.strictEqual(connectFailure(errno('EAI_AGAIN', 'getaddrinfo'), proxy).status, 'dns');
    assert.strictEqual(connectFailure(errno('ECONNREFUSED'), proxy).status, 'refused');
    assert.strictEqual(connectFailure(errno('EHOSTUNREACH'), endpoint).status, 'refused');
    assert.strictEqual(connectFailure(errno('ETIMEDOUT'), endpoint).status, 'timeout');
    assert.match(connectFailure(errno('ECONNREFUSED'), proxy).detail, /proxy proxy\.contoso\.com:8080 refused/);
  });

  it('407 is proxy-auth and explains the service account and the credentials', () => {
    const verdict = connectRefusal(
      {
        statusCode: 407,
        statusLine: 'HTTP/1.1 407 Proxy Authentication Required',
        proxyAuthenticate: 'Negotiate, Basic realm="x"',
        credentialsSent: false,
        basicOffered: true,
      },
      proxy.name,
      'a:443',
    );
    assert.strictEqual(verdict.status, 'proxy-auth');
    assert.match(verdict.detail, /LocalService/);
    assert.match(verdict.detail, /it asks for Negotiate, Basic\)/);
    assert.match(verdict.detail, /ATP_PROXY_CREDENTIALS=user:password@proxy\.contoso\.com:8080/);
    const ntlmOnly = connectRefusal(
      { statusCode: 407, statusLine: 'HTTP/1.1 407 x', proxyAuthenticate: 'NTLM', credentialsSent: false, basicOffered: false },
      proxy.name,
      'a:443',
    );
    assert.match(ntlmOnly.detail, /only Basic/);
  });

  it('any other refusal is proxy-denied with the status line and the licensing hint', () => {
    const verdict = connectRefusal(
      { statusCode: 403, statusLine: 'HTTP/1.1 403 Forbidden', squidError: 'ERR_ACCESS_DENIED 0', credentialsSent: false },
      proxy.name,
      'a:443',
    );
    assert.strictEqual(verdict.status, 'proxy-denied');
    assert.match(verdict.detail, /"HTTP\/1\.1 403 Forbidden"/);
    assert.match(verdict.detail, /401\/403.*licensing/);
    assert.strictEqual(
      connectRefusal({ statusCode: 502, statusLine: 'HTTP/1.1 502 Bad Gateway', credentialsSent: false }, proxy.name, 'a:443').status,
      'proxy-denied',
    );
  });

  it('reads why Squid refused: its DNS, a refused or timed-out connection', () => {
    const squid = (squidError: string): string =>
      connectRefusal({ statusCode: 503, statusLine: 'HTTP/1.1 503 Service Unavailable', squidError, credentialsSent: false }, proxy.name, 'a:443').status;
    assert.strictEqual(squid('ERR_DNS_FAIL 0'), 'dns');
    assert.strictEqual(squid('ERR_CANNOT_FORWARD 0'), 'dns');
    assert.strictEqual(squid('ERR_CANNOT_FORWARD 111'), 'refused');
    assert.strictEqual(squid('ERR_CONNECT_FAIL 111'), 'refused');
    assert.strictEqual(squid('ERR_CONNECT_FAIL 110'), 'timeout');
    assert.strictEqual(
      connectRefusal({ statusCode: 504, statusLine: 'HTTP/1.1 504 Gateway Timeout', credentialsSent: false }, proxy.name, 'a:443').status,
      'timeout',
    );
  });

  it('recognises the genuine issuers by name', () => {
    for (const name of [
      'Microsoft Azure TLS Issuing CA 01',
      'Microsoft Azure TLS Issuing CA 06',
      'Microsoft Azure RSA TLS Issuing CA 03',
      'Microsoft Azure ECC TLS Issuing CA 07',
      'Microsoft Azure TLS Issuing CA',
    ]) {
      assert.ok(isGenuineIssuer(name), name);
    }
    for (const name of [
      'mitmproxy',
      'Zscaler Intermediate Root CA',
      'Microsoft Azure TLS Issuing CA 01 (inspection)',
      'Fake Microsoft Azure TLS Issuing CA 01',
      '',
    ]) {
      assert.ok(!isGenuineIssuer(name), name);
    }
  });

  it('checks the issuer before trust: a trusted inspecting CA is intercepted, an untrusted genuine chain is tls', () => {
    const trustedRogue = certificateVerdict({ issuer: 'Contoso Inspection CA', subject: '*.atp.azure.com', authorized: true, isGenuine: false }, 'a', proxy);
    assert.strictEqual(trustedRogue?.status, 'intercepted');
    assert.match(trustedRogue?.detail ?? '', /"Contoso Inspection CA"/);
    assert.strictEqual(trustedRogue?.issuer, 'Contoso Inspection CA');
    const untrustedRogue = certificateVerdict(
      { issuer: 'mitmproxy', subject: 'a', authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', isGenuine: false },
      'a',
      undefined,
    );
    assert.strictEqual(untrustedRogue?.status, 'intercepted');
    const untrusted = certificateVerdict(
      {
        issuer: 'Microsoft Azure TLS Issuing CA 01',
        subject: 'a',
        authorized: false,
        authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        isGenuine: true,
      },
      'a',
      undefined,
    );
    assert.strictEqual(untrusted?.status, 'tls');
    assert.match(untrusted?.detail ?? '', /--ca/);
    const expired = certificateVerdict(
      { issuer: 'Microsoft Azure TLS Issuing CA 01', subject: 'a', authorized: false, authorizationError: 'CERT_HAS_EXPIRED', isGenuine: true },
      'a',
      undefined,
    );
    assert.match(expired?.detail ?? '', /CERT_HAS_EXPIRED/);
    assert.strictEqual(
      certificateVerdict({ issuer: 'Microsoft Azure TLS Issuing CA 01', subject: 'a', authorized: true, isGenuine: true }, 'a', undefined),
      undefined,
    );
    assert.strictEqual(tlsFailure(errno('ECONNRESET', 'read'), 'a', proxy).status, 'tls');
  });

  it('the ping is ok on 200 and 503 only', () => {
    assert.strictEqual(pingVerdict(200, '200 OK', 'a').status, 'ok');
    assert.strictEqual(pingVerdict(503, '503 Service Unavailable', 'a').status, 'ok');
    const notFound = pingVerdict(404, '404 Not Found', 'a');
    assert.strictEqual(notFound.status, 'http');
    assert.match(notFound.detail, /404 Not Found/);
    assert.strictEqual(pingVerdict(302, '302 Found', 'a').status, 'http');
  });

  it('a deadline names the phase it stopped in', () => {
    assert.match(deadlineVerdict('tls', proxy, 5000, false).detail, /within 5000 ms during the TLS handshake/);
    assert.match(deadlineVerdict('connect', endpoint, 5000, true).detail, /^Cancelled/);
    assert.strictEqual(deadlineVerdict('queued', undefined, 1, false).status, 'timeout');
  });
});
