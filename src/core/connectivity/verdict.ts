import { GENUINE_CHAIN } from './issuer';
import { GENUINE_ISSUERS, PING_PATH, SERVICE_TAG } from '../catalog/catalog';
import { CREDENTIALS_VARIABLE } from './credentials';
import { Verdict } from './result';

/** What the probe was doing when something went wrong; decides the verdict and the wording. */
export type Phase = 'connect' | 'proxy' | 'tls' | 'ping' | 'get';

/** Who a network step talked to: the proxy (`via`) or the endpoint itself. */
export interface Peer {
  /** `host:port` of the peer. */
  name: string;
  isProxy: boolean;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL', 'EAI_NODATA', 'ENODATA', 'ESERVFAIL', 'ENONAME']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'ECONNRESET', 'EPIPE']);

function code(error: unknown): string {
  return error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The verdict on a failure to reach a peer over TCP (name resolution or connection). */
export function connectFailure(error: unknown, peer: Peer, allowWhat = `the ATP endpoints (service tag ${SERVICE_TAG})`): Verdict {
  const c = code(error);
  const who = peer.isProxy ? `the proxy ${peer.name}` : peer.name;
  if (DNS_CODES.has(c) || (error && typeof error === 'object' && 'syscall' in error && error.syscall === 'getaddrinfo')) {
    return {
      status: 'dns',
      detail: peer.isProxy
        ? `The proxy's name in ${peer.name} does not resolve (${c || message(error)}): check the proxy server in the manifest and the DNS of this machine.`
        : `${peer.name.replace(/:\d+$/, '')} does not resolve (${c || message(error)}): this machine's DNS cannot find it. Direct connections need public DNS for the ATP names; through a proxy only the proxy resolves them.`,
    };
  }
  if (c === 'ETIMEDOUT') {
    return { status: 'timeout', detail: `Connecting to ${who} timed out: a firewall drops the packets, or the address is wrong.` };
  }
  if (REFUSED_CODES.has(c)) {
    const what = c === 'ECONNREFUSED' ? 'refused the connection' : c === 'ECONNRESET' || c === 'EPIPE' ? 'reset the connection' : `is unreachable (${c})`;
    return {
      status: 'refused',
      detail: peer.isProxy
        ? `The proxy ${peer.name} ${what}: check the proxy host and port in the manifest, and that the proxy service runs.`
        : `${peer.name} ${what}: a firewall rejects the sensor's traffic, or nothing listens on this port. Allow TCP ${peer.name.split(':').pop()} to ${allowWhat}.`,
    };
  }
  return { status: 'refused', detail: `Cannot connect to ${who}: ${c ? `${c} ` : ''}${message(error)}.` };
}

/** Headers of a refused CONNECT that the verdict looks at. */
export interface ConnectAnswer {
  statusCode: number;
  statusLine: string;
  proxyAuthenticate?: string;
  /** Squid says why it refused (`ERR_DNS_FAIL 0`, `ERR_CONNECT_FAIL 111`...). */
  squidError?: string;
  credentialsSent: boolean;
  /** The answer's Content-Type (read for a revocation GET: an HTML page is not a list). */
  contentType?: string;
  /** The 407 offers Basic, the one scheme this test answers (with the credentials stored for this proxy). */
  basicOffered?: boolean;
}

/** The verdict on a CONNECT the proxy answered with something other than 2xx. */
export function connectRefusal(answer: ConnectAnswer, proxy: string, target: string): Verdict {
  return proxyRefusal(answer, {
    proxy,
    request: `CONNECT ${target}`,
    target,
    allow: `allow the ATP endpoints on the proxy (CONNECT to port ${target.split(':').pop()}). A 401/403 through a proxy is what the sensor misreports as a licensing or workspace error.`,
  });
}

/** What a proxy was asked: for the wording of its refusal. */
export interface ProxyRequest {
  /** `host:port` of the proxy. */
  proxy: string;
  /** The request line's method and target, e.g. `CONNECT host:443` or `GET http://host/path`. */
  request: string;
  /** `host:port` the proxy was to reach. */
  target: string;
  /** What to allow on the proxy, as the end of a sentence. */
  allow: string;
}

/**
 * The verdict on an answer that is the proxy's own (every answer to CONNECT; for a plain GET, a 407 or an answer
 * Squid marks with X-Squid-Error): authentication, the proxy's DNS or upstream connection, its timeout, its rules.
 */
export function proxyRefusal(answer: ConnectAnswer, asked: ProxyRequest): Verdict {
  const { proxy, request, target } = asked;
  const line = `"${answer.statusLine}"`;
  if (answer.statusCode === 407) {
    // "Negotiate, Basic realm="x"": the schemes are the first word of each challenge (parameters hold "=").
    const schemes = (answer.proxyAuthenticate ?? '')
      .split(',')
      .map((c) => c.trim().split(/\s+/)[0])
      .filter((t) => /^[a-z][\w-]*$/i.test(t));
    const scheme = schemes.length > 0 ? ` (it asks for ${schemes.join(', ')})` : '';
    const credentials = answer.credentialsSent
      ? ' The credentials stored for this proxy were rejected too.'
      : answer.basicOffered
        ? ` To run this test with credentials, store them for ${proxy}: Set Proxy Credentials in VS Code, or ${CREDENTIALS_VARIABLE}=user:password@${proxy} for the CLI (never in the manifest). They are sent to that proxy only, and only when it asks.`
        : ' This test answers only Basic authentication, which the proxy does not offer here.';
    return {
      status: 'proxy-auth',
      detail: `The proxy ${proxy} answered ${line} to ${request}: it requires authentication${scheme}. Only the sensor's own proxy configuration can answer a proxy login (method sensor with proxy.user: Deployer.exe ProxyUserName=, or Set-MDISensorProxyConfiguration -ProxyCredential); with WinINET, the Defender for Endpoint policy or WinHTTP the sensor cannot: exempt the ATP endpoints from authentication on the proxy (by destination or by the domain controllers' addresses).${credentials}`,
    };
  }
  const squid = answer.squidError ?? '';
  if (/^ERR_DNS_FAIL/.test(squid)) {
    return { status: 'dns', detail: `The proxy ${proxy} cannot resolve ${target} (${line}, ${squid}): fix the proxy's DNS so that it resolves the ATP names.` };
  }
  if (/^ERR_CANNOT_FORWARD 0\b/.test(squid) || (answer.statusCode === 502 && /^ERR_READ_ERROR 0\b/.test(squid))) {
    // Squid answers a CONNECT to a name it cannot resolve with "no forwarding path" (errno 0), not ERR_DNS_FAIL; a
    // GET of such a name with a read error from no server at all (errno 0, 502: Squid 5).
    return {
      status: 'dns',
      detail: `The proxy ${proxy} found no address for ${target} (${line}, ${squid}): the proxy cannot resolve the name; fix the proxy's DNS so that it resolves the ATP names.`,
    };
  }
  if (/^ERR_CONNECT_FAIL/.test(squid) || /^ERR_CANNOT_FORWARD/.test(squid)) {
    const timedOut = /\b110\b/.test(squid);
    return {
      status: timedOut ? 'timeout' : 'refused',
      detail: `The proxy ${proxy} could not connect to ${target} (${line}, ${squid}): the firewall behind the proxy ${timedOut ? 'drops' : 'rejects'} the traffic. Allow the proxy to reach the ATP endpoints on this port.`,
    };
  }
  if (answer.statusCode === 504 || /^ERR_READ_TIMEOUT|^ERR_CONNECT_TIMEOUT/.test(squid)) {
    return {
      status: 'timeout',
      detail: `The proxy ${proxy} timed out reaching ${target} (${line}${squid ? `, ${squid}` : ''}): the network behind the proxy drops the traffic.`,
    };
  }
  return {
    status: 'proxy-denied',
    detail: `The proxy ${proxy} refused ${request} with ${line}${squid ? ` (${squid})` : ''}: ${asked.allow}`,
  };
}

/** The certificate facts the verdict needs. */
export interface CertificateFacts {
  issuer: string;
  subject: string;
  /** Whether Node verified the chain and the name against the trusted roots. */
  authorized: boolean;
  authorizationError?: string;
  isGenuine: boolean;
}

/** The verdict on the certificate a TLS handshake showed, or undefined when it is genuine and trusted. */
export function certificateVerdict(facts: CertificateFacts, host: string, via: Peer | undefined, root?: string, streamlined = false): Verdict | undefined {
  // The cloud's own root when the plan knows it (GCC High and DoD chain to DigiCert Global Root CA, the others to G2).
  // Microsoft documents no chain for Defender for Endpoint's streamlined hosts: the Azure issuing CAs, no root named.
  const chain = streamlined
    ? `${GENUINE_ISSUERS.join(' / ')} (the Azure issuing CAs; Microsoft names no chain for the streamlined domain and says Defender for Endpoint pins its certificates)`
    : root
      ? `${root} → ${GENUINE_ISSUERS.join(' / ')}`
      : GENUINE_CHAIN;
  const what = streamlined ? 'the streamlined domain' : 'the ATP endpoints';
  if (!facts.isGenuine) {
    const where = via ? `the proxy ${via.name} or a device behind it` : 'a device on the network path';
    const trust = facts.authorized ? 'This machine trusts it' : 'This machine does not trust it either';
    return {
      status: 'intercepted',
      issuer: facts.issuer,
      detail: `The certificate for ${host} was issued by "${facts.issuer || '(no issuer CN)'}"${facts.subject ? ` (subject "${facts.subject}")` : ''}, not by the genuine chain ${chain}: SSL inspection by ${where}. ${trust}, but the sensor does not accept an inspected connection: exclude ${what} from SSL inspection (firewall.sslInspection "none").`,
    };
  }
  if (!facts.authorized) {
    const reason = facts.authorizationError ?? 'unknown reason';
    const advice = /EXPIRED|NOT_YET_VALID/.test(reason)
      ? 'check the clock of this machine; an expired genuine certificate means the connection is not reaching the real service.'
      : /ALTNAME|HOSTNAME/.test(reason)
        ? `the certificate does not name ${host}: the name leads to the wrong server.`
        : streamlined
          ? "this machine does not trust the chain: the domain controllers need its root in their trusted roots (in a lab, pass the lab's root with --ca)."
          : `this machine does not trust the chain: the domain controllers need the root "${chain.split(' → ')[0]}" in their trusted roots (in a lab, pass the lab's root with --ca).`;
    return {
      status: 'tls',
      issuer: facts.issuer,
      detail: `The certificate for ${host} names the genuine issuer "${facts.issuer}" but is not valid here (${reason}): ${advice}`,
    };
  }
  return undefined;
}

/** The verdict on a TLS handshake that failed before a certificate could be checked. */
export function tlsFailure(error: unknown, host: string, via: Peer | undefined): Verdict {
  const c = code(error);
  const path = via ? ` through the proxy ${via.name}` : '';
  return {
    status: 'tls',
    detail: `The TLS handshake with ${host}${path} failed (${c ? `${c}: ` : ''}${message(error)}): a firewall or proxy may be cutting or inspecting TLS (the sensor needs TLS 1.2 with SNI to reach the service).`,
  };
}

/** The verdict on the sensor API ping: 200 (and 503 from older instances) prove the service answered. */
export function pingVerdict(statusCode: number, statusLine: string, host: string): Verdict {
  if (statusCode === 200 || statusCode === 503) {
    return {
      status: 'ok',
      detail: `GET ${PING_PATH} answered "${statusLine}": the sensor API is reachable${statusCode === 503 ? ' (older instances answer 503)' : ''}.`,
    };
  }
  return {
    status: 'http',
    detail: `GET https://${host}${PING_PATH} answered "${statusLine}" instead of 200 (or 503): something other than the ATP sensor API answered (a captive portal, a proxy error page, or a misrouted name).`,
  };
}

/** The verdict on a ping that got no HTTP answer. */
export function pingFailure(error: unknown, host: string): Verdict {
  return {
    status: 'http',
    detail: `GET https://${host}${PING_PATH} got no HTTP answer (${code(error) || message(error)}): the server behind the name is not the ATP sensor API.`,
  };
}

const PHASE_WORDS: Record<Phase, string> = {
  connect: 'while connecting',
  proxy: 'waiting for the proxy to answer CONNECT',
  tls: 'during the TLS handshake',
  ping: `waiting for the answer to GET ${PING_PATH}`,
  get: 'waiting for the answer to the HTTP GET',
};

/** The verdict when the overall deadline expires (or the test is cancelled) in some phase. */
export function deadlineVerdict(phase: Phase | 'queued', peer: Peer | undefined, timeoutMs: number, cancelled: boolean): Verdict {
  const words =
    phase === 'queued' ? 'before this endpoint could be started' : `${PHASE_WORDS[phase]}${peer ? ` (${peer.isProxy ? 'proxy ' : ''}${peer.name})` : ''}`;
  if (cancelled) return { status: 'timeout', detail: `Cancelled ${words}.` };
  if (phase === 'queued')
    return { status: 'timeout', detail: `The ${timeoutMs} ms deadline passed ${words}: raise --timeout, or fix what held the earlier steps.` };
  const advice =
    phase === 'connect'
      ? 'packets are dropped (firewall) or the address leads nowhere'
      : phase === 'proxy' || (phase === 'get' && peer?.isProxy === true)
        ? 'the proxy cannot reach the endpoint (its firewall drops the traffic)'
        : 'the connection opened but nothing answered: a firewall or device in the path holds the traffic';
  return { status: 'timeout', detail: `No answer within ${timeoutMs} ms ${words}: ${advice}.` };
}
