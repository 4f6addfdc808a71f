import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildTestPlan, TestPlan } from '../../../src/core/connectivity/testPlan';
import { parseManifest, settingsOf } from '../../../src/core/manifest/parse';
import { SERVICE_PORT } from '../../../src/core/catalog/catalog';
import { AtpService, startAtpService } from './atp-service';
import { generatePki, TestPki } from './certs';
import { RevocationService, startRevocationService } from './revocation-service';

/** Windows fetches certificate revocation lists over plain HTTP, on this port. */
export const REVOCATION_PORT = 80;

/**
 * The seven endpoints of instance "contoso" in europe under the 2018 guidance, in plan order: four service endpoints
 * (CONNECT, TLS on 443) and three revocation hosts (a plain GET on 80).
 */
export const CONTOSO_HOSTS = [
  'contososensorapi.atp.azure.com',
  'contoso.atp.azure.com',
  'triprd1wceun1sensorapi.atp.azure.com',
  'triprd1wceuw1sensorapi.atp.azure.com',
  'crl.microsoft.com',
  'ctldl.windowsupdate.com',
  'www.microsoft.com',
];

/** The current guidance's endpoints of instance "contoso", in plan order: the sensor API, then four revocation lists. */
export const CONTOSO_CURRENT = [
  'contososensorapi.atp.azure.com',
  'crl.microsoft.com',
  'ctldl.windowsupdate.com',
  'www.microsoft.com/pkiops/*',
  'www.microsoft.com/pki/*',
];

/**
 * A manifest for instance contoso (europe) with the given proxy section and firewall.port (443, the lab service's),
 * under the 2018 guidance (seven endpoints, CONTOSO_HOSTS) unless `guidance` says current (CONTOSO_CURRENT).
 */
export function contosoManifest(proxy: object, port: number, guidance: 'current' | '2018' = '2018'): string {
  return JSON.stringify(
    { version: 1, guidance, instance: 'contoso', region: 'europe', proxy, firewall: { port, allow: ['*.atp.azure.com'], sslInspection: 'none' } },
    null,
    2,
  );
}

/** The test plan of a manifest text (fails the test when the manifest cannot be planned). */
export function planOf(text: string, pacUrl?: string): TestPlan {
  const plan = buildTestPlan(settingsOf(parseManifest(text).manifest), { pacUrl });
  if ('problem' in plan) throw new Error(plan.problem);
  return plan;
}

/** Every host mapped to one address: what a Squid hosts_file needs for an all-good lab. */
export function allTo(address: string): Record<string, string> {
  return Object.fromEntries(CONTOSO_HOSTS.map((host) => [host, address]));
}

/** The path (and query) of every URL the catalog's revocation entries are probed with, under either guidance. */
export function revocationPaths(): string[] {
  const urls = (['current', '2018'] as const).flatMap((g) => planOf(contosoManifest({ mode: 'direct' }, 443, g)).endpoints.flatMap((e) => e.probeUrl ?? []));
  return [...new Set(urls.map((u) => new URL(u)).map((u) => `${u.pathname}${u.search}`))];
}

/** A temp folder, the lab PKI, the ATP stand-in (TLS on 443) and the revocation stand-in (HTTP on 80) on the same address. */
export interface Lab {
  dir: string;
  pki: TestPki;
  rootPem: string;
  service: AtpService;
  revocation: RevocationService;
  close(): Promise<void>;
}

/**
 * A loopback address of its own for each lab (127.2.x.y): the stand-in listens on 443 there, the port the sensor and
 * `atp-proxy test` use, without colliding with another lab running at the same time.
 */
function labAddress(): string {
  return `127.2.${1 + Math.floor(Math.random() * 254)}.${1 + Math.floor(Math.random() * 254)}`;
}

/**
 * Makes the temp folder and the PKI, and starts the ATP stand-in (ping 200 unless `pingStatus` says otherwise) on
 * 443 of a loopback address of its own (binding 443 needs root or CAP_NET_BIND_SERVICE, as CI has).
 */
export async function startLab(options: Parameters<typeof startAtpService>[1] = {}): Promise<Lab> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'atp-proxy-it-'));
  await fs.chmod(dir, 0o755);
  const pki = await generatePki(dir);
  let service: AtpService;
  let revocation: RevocationService;
  try {
    service = await startAtpService(pki, { host: labAddress(), port: SERVICE_PORT, ...options });
    revocation = await startRevocationService(service.host, REVOCATION_PORT, revocationPaths()).catch(async (error: unknown) => {
      await service.close();
      throw error;
    });
  } catch (error) {
    throw new Error(
      `the ATP stand-ins must listen on ports ${SERVICE_PORT} and ${REVOCATION_PORT}, where the sensor and Windows connect: run the tests as root (as CI does) or grant node CAP_NET_BIND_SERVICE (${(error as Error).message})`,
      { cause: error },
    );
  }
  return {
    dir,
    pki,
    rootPem: await fs.readFile(pki.rootPem, 'utf8'),
    service,
    revocation,
    close: async () => {
      await Promise.all([service.close(), revocation.close()]);
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
