import { Hop } from './route';
import { parseProxyAddress } from './serverString';

/** The hops of a `FindProxyForURL` answer, in order, and the entries WinINET would not use. */
export interface PacAnswer {
  hops: Hop[];
  ignored: string[];
}

/** Parses a PAC answer such as `PROXY a:8080; PROXY b:8080; DIRECT` into hops (an empty answer means DIRECT). */
export function parsePacAnswer(answer: string): PacAnswer {
  const hops: Hop[] = [];
  const ignored: string[] = [];
  const entries = answer
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  if (entries.length === 0) return { hops: [{ kind: 'direct' }], ignored };
  for (const entry of entries) {
    const [type, ...rest] = entry.split(/\s+/);
    const keyword = type.toUpperCase();
    if (keyword === 'DIRECT' && rest.length === 0) {
      hops.push({ kind: 'direct' });
    } else if ((keyword === 'PROXY' || keyword === 'HTTP') && rest.length === 1) {
      const address = parseProxyAddress(rest[0]);
      if ('problem' in address) ignored.push(entry);
      else hops.push({ kind: 'proxy', proxy: address });
    } else {
      // SOCKS, HTTPS (proxy over TLS) and anything malformed: not something this test (or the sensor's WinINET) can use.
      ignored.push(entry);
    }
  }
  return { hops, ignored };
}
