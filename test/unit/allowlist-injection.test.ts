import * as assert from 'assert';
import { compilePac } from '../../src/core/connectivity/pac';
import { Resolver } from '../../src/core/connectivity/resolve';
import { allowlistOf, formatAllowlist } from '../../src/core/export/allowlist';
import { parseManifest, settingsOf } from '../../src/core/manifest/parse';
import { allowEntryProblem } from '../../src/core/rules/allowEntry';
import { validate } from '../../src/core/rules/validate';
import { generateRegFile } from '../../src/core/wininet/generateReg';
import { encodeManifestText } from '../../src/core/wininet/fromManifest';
import { deploymentOf } from '../../src/core/wininet/deployment';

// Issue 18 item 5: allow entries and file names reach Squid configuration and PAC code.
const REQUIRED = ['contososensorapi.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'];

function manifest(allow: string[], instance = 'contoso'): string {
  return JSON.stringify({
    version: 1,
    instance,
    proxy: { mode: 'static', method: 'sensor', server: 'proxy.contoso.com:8080' },
    firewall: { port: 443, allow },
  });
}

function exported(text: string, format: 'plain' | 'squid' | 'pac', source = 'contoso.atpproxy.json'): string {
  const settings = settingsOf(parseManifest(text).manifest);
  return formatAllowlist(allowlistOf(settings), format, source, settings.proxy.server);
}

/** The directives Squid reads from a configuration text: non-comment, non-empty lines, as squid's parser splits them. */
function squidDirectives(conf: string): string[] {
  return conf
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** What the PAC answers for each URL (a bare host name stands for https://host/). */
async function pacAnswers(pac: string, urls: string[]): Promise<Record<string, string>> {
  const script = await compilePac(pac, new Resolver());
  if ('problem' in script) assert.fail(script.problem);
  const answers: Record<string, string> = {};
  for (const target of urls) {
    const url = target.includes('://') ? target : `https://${target}/`;
    answers[target] = await script.findProxy(url, new URL(url).hostname);
  }
  return answers;
}

describe('allowlist export: entries and file names cannot add Squid directives or PAC code', () => {
  it('an allow entry with line breaks adds no Squid directive (and is ATP119)', () => {
    const attack = '*.atp.azure.com\nhttp_access allow all\n#';
    const conf = exported(manifest([...REQUIRED, attack]), 'squid');
    assert.deepStrictEqual(
      squidDirectives(conf).map((d) => d.split(/\s+/).slice(0, 2).join(' ')),
      [
        'acl atp_sensor_connect',
        'acl atp_sensor_get',
        'acl atp_sensor_endpoints',
        'acl atp_sensor_port',
        'acl atp_revocation_urls',
        'acl atp_revocation_port',
        'http_access allow',
        'http_access allow',
      ],
    );
    assert.ok(!/^http_access allow all$/m.test(conf), conf);
    assert.match(conf, /^# Left out: 1 allow entry that is not a host name/m);
    const findings = validate(manifest([...REQUIRED, attack])).filter((f) => f.code === 'ATP119');
    assert.strictEqual(findings.length, 1);
    assert.strictEqual(findings[0].severity, 'error');
    assert.match(findings[0].message, /"\*\.atp\.azure\.com\\nhttp_access allow all\\n#" is not a host name/);
  });

  it('a file name with U+2028 does not end a PAC comment: hosts still go where they should', async () => {
    const source = 'x\u2028FindProxyForURL = function () { return "PROXY evil.example:3128"; }\u2028<!--.atpproxy.json';
    const pac = exported(manifest(REQUIRED), 'pac', source);
    // Before the fix: every host answered "PROXY evil.example:3128" (the HTML-like comment `<!--` swallows the rest of the line).
    const answers = await pacAnswers(pac, ['contososensorapi.atp.azure.com', 'http://crl.microsoft.com/pki/crl/x.crl', 'www.contoso.com']);
    assert.deepStrictEqual(answers, {
      'contososensorapi.atp.azure.com': 'PROXY proxy.contoso.com:8080',
      'http://crl.microsoft.com/pki/crl/x.crl': 'PROXY proxy.contoso.com:8080',
      'www.contoso.com': 'DIRECT',
    });
    assert.ok(!/[\u2028\u2029\u0085]/.test(pac));
  });

  it('line terminators of every kind in the file name stay inside the comment of plain, squid, pac and .reg', () => {
    for (const terminator of ['\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f']) {
      const source = `a${terminator}http_access allow all${terminator}b.atpproxy.json`;
      for (const format of ['plain', 'squid', 'pac'] as const) {
        const text = exported(manifest(REQUIRED), format, source);
        const first = text.split('\n')[0];
        assert.ok(first.includes('http_access allow all'), `${format}: the name stays on the comment line`);
        assert.ok(!/[\r\v\f\u0085\u2028\u2029]/.test(text), `${format}: ${JSON.stringify(terminator)}`);
      }
      const encoded = encodeManifestText(manifest(REQUIRED));
      assert.ok(encoded.ok);
      const reg = generateRegFile(encoded.settings, deploymentOf(encoded.manifest), [`Generated from ${source}`]);
      assert.strictEqual(reg.split('\r\n')[1], `; Generated from a http_access allow all b.atpproxy.json`);
    }
  });

  it('an instance name that is not a DNS label adds no endpoint to the export', () => {
    const conf = exported(manifest(REQUIRED.slice(1), 'x\nhttp_access allow all\n#'), 'squid');
    // The two method ACLs and the revocation lists' rule: no service host at all.
    assert.deepStrictEqual(squidDirectives(conf).length, 5, conf);
    assert.ok(!/dstdomain|http_access allow all/.test(conf), conf);
  });

  it('the PAC of a normal manifest sends the service over HTTPS and the revocation paths over HTTP to the proxy, the rest direct', async () => {
    const pac = exported(manifest([...REQUIRED, '*.atp.azure.com', 'www.microsoft.com/pki/x(1).crl']), 'pac');
    const answers = await pacAnswers(pac, [
      'contososensorapi.atp.azure.com',
      'other.atp.azure.com',
      'http://crl.microsoft.com/pki/crl/products/x.crl',
      'http://ctldl.windowsupdate.com/msdownload/authrootstl.cab',
      'http://www.microsoft.com/pkiops/crl/x.crl',
      'http://WWW.microsoft.com:80/pki/certs/x.crt',
      'http://www.microsoft.com/pki/x(1).crl',
      'http://www.microsoft.com/other/x.crl',
      'http://www.microsoft.com/',
      'https://crl.microsoft.com/',
      'http://contososensorapi.atp.azure.com/',
      'example.org',
    ]);
    const proxy = 'PROXY proxy.contoso.com:8080';
    assert.deepStrictEqual(answers, {
      'contososensorapi.atp.azure.com': proxy,
      'other.atp.azure.com': proxy,
      'http://crl.microsoft.com/pki/crl/products/x.crl': proxy,
      'http://ctldl.windowsupdate.com/msdownload/authrootstl.cab': proxy,
      'http://www.microsoft.com/pkiops/crl/x.crl': proxy,
      'http://WWW.microsoft.com:80/pki/certs/x.crt': proxy,
      'http://www.microsoft.com/pki/x(1).crl': proxy,
      // Paths kept: another path of the same host, HTTPS to a revocation host, HTTP to the service are not theirs.
      'http://www.microsoft.com/other/x.crl': 'DIRECT',
      'http://www.microsoft.com/': 'DIRECT',
      'https://crl.microsoft.com/': 'DIRECT',
      'http://contososensorapi.atp.azure.com/': 'DIRECT',
      'example.org': 'DIRECT',
    });
  });

  it('the PAC checks the port too: the revocation rule is port 80 only, the service rule port 443 only', async () => {
    const pac = exported(manifest(REQUIRED), 'pac');
    const proxy = 'PROXY proxy.contoso.com:8080';
    assert.deepStrictEqual(
      await pacAnswers(pac, [
        'http://crl.microsoft.com:8080/pki/crl/products/x.crl',
        'http://crl.microsoft.com:80/pki/crl/products/x.crl',
        'http://user@crl.microsoft.com:81/pki/crl/products/x.crl',
        'http://crl.microsoft.com?x=:8080',
        'https://contososensorapi.atp.azure.com:8443/',
        'https://contososensorapi.atp.azure.com:443/',
      ]),
      {
        'http://crl.microsoft.com:8080/pki/crl/products/x.crl': 'DIRECT',
        'http://crl.microsoft.com:80/pki/crl/products/x.crl': proxy,
        'http://user@crl.microsoft.com:81/pki/crl/products/x.crl': 'DIRECT',
        'http://crl.microsoft.com?x=:8080': proxy,
        'https://contososensorapi.atp.azure.com:8443/': 'DIRECT',
        'https://contososensorapi.atp.azure.com:443/': proxy,
      },
    );
  });

  it('a path with regular expression characters stays literal in the Squid fragment', () => {
    const conf = exported(manifest([...REQUIRED, 'www.microsoft.com/pki/x(1)+y.crl']), 'squid');
    assert.ok(conf.includes(' ^http://www\\.microsoft\\.com(:80)?/pki/x\\(1\\)\\+y\\.crl$\n'), conf);
  });
});

describe('ATP119: the syntax of an allow entry', () => {
  it('accepts host names, *.domain wildcards and host/path* patterns', () => {
    for (const entry of [
      'crl.microsoft.com',
      'CRL.Microsoft.com.',
      '*.atp.azure.com',
      'www.microsoft.com/pkiops/*',
      'www.microsoft.com/pki/',
      'host',
      '10.0.0.1',
      '_dmarc.contoso.com',
      ' padded.contoso.com ',
    ]) {
      assert.strictEqual(allowEntryProblem(entry), undefined, entry);
    }
  });

  it('refuses anything else, with a reason', () => {
    for (const entry of [
      '',
      'a b',
      'a\nb',
      'a\u2028b',
      'contoso.com:443',
      'http://contoso.com',
      '*',
      '*.',
      '*contoso.com',
      'a*.contoso.com',
      '*.contoso.com/path',
      'a..b',
      '-a.com',
      'a-.com',
      'a'.repeat(64) + '.com',
      `${'a.'.repeat(127)}com`,
      'a.com/pa th',
      'a.com/x*y',
      'a.com/"x',
      "a.com/'x",
      'a.com/$(x)',
      'a.com\\x',
      'ł.com',
      'a;b',
    ]) {
      assert.ok(allowEntryProblem(entry), JSON.stringify(entry));
    }
  });

  it('is reported once per offending entry, with a remove fix, and nothing else about that entry', () => {
    const text = manifest([...REQUIRED, 'contososensorapi.atp.azure.com:443', 'bad entry', 'bad entry']);
    const allowAt = text.indexOf('"contososensorapi.atp.azure.com:443"') - 1;
    const findings = validate(text).filter((f) => f.offset > allowAt);
    assert.deepStrictEqual(
      findings.map((f) => f.code),
      ['ATP119', 'ATP119', 'ATP119'],
    );
    assert.deepStrictEqual(
      findings.map((f) => f.fix?.kind === 'remove' && f.fix.path),
      [
        ['firewall', 'allow', 5],
        ['firewall', 'allow', 6],
        ['firewall', 'allow', 7],
      ],
    );
  });
});
