// Generates benchmark manifests: a large estate (N sensors, up to 2,000 allow entries) with a few findings.

/** The allow-list size for a manifest of `sensors` sensors: one entry per ten sensors, 10 at least, 2,000 at most. */
export function allowCountFor(sensors) {
  return Math.min(2000, Math.max(10, Math.floor(sensors / 10)));
}

/**
 * Manifest text with `sensors` sensors. Findings, whatever the size: one duplicate allow entry and one covered by a
 * wildcard (ATP115), one other-region endpoint (ATP113), mutual SSL inspection (ATP131), one duplicate sensor name and
 * one invalid sensor host (ATP170).
 */
export function generateManifest(sensors, allowCount = allowCountFor(sensors)) {
  const allow = [
    'contososensorapi.atp.azure.com',
    'contoso.atp.azure.com',
    'triprd1wceun1sensorapi.atp.azure.com',
    'triprd1wceuw1sensorapi.atp.azure.com',
    'triprd1wcusw1sensorapi.atp.azure.com', // ATP113: another region
    'crl.microsoft.com',
    'ctldl.windowsupdate.com',
    'www.microsoft.com',
    '*.updates.contoso.com',
  ];
  for (let i = 0; allow.length < allowCount - 2; i++) allow.push(`app${i}.svc${i % 50}.contoso.com`);
  allow.push('app0.svc0.contoso.com'); // ATP115: duplicate
  allow.push('mirror.updates.contoso.com'); // ATP115: covered by the wildcard
  const lines = [];
  for (let i = 0; i < sensors; i++) {
    const name = i === sensors - 1 && sensors > 1 ? 'DC00000' : `DC${String(i).padStart(5, '0')}`; // ATP170: duplicate name
    const host = i === Math.floor(sensors / 2) ? 'dc_bad.contoso.com' : `dc${i}.site${i % 100}.contoso.com`; // ATP170: invalid host
    lines.push(`    { "name": "${name}", "host": "${host}" }`);
  }
  return [
    '{',
    '  "version": 1,',
    '  "guidance": "2018",',
    '  "instance": "contoso",',
    '  "cloud": "commercial",',
    '  "region": "europe",',
    '  "proxy": {',
    '    "mode": "static",',
    '    "server": "proxy.contoso.com:8080",',
    '    "bypass": ["<local>", "*.contoso.local"]',
    '  },',
    '  "registry": { "source": "currentUser", "targets": ["LocalSystem", "LocalService"], "backup": true },',
    '  "firewall": {',
    '    "port": 443,',
    '    "allow": [',
    allow.map((a) => `      ${JSON.stringify(a)}`).join(',\n'),
    '    ],',
    '    "sslInspection": "mutual"',
    '  },',
    '  "sensors": [',
    lines.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** A manifest of about `lines` lines (sensors fill what the fixed part leaves). */
export function generateManifestOfLines(lines) {
  const fixed = generateManifest(0, 10).split('\n').length;
  return generateManifest(Math.max(1, lines - fixed), 10);
}
