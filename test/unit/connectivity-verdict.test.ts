import * as assert from 'assert';
import { isGenuineIssuer } from '../../src/core/connectivity/issuer';
import { getAnswerVerdict, getFailure } from '../../src/core/connectivity/httpVerdict';
import { buildTestPlan } from '../../src/core/connectivity/testPlan';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import {
  certificateVerdict,
  connectFailure,
  connectRefusal,
  ConnectAnswer,
  deadlineVerdict,
  pingVerdict,
  tlsFailure,
} from '../../src/core/connectivity/verdict';

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

  it('407 is proxy-auth and says which methods can answer a proxy login, and how to test with credentials', () => {
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
    // Right for every method: only method sensor with proxy.user gives the sensor an account to answer with.
    assert.match(verdict.detail, /Only the sensor's own proxy configuration can answer a proxy login \(method sensor with proxy\.user/);
    assert.match(verdict.detail, /with WinINET, the Defender for Endpoint policy or WinHTTP the sensor cannot: exempt the ATP endpoints/);
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

describe('revocation list verdicts: the proxy’s answer or the origin’s', () => {
  const target = {
    url: 'http://www.microsoft.com/pkiops/crl/x.crl',
    entry: 'www.microsoft.com/pkiops/*',
    origin: 'www.microsoft.com:80',
  };
  const answer = (statusCode: number, statusLine: string, squidError?: string): ConnectAnswer => ({
    statusCode,
    statusLine: `HTTP/1.1 ${statusCode} ${statusLine}`,
    squidError,
    credentialsSent: false,
  });

  it('2xx and 3xx of the origin are ok, through a proxy or direct', () => {
    for (const [code, line] of [
      [200, 'OK'],
      [304, 'Not Modified'],
      [302, 'Found'],
    ] as const) {
      assert.strictEqual(getAnswerVerdict(answer(code, line), target, proxy).status, 'ok');
      assert.strictEqual(getAnswerVerdict(answer(code, line), target, undefined).status, 'ok');
    }
    assert.match(getAnswerVerdict(answer(200, 'OK'), target, proxy).detail, /through the proxy proxy\.contoso\.com:8080 .*over plain HTTP/);
  });

  it('a 2xx HTML page (block page, captive portal) is http; the same status with a list type, or a 3xx, stays ok', () => {
    const page = (code: number, contentType: string): ConnectAnswer => ({ ...answer(code, code === 200 ? 'OK' : 'Found'), contentType });
    for (const type of ['text/html', 'text/html; charset=utf-8', ' TEXT/HTML', 'application/xhtml+xml']) {
      const verdict = getAnswerVerdict(page(200, type), target, proxy);
      assert.strictEqual(verdict.status, 'http', type);
      assert.match(verdict.detail, /with an HTML page \(Content-Type .*\) instead of the list: a proxy's block or sign-in page, or a captive portal/);
      assert.strictEqual(getAnswerVerdict(page(200, type), target, undefined).status, 'http', `${type}, direct`);
    }
    for (const type of ['application/pkix-crl', 'application/vnd.ms-cab-compressed', 'application/octet-stream', 'text/htmlx']) {
      assert.strictEqual(getAnswerVerdict(page(200, type), target, proxy).status, 'ok', type);
    }
    assert.strictEqual(getAnswerVerdict(page(302, 'text/html'), target, proxy).status, 'ok', 'a redirect is followed by Windows, not judged by its body');
  });

  it('what Squid marks as its own is judged like an answer to CONNECT: denied, dns, refused, timeout', () => {
    const denied = getAnswerVerdict(answer(403, 'Forbidden', 'ERR_ACCESS_DENIED 0'), target, proxy);
    assert.strictEqual(denied.status, 'proxy-denied');
    assert.match(
      denied.detail,
      /refused GET http:\/\/www\.microsoft\.com\/pkiops\/crl\/x\.crl .*allow plain HTTP GET to www\.microsoft\.com\/pkiops\/\* on port 80/,
    );
    assert.strictEqual(getAnswerVerdict(answer(503, 'Service Unavailable', 'ERR_DNS_FAIL 0'), target, proxy).status, 'dns');
    // Squid 5 answers a GET of a name it cannot resolve with a read error from no server (errno 0).
    assert.match(getAnswerVerdict(answer(502, 'Bad Gateway', 'ERR_READ_ERROR 0'), target, proxy).detail, /found no address for www\.microsoft\.com:80/);
    assert.strictEqual(getAnswerVerdict(answer(502, 'Bad Gateway', 'ERR_READ_ERROR 104'), target, proxy).status, 'proxy-denied');
    assert.strictEqual(getAnswerVerdict(answer(503, 'Service Unavailable', 'ERR_CONNECT_FAIL 111'), target, proxy).status, 'refused');
    assert.strictEqual(getAnswerVerdict(answer(503, 'Service Unavailable', 'ERR_CONNECT_FAIL 110'), target, proxy).status, 'timeout');
    // A 404 Squid made itself (say, an invalid URL) is still the proxy's, not the origin's.
    assert.strictEqual(getAnswerVerdict(answer(400, 'Bad Request', 'ERR_INVALID_URL 0'), target, proxy).status, 'proxy-denied');
  });

  it('407 from the proxy is proxy-auth; a 403 through a proxy with no mark is its rule; other origin answers are http', () => {
    const auth = getAnswerVerdict({ ...answer(407, 'Proxy Authentication Required'), proxyAuthenticate: 'Basic realm="x"', basicOffered: true }, target, proxy);
    assert.strictEqual(auth.status, 'proxy-auth');
    assert.match(auth.detail, /to GET http:\/\/www\.microsoft\.com\/pkiops\/crl\/x\.crl: it requires authentication/);
    assert.strictEqual(getAnswerVerdict(answer(403, 'Forbidden'), target, proxy).status, 'proxy-denied');
    assert.strictEqual(getAnswerVerdict(answer(504, 'Gateway Timeout'), target, proxy).status, 'timeout');
    // Direct, nobody but the origin answers: its 403 and 404 mean the name leads somewhere else.
    assert.strictEqual(getAnswerVerdict(answer(403, 'Forbidden'), target, undefined).status, 'http');
    const notFound = getAnswerVerdict(answer(404, 'Not Found'), target, proxy);
    assert.strictEqual(notFound.status, 'http');
    assert.match(notFound.detail, /answered "HTTP\/1\.1 404 Not Found" instead of the list/);
  });

  it('no answer after connecting: the proxy rejects the request, or the origin is not Microsoft’s', () => {
    assert.strictEqual(getFailure(errno('ECONNRESET'), target, proxy).status, 'proxy-denied');
    assert.match(getFailure(errno('ECONNRESET'), target, undefined).detail, /no HTTP answer from www\.microsoft\.com:80 \(ECONNRESET\)/);
    assert.match(
      deadlineVerdict('get', proxy, 5000, false).detail,
      /waiting for the answer to the HTTP GET \(proxy proxy\.contoso\.com:8080\): the proxy cannot reach/,
    );
  });
});

describe('the genuine chain per cloud', () => {
  it('a plan names the root of its cloud on each service endpoint; the verdict advises that root', () => {
    const plan = (cloud: string) =>
      buildTestPlan(settingsOf(parseManifest(JSON.stringify({ version: 1, instance: 'adatum', cloud, proxy: { mode: 'direct' }, firewall: {} })).manifest));
    for (const [cloud, root] of [
      ['commercial', 'DigiCert Global Root G2'],
      ['gcc', 'DigiCert Global Root G2'],
      ['gcc-high', 'DigiCert Global Root CA'],
      ['dod', 'DigiCert Global Root CA'],
    ]) {
      const p = plan(cloud);
      assert.ok(!('problem' in p));
      const service = p.endpoints.filter((e) => e.port === 443);
      assert.ok(service.length > 0 && service.every((e) => e.root === root), cloud);
      assert.ok(
        p.endpoints.filter((e) => e.port === 80).every((e) => e.root === undefined),
        'no TLS, no root for revocation lists',
      );
    }
    const untrusted = certificateVerdict(
      {
        issuer: 'Microsoft Azure RSA TLS Issuing CA 04',
        subject: 'x',
        authorized: false,
        authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        isGenuine: true,
      },
      'adatumsensorapi.atp.azure.us',
      undefined,
      'DigiCert Global Root CA',
    );
    assert.match(untrusted?.detail ?? '', /need the root "DigiCert Global Root CA"/);
  });
});
