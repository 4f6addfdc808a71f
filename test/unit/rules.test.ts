import * as assert from 'assert';
import { fixAll } from '../../src/core/fixes/fixAll';
import { fixesFor } from '../../src/core/fixes/fixes';
import { applyEdits } from '../../src/core/fixes/textEdit';
import { Code } from '../../src/core/rules/finding';
import { validate } from '../../src/core/rules/validate';

type Json = Record<string, unknown>;

const ALLOW = [
  'contoso-corpsensorapi.atp.azure.com',
  'contoso-corp.atp.azure.com',
  'triprd1wceun1sensorapi.atp.azure.com',
  'triprd1wceuw1sensorapi.atp.azure.com',
  'crl.microsoft.com',
  'ctldl.windowsupdate.com',
  'www.microsoft.com',
];

/** A clean manifest of the 2018 guidance (commercial, europe, static proxy) that each case changes in one place. */
function base(): Json {
  return {
    version: 1,
    guidance: '2018',
    instance: 'contoso-corp',
    cloud: 'commercial',
    region: 'europe',
    proxy: { mode: 'static', server: 'proxy.contoso.com:8080', bypass: ['<local>', '*.contoso.com'] },
    registry: { source: 'currentUser', targets: ['LocalSystem', 'LocalService'], values: ['DefaultConnectionSettings'], backup: true },
    firewall: { port: 443, allow: [...ALLOW], sslInspection: 'none' },
    sensors: [{ name: 'DC01', host: 'dc01.contoso.com' }],
  };
}

function text(change: (m: Json & { proxy: Json; registry: Json; firewall: Json & { allow: string[] }; sensors: Json[] }) => void): string {
  const m = base() as Parameters<typeof change>[0];
  change(m);
  return JSON.stringify(m, null, 2);
}

function codes(source: string): string[] {
  return validate(source)
    .map((f) => f.code)
    .sort();
}

interface Case {
  name: string;
  trigger: string;
  /** Exactly the findings the trigger produces (sorted codes), nothing more. */
  expect: Code[];
  /** A near-identical manifest that must not produce the code. */
  near: string;
  /** Whether applying every fix leaves the manifest clean. */
  fixedClean?: boolean;
}

const long = 'a'.repeat(54);

const CASES: Case[] = [
  { name: 'ATP100 invalid JSONC', trigger: '{ "version": 1, }}', expect: [], near: text(() => undefined) },
  {
    name: 'ATP101 version 2',
    trigger: text((m) => {
      m.version = 2;
    }),
    expect: ['ATP101'],
    near: text((m) => {
      m.version = 1;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP101 version as a string',
    trigger: text((m) => {
      m.version = '1';
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP101 missing version',
    trigger: text((m) => {
      delete m.version;
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP101 missing instance',
    trigger: text((m) => {
      delete m.instance;
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 missing region in the commercial cloud',
    trigger: text((m) => {
      delete m.region;
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 missing region with the default cloud',
    trigger: text((m) => {
      delete m.region;
      delete m.cloud;
    }),
    expect: ['ATP101'],
    near: text((m) => {
      delete m.cloud;
    }),
  },
  {
    name: 'ATP101 missing firewall',
    trigger: text((m) => {
      delete (m as Json).firewall;
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 port as a string',
    trigger: text((m) => {
      m.firewall.port = '443';
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP101 mode not in the enum',
    trigger: text((m) => {
      m.proxy.mode = 'statik';
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP101 backup not a boolean',
    trigger: text((m) => {
      m.registry.backup = 'yes';
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 allow not an array',
    trigger: text((m) => {
      (m.firewall as Json).allow = 'crl.microsoft.com';
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
  },
  {
    name: 'ATP101 values not in the enum',
    trigger: text((m) => {
      m.registry.values = ['DefaultConnectionSetings'];
    }),
    expect: ['ATP101'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP102 unknown property',
    trigger: text((m) => {
      m.firewall.sslInspecton = 'none';
      delete m.firewall.sslInspection;
    }),
    expect: ['ATP102'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP102 unknown property far from any',
    trigger: text((m) => {
      m.owner = 'it';
    }),
    expect: ['ATP102'],
    near: text(() => undefined),
  },
  {
    name: 'ATP110 one regional endpoint missing',
    trigger: text((m) => {
      m.firewall.allow = ALLOW.filter((h) => !h.startsWith('triprd1wceuw1'));
    }),
    expect: ['ATP110'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP110 each missing endpoint counted',
    trigger: text((m) => {
      m.firewall.allow = ALLOW.filter((h) => !h.startsWith('triprd1'));
    }),
    expect: ['ATP110', 'ATP110'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP111 sensor API missing',
    trigger: text((m) => {
      m.firewall.allow = ALLOW.slice(1);
    }),
    expect: ['ATP111'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP112 console missing',
    trigger: text((m) => {
      m.firewall.allow = ALLOW.filter((h) => h !== 'contoso-corp.atp.azure.com');
    }),
    expect: ['ATP112'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP113 another region allowed',
    trigger: text((m) => {
      m.firewall.allow.push('triprd1wcusw1sensorapi.atp.azure.com');
    }),
    expect: ['ATP113'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP114 typo under the ATP domain',
    trigger: text((m) => {
      m.firewall.allow[0] = 'contoso-corpsensrapi.atp.azure.com';
    }),
    expect: ['ATP111', 'ATP114'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP115 duplicate entry (later ones only)',
    trigger: text((m) => {
      m.firewall.allow.push('crl.microsoft.com', 'CRL.microsoft.com');
    }),
    expect: ['ATP115', 'ATP115'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP115 entries covered by a wildcard',
    trigger: text((m) => {
      m.firewall.allow.push('*.atp.azure.com');
    }),
    expect: ['ATP115', 'ATP115', 'ATP115', 'ATP115'],
    near: text((m) => {
      m.firewall.allow = ['*.atp.azure.com', ...ALLOW.slice(4)];
    }),
    fixedClean: true,
  },
  {
    name: 'ATP116 revocation endpoint missing',
    trigger: text((m) => {
      m.firewall.allow = ALLOW.filter((h) => h !== 'crl.microsoft.com');
    }),
    expect: ['ATP116'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP120 port not 443',
    trigger: text((m) => {
      m.firewall.port = 8443;
    }),
    expect: ['ATP120'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP130 one-way inspection',
    trigger: text((m) => {
      m.firewall.sslInspection = 'oneWay';
    }),
    expect: ['ATP130'],
    near: text((m) => {
      m.firewall.sslInspection = 'none';
    }),
    fixedClean: true,
  },
  {
    name: 'ATP131 mutual inspection',
    trigger: text((m) => {
      m.firewall.sslInspection = 'mutual';
    }),
    expect: ['ATP131'],
    near: text((m) => {
      delete m.firewall.sslInspection;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP140 a target other than the service accounts',
    trigger: text((m) => {
      (m.registry.targets as string[]).push('Administrator');
    }),
    expect: ['ATP140'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP141 LocalService missing',
    trigger: text((m) => {
      m.registry.targets = ['LocalSystem'];
    }),
    expect: ['ATP141'],
    near: text((m) => {
      delete m.registry.targets;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP141 both missing',
    trigger: text((m) => {
      m.registry.targets = [];
    }),
    expect: ['ATP141', 'ATP141'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP142 backup false',
    trigger: text((m) => {
      m.registry.backup = false;
    }),
    expect: ['ATP142'],
    near: text((m) => {
      delete m.registry.backup;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP143 static without registry',
    trigger: text((m) => {
      delete (m as Json).registry;
    }),
    expect: ['ATP143'],
    near: text((m) => {
      delete (m as Json).registry;
      m.proxy = { mode: 'wpad' };
    }),
    fixedClean: true,
  },
  {
    name: 'ATP143 pac without registry',
    trigger: text((m) => {
      delete (m as Json).registry;
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
    }),
    expect: ['ATP143'],
    near: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
    }),
    fixedClean: true,
  },
  {
    name: 'ATP150 transparent with registry',
    trigger: text((m) => {
      m.proxy = { mode: 'transparent' };
    }),
    expect: ['ATP150'],
    near: text((m) => {
      m.proxy = { mode: 'transparent' };
      delete (m as Json).registry;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP147 a method other than wininet',
    trigger: text((m) => (m.proxy.method = 'sensor')),
    expect: ['ATP147'],
    near: text((m) => (m.proxy.method = 'wininet')),
    fixedClean: true,
  },
  {
    name: 'ATP150 transparent with a method (not ATP147)',
    trigger: text((m) => {
      m.proxy = { mode: 'transparent', method: 'wininet' };
      delete (m as Json).registry;
    }),
    expect: ['ATP150'],
    near: text((m) => {
      m.proxy = { mode: 'transparent' };
      delete (m as Json).registry;
    }),
    fixedClean: true,
  },
  {
    name: 'ATP150 wpad with a method',
    trigger: text((m) => {
      m.proxy = { mode: 'wpad', method: 'sensor' };
      delete (m as Json).registry;
    }),
    expect: ['ATP150'],
    near: text((m) => {
      m.proxy = { mode: 'static', method: 'wininet', server: 'proxy.contoso.com:8080' };
    }),
    fixedClean: true,
  },
  {
    name: 'ATP153 a proxy account (the service accounts answer no proxy login)',
    trigger: text((m) => (m.proxy.user = 'CONTOSO\\svc-proxy')),
    expect: ['ATP153'],
    near: text((m) => (m.proxy.bypass = ['<local>', '*.contoso.com', 'svc-proxy.contoso.com'])),
    fixedClean: true,
  },
  {
    name: 'ATP151 static without server',
    trigger: text((m) => {
      delete m.proxy.server;
    }),
    expect: ['ATP151'],
    near: text(() => undefined),
  },
  {
    name: 'ATP151 pac without pacUrl',
    trigger: text((m) => {
      m.proxy = { mode: 'pac' };
    }),
    expect: ['ATP151'],
    near: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'https://pac.contoso.com/p.pac' };
    }),
  },
  {
    name: 'ATP152 port out of range',
    trigger: text((m) => {
      m.proxy.server = 'proxy.contoso.com:65536';
    }),
    expect: ['ATP152'],
    near: text((m) => {
      m.proxy.server = 'proxy.contoso.com:65535';
    }),
  },
  {
    name: 'ATP152 no port',
    trigger: text((m) => {
      m.proxy.server = 'proxy.contoso.com';
    }),
    expect: ['ATP152'],
    near: text(() => undefined),
  },
  {
    name: 'ATP152 broken per-protocol list',
    trigger: text((m) => {
      m.proxy.server = 'http=proxy:80;https';
    }),
    expect: ['ATP152'],
    near: text((m) => {
      m.proxy.server = 'http=proxy:80;https=proxy:443';
    }),
  },
  {
    name: 'ATP152 malformed PAC URL',
    trigger: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'wpad.contoso.com/proxy.pac' };
    }),
    expect: ['ATP152'],
    near: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
    }),
  },
  {
    name: 'ATP153 credentials in server',
    trigger: text((m) => {
      m.proxy.server = 'svc:S3cret@proxy.contoso.com:8080';
    }),
    expect: ['ATP153'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP153 credentials in PAC URL',
    trigger: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://u:p@wpad.contoso.com/proxy.pac' };
    }),
    expect: ['ATP153'],
    near: text((m) => {
      m.proxy = { mode: 'pac', pacUrl: 'http://wpad.contoso.com/proxy.pac' };
    }),
    fixedClean: true,
  },
  {
    name: 'ATP154 winhttp with mode direct',
    trigger: text((m) => {
      m.proxy = { mode: 'direct', winhttp: { server: 'proxy:8080' } };
    }),
    expect: ['ATP154'],
    near: text((m) => {
      m.proxy.winhttp = { server: 'proxy:8080' };
    }),
  },
  {
    name: 'ATP155 bypass matching an ATP endpoint',
    trigger: text((m) => {
      (m.proxy.bypass as string[]).push('*.azure.com');
    }),
    expect: ['ATP155'],
    near: text((m) => {
      (m.proxy.bypass as string[]).push('*.azure.net');
    }),
    fixedClean: true,
  },
  {
    name: 'ATP160 instance not a DNS label',
    trigger: text((m) => {
      m.instance = 'contoso_corp';
      m.firewall.allow = ALLOW.slice(2);
    }),
    expect: ['ATP160'],
    near: text(() => undefined),
  },
  {
    name: 'ATP160 instance too long with the suffix',
    trigger: text((m) => {
      m.instance = `${long}b`;
      m.firewall.allow = ALLOW.slice(2);
    }),
    expect: ['ATP160'],
    near: text((m) => {
      m.instance = long;
      m.firewall.allow = [`${long}sensorapi.atp.azure.com`, `${long}.atp.azure.com`, ...ALLOW.slice(2)];
    }),
  },
  {
    name: 'ATP160 replaces ATP101 for a number',
    trigger: text((m) => {
      m.instance = 42;
      m.firewall.allow = ALLOW.slice(2);
    }),
    expect: ['ATP160'],
    near: text(() => undefined),
  },
  {
    name: 'ATP161 unknown region',
    trigger: text((m) => {
      m.region = 'eu';
    }),
    expect: ['ATP161'],
    near: text(() => undefined),
    fixedClean: true,
  },
  {
    name: 'ATP161 unknown cloud',
    trigger: text((m) => {
      m.cloud = 'govcloud';
    }),
    expect: ['ATP161'],
    near: text(() => undefined),
  },
  {
    name: 'ATP170 duplicate sensor name',
    trigger: text((m) => {
      m.sensors.push({ name: 'dc01', host: 'dc02.contoso.com' });
    }),
    expect: ['ATP170'],
    near: text((m) => {
      m.sensors.push({ name: 'DC02', host: 'dc02.contoso.com' });
    }),
  },
  {
    name: 'ATP170 invalid sensor host',
    trigger: text((m) => {
      m.sensors[0].host = 'dc_01.contoso.com';
    }),
    expect: ['ATP170'],
    near: text(() => undefined),
  },
];

describe('rules under the 2018 guidance: every code, triggered and not, as before the current guidance', () => {
  it('the base manifest is clean', () => {
    assert.deepStrictEqual(codes(text(() => undefined)), []);
  });
  for (const c of CASES) {
    it(c.name, () => {
      const found = codes(c.trigger);
      if (c.name.startsWith('ATP100')) assert.ok(found.includes('ATP100'), found.join());
      else assert.deepStrictEqual(found, c.expect);
      const code = c.name.slice(0, 6);
      assert.ok(!codes(c.near).includes(code), `near-identical manifest must not produce ${code}: ${codes(c.near).join()}`);
      if (c.fixedClean) {
        const result = fixAll(c.trigger);
        assert.deepStrictEqual(codes(result.text), [], result.text);
      }
    });
  }
});

describe('rules: ranges and messages', () => {
  it('points at the offending value, or the enclosing object for a missing member', () => {
    const source = text((m) => {
      m.firewall.port = 8443;
      delete m.version;
    });
    const [missing] = validate(source).filter((f) => f.code === 'ATP101');
    assert.strictEqual(missing.offset, 0);
    const port = validate(source).find((f) => f.code === 'ATP120');
    assert.strictEqual(source.slice(port?.offset, (port?.offset ?? 0) + (port?.length ?? 0)), '8443');
  });
  it('an unknown key is reported on the key', () => {
    const source = text((m) => {
      m.firewal = {};
    });
    const f = validate(source).find((x) => x.code === 'ATP102');
    assert.strictEqual(source.slice(f?.offset, (f?.offset ?? 0) + (f?.length ?? 0)), '"firewal"');
  });
  it('did you mean "region" for "location" (an alias edit distance cannot reach); fix renames it and the manifest is clean', () => {
    for (const key of ['location', 'serviceLocation', 'Geolocation']) {
      const source = text((m) => {
        delete m.region;
        (m as Json)[key] = 'europe';
      });
      const f = validate(source).find((x) => x.code === 'ATP102');
      assert.match(f?.message ?? '', new RegExp(`Unknown property "${key}" in the manifest: did you mean "region"\\?`));
      assert.deepStrictEqual(f?.fix, { kind: 'renameKey', path: [key], to: 'region', title: 'Rename to "region"' });
      const fixed = fixAll(source);
      assert.deepStrictEqual(
        fixed.remaining.map((x) => x.code),
        [],
        key,
      );
      assert.strictEqual(JSON.parse(fixed.text).region, 'europe');
    }
    const both = validate(
      text((m) => {
        (m as Json).location = 'europe';
      }),
    ).find((x) => x.code === 'ATP102');
    assert.strictEqual(both?.fix, undefined, 'no rename onto a region that is already there');
    const workspace = validate(
      text((m) => {
        (m as Json).workspace = m.instance;
        delete (m as Json).instance;
      }),
    ).find((x) => x.code === 'ATP102');
    assert.strictEqual(workspace?.fix?.kind === 'renameKey' && workspace.fix.to, 'instance');
  });
  it('runs the semantic rules on what the parser recovered from broken text', () => {
    const source = text((m) => {
      m.firewall.port = 8443;
    }).replace('"version": 1,', '"version": 1');
    const found = codes(source);
    assert.ok(found.includes('ATP100') && found.includes('ATP120'), found.join());
  });
  it('gcc and gcc-high need only their sensor API record, no regional endpoints', () => {
    const gcc = JSON.stringify({
      version: 1,
      guidance: '2018',
      instance: 'adatum',
      cloud: 'gcc',
      proxy: { mode: 'direct' },
      firewall: { allow: ['adatumsensorapi.gcc.atp.azure.com', 'crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'] },
    });
    assert.deepStrictEqual(codes(gcc), []);
    const high = JSON.stringify({
      version: 1,
      guidance: '2018',
      instance: 'adatum',
      cloud: 'gcc-high',
      region: 'us',
      proxy: { mode: 'direct' },
      firewall: { allow: ['crl.microsoft.com', 'ctldl.windowsupdate.com', 'www.microsoft.com'] },
    });
    const findings = validate(high);
    assert.deepStrictEqual(
      findings.map((f) => f.code),
      ['ATP111'],
    );
    assert.match(findings[0].message, /adatumsensorapi\.atp\.azure\.us/);
  });
  it('a wildcard satisfies the endpoints it covers and is not "another region"', () => {
    const source = text((m) => {
      m.firewall.allow = ['*.atp.azure.com', '*.microsoft.com', 'ctldl.windowsupdate.com'];
    });
    assert.deepStrictEqual(codes(source), []);
  });
  it('ATP161 replaces ATP101 for a region of the wrong type', () => {
    assert.deepStrictEqual(
      codes(
        text((m) => {
          m.region = 3;
        }),
      ),
      ['ATP161'],
    );
  });
  it('missing allow reports each missing endpoint on the firewall object', () => {
    const source = text((m) => {
      delete (m.firewall as Json).allow;
    });
    assert.deepStrictEqual(codes(source), ['ATP110', 'ATP110', 'ATP111', 'ATP112', 'ATP116', 'ATP116', 'ATP116']);
    assert.deepStrictEqual(codes(fixAll(source).text), []);
  });
});

describe('fixes', () => {
  const commented = `{
  // the Contoso manifest
  "version": 1,
  "guidance": "2018",
  "instance": "contoso-corp",
  "region": "europe",
  "proxy": { "mode": "static", "server": "proxy.contoso.com:8080" }, // corporate proxy
  "registry": { "targets": ["LocalSystem", "LocalService"] },
  "firewall": {
    "port": 8443, /* wrong */
    "allow": [
      "contoso-corpsensorapi.atp.azure.com", // sensors
      "crl.microsoft.com"
    ],
    "sslInspection": "oneWay"
  }
}`;
  it('comments and formatting survive every fix', () => {
    const result = fixAll(commented);
    for (const comment of ['// the Contoso manifest', '// corporate proxy', '/* wrong */', '// sensors'])
      assert.ok(result.text.includes(comment), `${comment} lost:\n${result.text}`);
    assert.deepStrictEqual(codes(result.text), []);
    assert.match(result.text, /"sslInspection": "none"/);
  });
  it('ATP130 offers "none" (preferred) and "mutual"', () => {
    const finding = validate(commented).find((f) => f.code === 'ATP130');
    assert.ok(finding);
    const fixes = fixesFor(commented, finding);
    assert.deepStrictEqual(
      fixes.map((f) => f.isPreferred),
      [true, false],
    );
    assert.match(applyEdits(commented, fixes[1].edits), /"sslInspection": "mutual"/);
  });
  it('every fix yields parseable text', () => {
    for (const c of CASES) {
      for (const finding of validate(c.trigger)) {
        for (const fix of fixesFor(c.trigger, finding)) {
          const after = applyEdits(c.trigger, fix.edits);
          assert.ok(!codes(after).includes('ATP100') || c.name.startsWith('ATP100'), `${c.name}: ${fix.title}`);
        }
      }
    }
  });
});

describe('where a missing member or endpoint is reported (SPEC section 3)', () => {
  const at = (text: string, code: string): string[] =>
    validate(text)
      .filter((f) => f.code === code)
      .map((f) => text.slice(f.offset, f.offset + f.length));

  it('a missing endpoint: the key "allow", or "firewall" when there is no allow list', () => {
    const base = { version: 1, instance: 'contoso', region: 'europe', proxy: { mode: 'direct' } };
    assert.deepStrictEqual(
      [...new Set(at(JSON.stringify({ ...base, firewall: { port: 443, allow: ['crl.microsoft.com'] } }, null, 2), 'ATP111'))],
      ['"allow"'],
    );
    assert.deepStrictEqual([...new Set(at(JSON.stringify({ ...base, firewall: { port: 443 } }, null, 2), 'ATP111'))], ['"firewall"']);
  });

  it("a missing required member of the manifest: the root's {, one character, not the whole text", () => {
    const text = '{\n  "version": 1,\n  "instance": "contoso",\n  "region": "europe",\n  "firewall": { "port": 443 }\n}';
    const missing = validate(text).filter((f) => f.code === 'ATP101');
    assert.deepStrictEqual(
      missing.map((f) => [f.offset, f.length]),
      [[0, 1]],
    );
    assert.match(missing[0].message, /missing the required member "proxy"/);
  });
});
