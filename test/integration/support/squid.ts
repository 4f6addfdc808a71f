import { ChildProcess, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { promises as fs, readFileSync } from 'fs';
import * as path from 'path';
import { freePort, stopProcess, waitForPort } from './ports';

export const SQUID = '/usr/sbin/squid';

/** A real Squid started for a test, on 127.0.0.1. */
export interface Squid {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export interface SquidOptions {
  /** Host name → address, Squid's hosts_file (the ATP names point at the local stand-ins). */
  hosts: Record<string, string>;
  /** Ports CONNECT may reach. */
  connectPorts: number[];
  /** Ports plain requests (GET in absolute form, the revocation lists) may reach; default 80. */
  httpPorts?: number[];
  /** Host names an ACL denies (→ 403). */
  deny?: string[];
  /** Squid's DNS server for names outside hosts_file (port 53; default an address where nothing answers). */
  dnsServer?: string;
  /**
   * A configuration fragment (an allowlist export) to `include` instead of the lab's own allow rules, before the final
   * `http_access deny all`: then it alone decides what passes.
   */
  include?: string;
  /** Requires basic proxy authentication with these credentials (→ 407 without them). */
  basicAuth?: { user: string; password: string };
}

// Squid, started as root, drops to its own user: the files it writes and reads must be open to it.
const OPEN_DIR = 0o777;

async function authHelper(dir: string, user: string, password: string): Promise<string> {
  // Squid's basic auth helper protocol: one "user password" line in (URL-escaped), "OK" or "ERR" out.
  const file = path.join(dir, 'basic-auth-helper.js');
  await fs.writeFile(
    file,
    [
      `#!${process.execPath}`,
      "'use strict';",
      `const expected = ${JSON.stringify([user, password])};`,
      'const decode = (text) => { try { return decodeURIComponent(text); } catch { return text; } };',
      "require('readline').createInterface({ input: process.stdin }).on('line', (line) => {",
      "  const [u, p] = line.trim().split(' ').map(decode);",
      "  process.stdout.write(u === expected[0] && p === expected[1] ? 'OK\\n' : 'ERR\\n');",
      '});',
      '',
    ].join('\n'),
  );
  await fs.chmod(file, 0o755);
  return file;
}

/** Starts Squid in the foreground (-N) with its own config, logs and pid file in a new folder under `parent`. */
export async function startSquid(parent: string, options: SquidOptions): Promise<Squid> {
  const dir = await fs.mkdtemp(path.join(parent, 'squid-'));
  await fs.chmod(dir, OPEN_DIR);
  const port = await freePort();
  const hostsFile = path.join(dir, 'hosts');
  await fs.writeFile(
    hostsFile,
    Object.entries(options.hosts)
      .map(([name, address]) => `${address} ${name}`)
      .join('\n') + '\n',
  );
  const lines = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${path.join(dir, 'squid.pid')}`,
    `cache_log ${path.join(dir, 'cache.log')}`,
    `access_log stdio:${path.join(dir, 'access.log')}`,
    `coredump_dir ${dir}`,
    `hosts_file ${hostsFile}`,
    // Names outside hosts_file must fail fast and stay local: an address nothing answers on, a short timeout.
    `dns_nameservers ${options.dnsServer ?? '127.0.0.9'}`,
    'dns_timeout 1 seconds',
    'dns_retransmit_interval 1 seconds',
    'cache deny all',
    'cache_mem 8 MB',
    'netdb_filename none',
    'pinger_enable off',
    'shutdown_lifetime 0 seconds',
    'connect_timeout 30 seconds',
    'acl CONNECT method CONNECT',
    `acl lab_ports port ${options.connectPorts.join(' ')}`,
  ];
  if (options.deny?.length) lines.push(`acl denied_hosts dstdomain ${options.deny.join(' ')}`, 'http_access deny denied_hosts');
  if (options.basicAuth) {
    const helper = await authHelper(dir, options.basicAuth.user, options.basicAuth.password);
    lines.push(
      `auth_param basic program ${helper}`,
      'auth_param basic children 8 startup=8 idle=1',
      'auth_param basic realm ATP lab proxy',
      'acl authenticated proxy_auth REQUIRED',
      'http_access deny !authenticated',
    );
  }
  if (options.include !== undefined) {
    const fragment = path.join(dir, 'allowlist.conf');
    await fs.writeFile(fragment, options.include);
    lines.push(`include ${fragment}`, 'http_access deny all');
  } else {
    lines.push(
      `acl lab_http_ports port ${(options.httpPorts ?? [80]).join(' ')}`,
      'http_access allow CONNECT lab_ports',
      'http_access allow !CONNECT lab_http_ports',
      'http_access deny all',
    );
  }
  const conf = path.join(dir, 'squid.conf');
  await fs.writeFile(conf, lines.join('\n') + '\n');
  // Squid names its shared-memory segments after the service name (-n, default "squid"): two Squids with the same name
  // running at once collide (FATAL: shm_open(/squid-cf__queues.shm): File exists). Each gets its own.
  const serviceName = `atplab${randomBytes(6).toString('hex')}`;
  const child: ChildProcess = spawn(SQUID, ['-N', '-n', serviceName, '-f', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const log = (): string => {
    let cacheLog = '';
    try {
      cacheLog = readFileSync(path.join(dir, 'cache.log'), 'utf8');
    } catch {
      /* not written yet */
    }
    return `squid stderr:\n${stderr}\ncache.log:\n${cacheLog}`;
  };
  try {
    await waitForPort(port, { process: child, log });
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  return { port, dir, stop: () => stopProcess(child) };
}

/**
 * Starts several Squids at once. If any fails to start, the others are stopped before the error is rethrown: a Squid
 * left running would keep the test process alive after the suite.
 */
export async function startSquids(parent: string, options: SquidOptions[]): Promise<Squid[]> {
  const settled = await Promise.allSettled(options.map((each) => startSquid(parent, each)));
  const failed = settled.find((each): each is PromiseRejectedResult => each.status === 'rejected');
  const started = settled.filter((each): each is PromiseFulfilledResult<Squid> => each.status === 'fulfilled').map((each) => each.value);
  if (failed) {
    await Promise.all(started.map((squid) => squid.stop()));
    throw failed.reason;
  }
  return started;
}
