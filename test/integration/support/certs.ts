import { execFile } from 'child_process';
import { promises as fs } from 'fs';
import * as path from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** The names every leaf certificate covers: the ATP endpoints of the tests plus the revocation hosts. */
export const LEAF_NAMES = [
  '*.atp.azure.com',
  '*.gcc.atp.azure.com',
  '*.atp.azure.us',
  // The host Microsoft documents under Defender for Endpoint's streamlined domain (sensor v3).
  '*.us.endpoint.security.microsoft.com',
  'crl.microsoft.com',
  'ctldl.windowsupdate.com',
  'www.microsoft.com',
  'localhost',
];

/** PEM files of a lab PKI made for one test run. */
export interface TestPki {
  dir: string;
  /** The test root: what `--ca` trusts. */
  rootPem: string;
  /** Leaf + intermediate "Microsoft Azure TLS Issuing CA 01": the genuine-looking chain. */
  genuineChain: string;
  genuineKey: string;
  /** A leaf signed straight by the root (issuer "ATP Test Root CA"): not the genuine issuer. */
  rogueCert: string;
  rogueKey: string;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

async function write(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

/** Generates the root, the intermediate named like Microsoft's, and the leaves with openssl (valid ten years; made fresh per run). */
export async function generatePki(dir: string): Promise<TestPki> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const caExt = await write(
    dir,
    'ca.ext',
    'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n',
  );
  const leafExt = await write(
    dir,
    'leaf.ext',
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${LEAF_NAMES.map((n) => `DNS:${n}`).join(',')}\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n`,
  );
  await openssl(dir, [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'root.key',
    '-out',
    'root.pem',
    '-days',
    '3650',
    '-subj',
    '/O=ATP Sensor Proxy tests/CN=ATP Test Root CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await openssl(dir, ['req', ...ec, '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/C=US/O=Microsoft Corporation/CN=Microsoft Azure TLS Issuing CA 01']);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'int.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'int.pem',
    '-days',
    '3650',
    '-extfile',
    caExt,
  ]);
  await openssl(dir, ['req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=*.atp.azure.com']);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'int.pem',
    '-CAkey',
    'int.key',
    '-CAcreateserial',
    '-out',
    'leaf.pem',
    '-days',
    '3650',
    '-extfile',
    leafExt,
  ]);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    'leaf.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-CAcreateserial',
    '-out',
    'rogue.pem',
    '-days',
    '3650',
    '-extfile',
    leafExt,
  ]);
  const read = (name: string): Promise<string> => fs.readFile(path.join(dir, name), 'utf8');
  return {
    dir,
    rootPem: path.join(dir, 'root.pem'),
    genuineChain: (await read('leaf.pem')) + (await read('int.pem')),
    genuineKey: await read('leaf.key'),
    rogueCert: await read('rogue.pem'),
    rogueKey: await read('leaf.key'),
  };
}
