import * as assert from 'assert';
import { fixAll } from '../../src/core/fixes/fixAll';
import { fixesFor } from '../../src/core/fixes/fixes';
import { CODES } from '../../src/core/rules/codes';
import { Code } from '../../src/core/rules/finding';
import { validate } from '../../src/core/rules/validate';

// The rule table of SPEC section 3 under the current guidance (the default): each code triggered, with exactly the
// findings it gives, and a near-identical manifest that does not give it. The 2018 table is rules.test.ts.

type Json = Record<string, unknown>;
type Manifest = Json & { proxy: Json; firewall: Json & { allow: string[] }; sensors: Json[] };

const REVOCATION = ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com/pkiops/*', 'www.microsoft.com/pki/*'];
const ALLOW = ['contoso-corpsensorapi.atp.azure.com', ...REVOCATION];
const REGISTRY = { source: 'currentUser', targets: ['LocalSystem', 'LocalService'], backup: true };

/** A clean v2 manifest of the current guidance: the sensor's own proxy configuration, no region. */
function base(): Manifest {
  return {
    version: 1,
    instance: 'contoso-corp',
    cloud: 'commercial',
    proxy: { mode: 'static', method: 'sensor', server: 'proxy.contoso.com:8080', user: 'CONTOSO\\svc-mdi-proxy', bypass: ['<local>'] },
    firewall: { port: 443, allow: [...ALLOW], sslInspection: 'none' },
    sensors: [{ name: 'DC01', host: 'dc01.contoso.com' }],
  };
}

function text(change: (m: Manifest) => void): string {
  const m = base();
  change(m);
  return JSON.stringify(m, null, 2);
}

/** A v3 manifest: Defender for Endpoint's static proxy policy and the streamlined domain. */
function v3(change: (m: Manifest) => void = () => undefined, cloud = 'commercial'): string {
  return text((m) => {
    m.sensor = 'v3';
    m.cloud = cloud;
    m.proxy = { mode: 'static', method: 'policy', server: 'proxy.contoso.com:8080' };
    m.firewall.allow = [cloud === 'commercial' ? '*.endpoint.security.microsoft.com' : '*.endpoint.security.microsoft.us', ...REVOCATION];
    change(m);
  });
}

const codes = (source: string): string[] =>
  validate(source)
    .map((f) => f.code)
    .sort();

interface Case {
  name: string;
  trigger: string;
  expect: Code[];
  near: string;
  /** Whether applying every fix leaves the manifest without any finding. */
  fixedClean?: boolean;
}

const CASES: Case[] = [
  {
    name: 'ATP100 a missing comma',
    trigger: text(() => undefined).replace('"commercial",', '"commercial"'),
    expect: ['ATP100'],
    near: text(() => undefined).replace(/\n}$/, ',\n  // JSONC: a comment and a trailing comma\n}'),
  },
  {
    name: 'ATP102 a misspelt proxy member',
    trigger: text((m) => {
      m.proxy.sever = m.proxy.server;
      delete m.proxy.server;
    }),
    expect: ['ATP102', 'ATP151'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 region is not required',
    trigger: text((m) => {
      m.guidance = '2018';
      m.proxy = { mode: 'direct' };
      m.firewall.allow = [
        'contoso-corpsensorapi.atp.azure.com',
        'contoso-corp.atp.azure.com',
        'crl.microsoft.com',
        'ctldl.windowsupdate.com',
        'www.microsoft.com',
      ];
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 guidance not in the enum',
    trigger: text((m) => (m.guidance = 'curent')),
    expect: ['ATP101'],
    near: text((m) => (m.guidance = 'current')),
    fixedClean: true,
  },
  {
    name: 'ATP101 sensor not in the enum',
    trigger: text((m) => (m.sensor = 'v4')),
    expect: ['ATP101'],
    near: text((m) => (m.sensor = 'v2')),
    fixedClean: true,
  },
  {
    name: 'ATP101 a method that is no method at all (not ATP144)',
    trigger: text((m) => (m.proxy.method = 'sensr')),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  { name: 'ATP101 a method of the wrong type', trigger: text((m) => (m.proxy.method = 2)), expect: ['ATP101'], near: text(() => undefined) },
  {
    name: 'ATP101 a misspelt mode with a valid method (not ATP147)',
    trigger: text((m) => (m.proxy.mode = 'statc')),
    expect: ['ATP101'],
    near: text((m) => (m.proxy.mode = 'static')),
    fixedClean: true,
  },
  {
    name: 'ATP101 a mode of the wrong type with method wininet (not ATP147)',
    trigger: text((m) => {
      m.proxy.mode = 3;
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP101'],
    near: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.registry = { ...REGISTRY };
    }),
  },
  {
    name: 'ATP101 a method without a mode (not ATP147)',
    trigger: text((m) => delete m.proxy.mode),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 an unknown sensor generation with method policy (not ATP147 or ATP111 assuming v2)',
    trigger: v3((m) => (m.sensor = 'v4')),
    expect: ['ATP101'],
    near: v3(),
  },
  {
    name: 'ATP110 legacy regional endpoints are not required',
    trigger: text((m) => {
      m.guidance = '2018';
      m.region = 'europe';
      m.proxy = { mode: 'direct' };
      m.firewall.allow = [
        'contoso-corpsensorapi.atp.azure.com',
        'contoso-corp.atp.azure.com',
        'crl.microsoft.com',
        'ctldl.windowsupdate.com',
        'www.microsoft.com',
      ];
    }),
    expect: ['ATP110', 'ATP110'],
    near: text((m) => (m.region = 'europe')),
  },
  { name: 'ATP111 sensor API missing', trigger: text((m) => m.firewall.allow.shift()), expect: ['ATP111'], near: v3(), fixedClean: true },
  {
    name: 'ATP114 typo under the ATP domain',
    trigger: text((m) => (m.firewall.allow[0] = 'contoso-corpsensrapi.atp.azure.com')),
    expect: ['ATP111', 'ATP114'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP115 a URL pattern a bare host already covers',
    trigger: text((m) => m.firewall.allow.push('www.microsoft.com')),
    expect: ['ATP115', 'ATP115'],
    near: text((m) => (m.firewall.allow = [...ALLOW.slice(0, 3), 'www.microsoft.com'])),
    fixedClean: true,
  },
  {
    name: 'ATP115 a path a broader prefix covers',
    trigger: text((m) => m.firewall.allow.push('www.microsoft.com/pkiops/crl/*')),
    expect: ['ATP115'],
    near: text((m) => m.firewall.allow.push('www.microsoft.com/other/*')),
    fixedClean: true,
  },
  {
    name: 'ATP116 each revocation entry missing',
    trigger: text((m) => (m.firewall.allow = ALLOW.slice(0, 1))),
    expect: ['ATP116', 'ATP116', 'ATP116', 'ATP116'],
    near: text((m) => (m.firewall.allow = [...ALLOW.slice(0, 3), 'www.microsoft.com'])),
    fixedClean: true,
  },
  {
    name: 'ATP116 the pki path missing (the 2018 entries are not enough)',
    trigger: text((m) => (m.firewall.allow = ALLOW.filter((e) => e !== 'www.microsoft.com/pki/*'))),
    expect: ['ATP116'],
    near: text((m) => m.firewall.allow.push('www.microsoft.com/pki/certs')),
    fixedClean: true,
  },
  {
    name: 'ATP117 v3 without the streamlined domain',
    trigger: v3((m) => m.firewall.allow.shift()),
    expect: ['ATP117'],
    near: v3((m) => (m.firewall.allow[0] = '*.security.microsoft.com')),
    fixedClean: true,
  },
  {
    name: 'ATP117 v3 in GCC High needs the .us domain',
    trigger: v3((m) => (m.firewall.allow[0] = '*.endpoint.security.microsoft.com'), 'gcc-high'),
    expect: ['ATP117'],
    near: v3(() => undefined, 'gcc-high'),
    fixedClean: true,
  },
  {
    name: 'ATP118 a legacy regional endpoint and the console record',
    trigger: text((m) => m.firewall.allow.push('triprd1wceun1sensorapi.atp.azure.com', 'contoso-corp.atp.azure.com')),
    expect: ['ATP118', 'ATP118'],
    near: text((m) => {
      m.guidance = '2018';
      m.region = 'europe';
      m.proxy = { mode: 'direct' };
      m.firewall.allow = [
        'contoso-corpsensorapi.atp.azure.com',
        'contoso-corp.atp.azure.com',
        'triprd1wceun1sensorapi.atp.azure.com',
        'triprd1wceuw1sensorapi.atp.azure.com',
        'crl.microsoft.com',
        'ctldl.windowsupdate.com',
        'www.microsoft.com',
      ];
    }),
    fixedClean: true,
  },
  {
    name: 'ATP118 the console record in GCC too (not ATP114)',
    trigger: text((m) => {
      m.cloud = 'gcc';
      m.firewall.allow = ['contoso-corpsensorapi.gcc.atp.azure.com', 'contoso-corp.gcc.atp.azure.com', ...REVOCATION];
    }),
    expect: ['ATP118'],
    near: text((m) => {
      m.cloud = 'gcc';
      m.firewall.allow = ['contoso-corpsensorapi.gcc.atp.azure.com', ...REVOCATION];
    }),
    fixedClean: true,
  },
  { name: 'ATP120 port not 443', trigger: text((m) => (m.firewall.port = 8443)), expect: ['ATP120'], near: text(() => undefined), fixedClean: true },
  {
    name: 'ATP130 mutual inspection is not supported (not ATP131)',
    trigger: text((m) => (m.firewall.sslInspection = 'mutual')),
    expect: ['ATP130'],
    near: text((m) => delete m.firewall.sslInspection),
    fixedClean: true,
  },
  {
    name: 'ATP130 one-way inspection',
    trigger: text((m) => (m.firewall.sslInspection = 'oneWay')),
    expect: ['ATP130'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP140 with method wininet: a target other than the service accounts',
    trigger: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.registry = { ...REGISTRY, targets: ['LocalSystem', 'LocalService', 'Administrator'] };
    }),
    expect: ['ATP140', 'ATP146'],
    near: text((m) => (m.registry = { ...REGISTRY, targets: ['Administrator'] })),
  },
  {
    name: 'ATP141 with method wininet: LocalService missing',
    trigger: text((m) => {
      delete m.proxy.method;
      delete m.proxy.user;
      m.registry = { ...REGISTRY, targets: ['LocalSystem'] };
    }),
    expect: ['ATP141', 'ATP146'],
    near: text((m) => (m.registry = { ...REGISTRY, targets: ['LocalSystem'] })),
  },
  {
    name: 'ATP142 with method wininet: backup false',
    trigger: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.registry = { ...REGISTRY, backup: false };
    }),
    expect: ['ATP142', 'ATP146'],
    near: text((m) => (m.registry = { ...REGISTRY, backup: false })),
  },
  {
    name: 'ATP143 method wininet without a registry section',
    trigger: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
    }),
    expect: ['ATP143', 'ATP146'],
    near: text(() => undefined),
  },
  {
    name: 'ATP144 static without a method or registry section',
    trigger: text((m) => {
      delete m.proxy.method;
      delete m.proxy.user;
    }),
    expect: ['ATP144'],
    near: text((m) => {
      delete m.proxy.method;
      delete m.proxy.user;
      m.guidance = '2018';
      m.region = 'europe';
      m.proxy = { mode: 'direct' };
      m.firewall.allow = [
        'contoso-corpsensorapi.atp.azure.com',
        'contoso-corp.atp.azure.com',
        'triprd1wceun1sensorapi.atp.azure.com',
        'triprd1wceuw1sensorapi.atp.azure.com',
        'crl.microsoft.com',
        'ctldl.windowsupdate.com',
        'www.microsoft.com',
      ];
    }),
    fixedClean: true,
  },
  {
    name: 'ATP144 v3 static without a method',
    trigger: v3((m) => delete m.proxy.method),
    expect: ['ATP144'],
    near: v3(),
    fixedClean: true,
  },
  {
    name: 'ATP145 a registry section with method sensor',
    trigger: text((m) => (m.registry = { ...REGISTRY })),
    expect: ['ATP145'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP146 a registry section implies the legacy method',
    trigger: text((m) => {
      delete m.proxy.method;
      delete m.proxy.user;
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP146'],
    near: text(() => undefined),
  },
  {
    name: 'ATP147 v2 with a v3 method (replaces ATP101)',
    trigger: text((m) => {
      m.proxy.method = 'policy';
      delete m.proxy.user;
    }),
    expect: ['ATP147'],
    near: v3(),
    fixedClean: true,
  },
  {
    name: 'ATP147 v2 pac with method sensor',
    trigger: text((m) => {
      m.proxy = { mode: 'pac', method: 'sensor', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
    }),
    expect: ['ATP147'],
    near: text((m) => (m.proxy = { mode: 'pac', method: 'wininet', pacUrl: 'http://wpad.contoso.com/proxy.pac' })),
  },
  { name: 'ATP147 v3 with method sensor', trigger: v3((m) => (m.proxy.method = 'sensor')), expect: ['ATP147'], near: v3(), fixedClean: true },
  {
    name: 'ATP147 v3 with method wininet',
    trigger: v3((m) => (m.proxy.method = 'wininet')),
    expect: ['ATP147'],
    near: v3((m) => (m.proxy.method = 'winhttp')),
    fixedClean: true,
  },
  {
    name: 'ATP147 v3 with a registry section and no method (the implied wininet)',
    trigger: v3((m) => {
      delete m.proxy.method;
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP147'],
    // The explicit method with the section left over is ATP145 (the section would not be used), not ATP147.
    near: v3((m) => (m.registry = { ...REGISTRY })),
    fixedClean: true,
  },
  {
    name: 'ATP147 v3 pac with a registry section and no method: no fix to offer',
    trigger: v3((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP147'],
    near: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
      m.registry = { ...REGISTRY };
    }),
  },
  {
    name: 'ATP147 v3 takes a static proxy only',
    trigger: v3((m) => (m.proxy = { mode: 'pac', method: 'policy', pacUrl: 'http://wpad.contoso.com/proxy.pac' })),
    expect: ['ATP147'],
    near: v3(),
  },
  {
    name: 'ATP150 transparent with a method (not ATP147)',
    trigger: text((m) => (m.proxy = { mode: 'transparent', method: 'sensor' })),
    expect: ['ATP150'],
    near: text((m) => (m.proxy = { mode: 'transparent' })),
    fixedClean: true,
  },
  {
    name: 'ATP150 wpad with a registry section (not ATP145)',
    trigger: text((m) => {
      m.proxy = { mode: 'wpad' };
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP150'],
    near: text((m) => (m.proxy = { mode: 'wpad' })),
    fixedClean: true,
  },
  {
    name: 'ATP153 a proxy account with method wininet',
    trigger: text((m) => {
      m.proxy.method = 'wininet';
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP146', 'ATP153'],
    near: text(() => undefined),
  },
  { name: 'ATP153 a proxy account with method policy', trigger: v3((m) => (m.proxy.user = 'CONTOSO\\svc')), expect: ['ATP153'], near: v3(), fixedClean: true },
  {
    name: 'ATP153 a proxy account with mode transparent and no method',
    trigger: text((m) => (m.proxy = { mode: 'transparent', user: 'CONTOSO\\svc-mdi-proxy' })),
    expect: ['ATP153'],
    near: text((m) => (m.proxy = { mode: 'transparent' })),
    fixedClean: true,
  },
  {
    name: 'ATP153 a proxy account with mode direct and no method',
    trigger: text((m) => (m.proxy = { mode: 'direct', user: 'CONTOSO\\svc-mdi-proxy' })),
    expect: ['ATP153'],
    near: text((m) => (m.proxy = { mode: 'direct' })),
    fixedClean: true,
  },
  {
    name: 'ATP153 a password after the account name',
    trigger: text((m) => (m.proxy.user = 'alice:pw')),
    expect: ['ATP153'],
    near: text((m) => (m.proxy.user = 'CONTOSO\\alice')),
    fixedClean: true,
  },
  {
    name: 'ATP155 bypass matching a revocation host',
    trigger: text((m) => (m.proxy.bypass as string[]).push('www.microsoft.com')),
    expect: ['ATP155'],
    near: text((m) => (m.proxy.bypass as string[]).push('www.contoso.com')),
    fixedClean: true,
  },
  {
    name: 'ATP119 a URL with a scheme in allow',
    trigger: text((m) => m.firewall.allow.push('https://crl.microsoft.com/pki/crl/products/x.crl')),
    expect: ['ATP119'],
    near: text((m) => m.firewall.allow.push('www.contoso.com/pki/*')),
  },
  {
    name: 'ATP151 static without server',
    trigger: text((m) => delete m.proxy.server),
    expect: ['ATP151'],
    near: text((m) => (m.proxy.server = 'proxy2.contoso.com:3128')),
  },
  {
    name: 'ATP151 v2 pac without pacUrl',
    trigger: text((m) => {
      m.proxy = { mode: 'pac', method: 'wininet' };
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP151'],
    near: text((m) => {
      m.proxy = { mode: 'pac', method: 'wininet', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
      m.registry = { ...REGISTRY };
    }),
  },
  {
    name: 'ATP152 port out of range',
    trigger: text((m) => (m.proxy.server = 'proxy.contoso.com:65536')),
    expect: ['ATP152'],
    near: text((m) => (m.proxy.server = 'proxy.contoso.com:65535')),
  },
  {
    name: 'ATP152 a PAC URL that is not http(s)',
    trigger: v3((m) => (m.proxy = { mode: 'static', method: 'policy', server: 'proxy.contoso.com:8080', pacUrl: 'ftp://wpad.contoso.com/proxy.pac' })),
    expect: ['ATP152'],
    near: v3((m) => (m.proxy = { mode: 'static', method: 'policy', server: 'proxy.contoso.com:8080', pacUrl: 'http://wpad.contoso.com/proxy.pac' })),
  },
  {
    name: 'ATP153 credentials in server',
    trigger: text((m) => (m.proxy.server = 'svc:secret@proxy.contoso.com:8080')),
    expect: ['ATP153'],
    near: text((m) => (m.proxy.server = 'svc.proxy.contoso.com:8080')),
    fixedClean: true,
  },
  {
    name: 'ATP153 credentials in the PAC URL',
    trigger: text((m) => {
      m.proxy = { mode: 'pac', method: 'wininet', pacUrl: 'http://svc:secret@wpad.contoso.com/proxy.pac' };
      m.registry = { ...REGISTRY };
    }),
    expect: ['ATP153'],
    near: text((m) => {
      m.proxy = { mode: 'pac', method: 'wininet', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
      m.registry = { ...REGISTRY };
    }),
    fixedClean: true,
  },
  {
    name: 'ATP154 winhttp with method wininet and no registry section',
    trigger: text((m) => {
      m.proxy = { mode: 'direct', method: 'wininet', winhttp: { server: 'proxy.contoso.com:8080' } };
    }),
    expect: ['ATP147', 'ATP154'],
    near: text((m) => {
      m.proxy = { mode: 'direct', winhttp: { server: 'proxy.contoso.com:8080' } };
    }),
  },
  {
    name: 'ATP154 winhttp with method wininet, static, no registry section',
    trigger: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.proxy.winhttp = { server: 'proxy.contoso.com:8080' };
    }),
    expect: ['ATP143', 'ATP146', 'ATP154'],
    near: text((m) => {
      m.proxy.method = 'wininet';
      delete m.proxy.user;
      m.proxy.winhttp = { server: 'proxy.contoso.com:8080' };
      m.registry = { ...REGISTRY };
    }),
  },
  {
    name: 'ATP160 instance not a DNS label',
    trigger: text((m) => (m.instance = '-contoso')),
    expect: ['ATP160'],
    near: text((m) => {
      m.instance = 'contoso';
      m.firewall.allow[0] = 'contososensorapi.atp.azure.com';
    }),
  },
  {
    name: 'ATP160 replaces ATP101 for a number',
    trigger: text((m) => (m.instance = 42)),
    expect: ['ATP160'],
    near: text(() => undefined),
  },
  {
    name: 'ATP160 instance too long with the sensorapi suffix',
    trigger: text((m) => {
      m.instance = 'a'.repeat(55);
      m.firewall.allow[0] = `${'a'.repeat(55)}sensorapi.atp.azure.com`;
    }),
    expect: ['ATP119', 'ATP160'],
    near: text((m) => {
      m.instance = 'a'.repeat(54);
      m.firewall.allow[0] = `${'a'.repeat(54)}sensorapi.atp.azure.com`;
    }),
  },
  {
    name: 'ATP161 an unknown region (replaces ATP101)',
    trigger: text((m) => (m.region = 'eu')),
    expect: ['ATP161'],
    near: text((m) => (m.region = 'europe')),
    fixedClean: true,
  },
  {
    name: 'ATP170 duplicate sensor name (the later one only)',
    trigger: text((m) => m.sensors.push({ name: 'dc01', host: 'dc02.contoso.com' }, { name: 'DC01', host: 'dc03.contoso.com' })),
    expect: ['ATP170', 'ATP170'],
    near: text((m) => m.sensors.push({ name: 'DC02', host: 'dc02.contoso.com' })),
  },
  {
    name: 'ATP170 a sensor host that is no host name',
    trigger: text((m) => (m.sensors[0].host = 'dc_01.contoso.com')),
    expect: ['ATP170'],
    near: text((m) => (m.sensors[0].host = 'dc-01.contoso.com')),
  },
  {
    name: 'ATP161 dod is a cloud',
    trigger: text((m) => (m.cloud = 'dodd')),
    expect: ['ATP161'],
    near: text((m) => {
      m.cloud = 'dod';
      m.firewall.allow[0] = 'contoso-corpsensorapi.atp.azure.us';
    }),
    fixedClean: true,
  },
];

describe('rules under the current guidance: every code, triggered and not', () => {
  it('the base manifests are clean', () => {
    assert.deepStrictEqual(codes(text(() => undefined)), []);
    assert.deepStrictEqual(codes(v3()), []);
    for (const cloud of ['gcc', 'gcc-high', 'dod']) assert.deepStrictEqual(codes(v3(() => undefined, cloud)), [], cloud);
  });
  for (const c of CASES) {
    it(c.name, () => {
      assert.deepStrictEqual(codes(c.trigger), c.expect);
      const code = c.name.slice(0, 6);
      assert.ok(!codes(c.near).includes(code), `near-identical manifest must not produce ${code}: ${codes(c.near).join()}`);
      if (c.fixedClean) {
        const result = fixAll(c.trigger);
        assert.deepStrictEqual(codes(result.text), [], result.text);
      }
    });
  }
});

describe('findings name their guidance', () => {
  it('every code has a guidance and the finding carries it', () => {
    for (const info of Object.values(CODES)) assert.ok(['current', '2018', 'both'].includes(info.guidance));
    const findings = validate(text((m) => m.firewall.allow.push('contoso-corp.atp.azure.com')));
    assert.deepStrictEqual(
      findings.map((f) => [f.code, f.guidance]),
      [['ATP118', 'current']],
    );
    const old = validate(JSON.stringify({ version: 1, guidance: '2018', instance: 'x', cloud: 'gcc', proxy: { mode: 'direct' }, firewall: { allow: [] } }));
    assert.deepStrictEqual(
      old.map((f) => `${f.code}:${f.guidance}`),
      ['ATP111:both', 'ATP116:both', 'ATP116:both', 'ATP116:both'],
    );
  });
  it('ATP130 under the current guidance offers "none" only; ATP144 prefers "sensor" and offers "wininet"', () => {
    const mutual = text((m) => (m.firewall.sslInspection = 'mutual'));
    const finding = validate(mutual).find((f) => f.code === 'ATP130');
    assert.ok(finding);
    assert.strictEqual(fixesFor(mutual, finding).length, 1);
    const noMethod = text((m) => {
      delete m.proxy.method;
      delete m.proxy.user;
    });
    const atp144 = validate(noMethod).find((f) => f.code === 'ATP144');
    assert.ok(atp144);
    const fixes = fixesFor(noMethod, atp144);
    assert.deepStrictEqual(
      fixes.map((f) => [f.title, f.isPreferred]),
      [
        ['Set proxy.method to "sensor"', true],
        ['Set proxy.method to "wininet"', false],
      ],
    );
    // The missing member is squiggled on the key of the enclosing member: "proxy".
    assert.strictEqual(noMethod.slice(atp144.offset, atp144.offset + atp144.length), '"proxy"');
  });
  it('a 2018 manifest with a method of another generation gets ATP147 naming the 2018 guidance', () => {
    const source = JSON.stringify({
      version: 1,
      guidance: '2018',
      instance: 'x',
      cloud: 'gcc',
      proxy: { mode: 'static', method: 'sensor', server: 'p:8080' },
      firewall: { allow: ['xsensorapi.gcc.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'] },
    });
    const f = validate(source).find((x) => x.code === 'ATP147');
    assert.match(f?.message ?? '', /2018 guidance/);
  });
});

describe('the method rule does not guess an unknown mode or sensor generation', () => {
  const messages = (source: string): string[] => validate(source).map((f) => `${f.code} ${f.message}`);
  it('a method without a mode asks for the mode and names no "(none)" mode', () => {
    const [only, ...rest] = messages(text((m) => delete m.proxy.mode));
    assert.deepStrictEqual(rest, []);
    assert.match(only, /^ATP101 .*"mode".*method "sensor"/);
    assert.doesNotMatch(only, /\(none\)/);
  });
  it('the same method with the mode restored to a known value is judged again (ATP147 for v2 pac)', () => {
    assert.deepStrictEqual(codes(text((m) => (m.proxy.mode = 'pac'))).includes('ATP147'), true);
  });
  it('an unknown sensor generation with no method: ATP144 names both generations and offers no fix', () => {
    const source = v3((m) => {
      m.sensor = 'v4';
      delete m.proxy.method;
    });
    const atp144 = validate(source).find((f) => f.code === 'ATP144');
    assert.ok(atp144);
    assert.match(atp144.message, /"sensor".*"policy"/);
    assert.deepStrictEqual(fixesFor(source, atp144), []);
  });
});

describe('ATP153 messages say what to do for the method in use', () => {
  it('credentials in server with method sensor point to proxy.user, not to the service accounts', () => {
    const [finding] = validate(text((m) => (m.proxy.server = 'svc:secret@proxy.contoso.com:8080')));
    assert.strictEqual(finding.code, 'ATP153');
    assert.match(finding.message, /"proxy\.user"/);
    assert.doesNotMatch(finding.message, /service accounts cannot/);
  });
  it('a password in proxy.user is cut off by the fix, keeping the account', () => {
    const result = fixAll(text((m) => (m.proxy.user = 'CONTOSO\\alice:pw')));
    assert.strictEqual((JSON.parse(result.text) as Manifest).proxy.user, 'CONTOSO\\alice');
  });
  it('no ATP153 for a proxy account while the method is still open (ATP144 decides it)', () => {
    assert.deepStrictEqual(codes(text((m) => delete m.proxy.method)), ['ATP144']);
  });
});

describe('an unknown guidance is not fixed into another profile', () => {
  it('"2019": the fix keeps "current" (what the rules follow meanwhile) and offers "2018" as an alternative', () => {
    const source = text((m) => (m.guidance = '2019'));
    const [finding] = validate(source);
    assert.strictEqual(finding.code, 'ATP101');
    assert.match(finding.message, /the rules follow "current"/);
    assert.deepStrictEqual(
      fixesFor(source, finding).map((f) => [f.title, f.isPreferred]),
      [
        ['Change to "current" (what the rules follow now)', true],
        ['Change to "2018"', false],
      ],
    );
    const fixed = fixAll(source);
    assert.strictEqual((JSON.parse(fixed.text) as Json).guidance, 'current');
    assert.deepStrictEqual(codes(fixed.text), []);
  });
  it('a misspelt "current" is still fixed to "current" with one fix', () => {
    const source = text((m) => (m.guidance = 'curent'));
    const [finding] = validate(source);
    assert.deepStrictEqual(
      fixesFor(source, finding).map((f) => f.title),
      ['Change to "current"'],
    );
  });
});
