// Which machines are configured unlike the manifest (their own preflight says so) or unlike most of the fleet
// (another manifest, another proxy in force): the outliers an administrator looks at first.
import type { MachineRecord } from './document';

/** One way one machine differs. */
export interface Difference {
  computer: string;
  file: string;
  against: 'manifest' | 'majority';
  /** What differs: "proxy-config", "sensor-api-address", "manifest", "proxy used". */
  aspect: string;
  /** The machine's value (or the check's detail). */
  value: string;
  /** What the majority has ('' against the manifest: the value is the check's detail, which says what it expected). */
  expected: string;
  /** How many machines hold the majority value, "5 of 7" ('' against the manifest). */
  share: string;
}

/** Checks that compare the machine's configuration with the manifest (SPEC section 8). */
const MANIFEST_CHECKS = ['proxy-config', 'sensor-api-address', 'proxy-per-user-policy'];

/** The aspects compared across machines, each as one string per machine ('' when the document does not say). */
const ASPECTS: { name: string; value: (r: MachineRecord) => string }[] = [
  // By hash: a test output names its manifest but not its hash, so it takes no part in this comparison.
  { name: 'manifest', value: (r) => (r.manifestSha256 ? `${r.manifest} (sha256 ${r.manifestSha256.slice(0, 12)})` : '') },
  { name: 'proxy used', value: (r) => [...new Set(r.results.map((e) => e.via).filter(Boolean))].sort().join(', ') },
  { name: 'proxy-config', value: (r) => r.checks.find((c) => c.id === 'proxy-config')?.detail ?? '' },
];

/** Every difference from the manifest and from the majority, machine by machine in name order. */
export function configurationDifferences(records: readonly MachineRecord[]): Difference[] {
  const differences: Difference[] = [];
  for (const r of records)
    for (const check of r.checks)
      if (MANIFEST_CHECKS.includes(check.id) && check.status === 'fail')
        differences.push({ computer: r.computer, file: r.file, against: 'manifest', aspect: check.id, value: check.detail, expected: '', share: '' });
  for (const aspect of ASPECTS) {
    const values = records.map((r) => aspect.value(r));
    const tally = new Map<string, number>();
    for (const v of values) if (v) tally.set(v, (tally.get(v) ?? 0) + 1);
    if (tally.size < 2) continue;
    const [majority, size] = [...tally].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    // No majority to differ from when the top value is held by half the machines or fewer and ties another.
    if ([...tally.values()].filter((n) => n === size).length > 1) continue;
    records.forEach((r, i) => {
      if (values[i] && values[i] !== majority)
        differences.push({
          computer: r.computer,
          file: r.file,
          against: 'majority',
          aspect: aspect.name,
          value: values[i],
          expected: majority,
          share: `${size} of ${records.length}`,
        });
    });
  }
  return differences.sort((a, b) => a.computer.localeCompare(b.computer, 'en') || a.aspect.localeCompare(b.aspect, 'en'));
}
