import * as http from 'http';
import * as net from 'net';
import * as tls from 'tls';
import { PING_PATH } from '../catalog/catalog';
import { basicAuthorization, CredentialsProvider, ProxyCredentials, redactCredentials } from './credentials';
import { commonName, isGenuineIssuer } from './issuer';
import { Resolver } from './resolve';
import { DIRECT, ProbeResult, resultIdentity, Verdict } from './result';
import { Hop, Route, viaOf } from './route';
import { formatProxy, ProxyAddress } from './serverString';
import { runStep, Step } from './step';
import { certificateVerdict, connectFailure, connectRefusal, deadlineVerdict, Peer, pingFailure, pingVerdict, tlsFailure } from './verdict';
import { HopOutcome, HopState, offersBasic, USER_AGENT } from './hop';
import { probeHttpHop } from './httpProbe';
import type { PlannedEndpoint } from './testPlan';

/** What every probe of one run shares. */
export interface ProbeContext {
  resolver: Resolver;
  /** Trusted roots: the system roots plus the extra ones (one context per run: building it per connection is slow). */
  secureContext: tls.SecureContext;
  credentials?: CredentialsProvider;
  /** Aborts on the overall deadline or on cancellation. */
  signal: AbortSignal;
  timeoutMs: number;
  isCancelled(): boolean;
}

function openDirect(endpoint: PlannedEndpoint, context: ProbeContext, state: HopState): Promise<Step<net.Socket>> {
  const peer: Peer = { name: `${endpoint.host}:${endpoint.port}`, isProxy: false };
  state.peer = peer;
  return runStep(context.signal, (settle) => {
    const socket = state.track(net.connect({ host: endpoint.host, port: endpoint.port, lookup: context.resolver.lookupFor(endpoint.port) }));
    socket.once('connect', () => settle({ ok: true, value: socket }));
    socket.once('error', (error) => settle({ ok: false, verdict: connectFailure(error, peer) }));
  });
}

/** What one CONNECT came to, and whether the proxy's 407 offers Basic (the only scheme this test answers). */
interface ConnectAttempt {
  step: Step<net.Socket>;
  basicOffered: boolean;
}

/**
 * Opens a tunnel through the proxy. The first CONNECT carries no credentials; only when the proxy answers 407
 * offering Basic are the credentials stored for exactly this proxy asked for, and the CONNECT sent once more with
 * them. A proxy that a manifest or a PAC file names never gets credentials the user stored for another.
 */
async function openTunnel(endpoint: PlannedEndpoint, proxy: ProxyAddress, context: ProbeContext, state: HopState): Promise<Step<net.Socket>> {
  const first = await connectOnce(endpoint, proxy, context, state, undefined);
  if (!first.basicOffered || !context.credentials) return first.step;
  const credentials = await context.credentials(proxy);
  if (!credentials || context.signal.aborted) return first.step;
  state.credentials = credentials;
  state.phase = 'connect';
  return (await connectOnce(endpoint, proxy, context, state, credentials)).step;
}

function connectOnce(
  endpoint: PlannedEndpoint,
  proxy: ProxyAddress,
  context: ProbeContext,
  state: HopState,
  credentials: ProxyCredentials | undefined,
): Promise<ConnectAttempt> {
  const peer: Peer = { name: formatProxy(proxy), isProxy: true };
  state.peer = peer;
  const target = `${endpoint.host}:${endpoint.port}`;
  let basicOffered = false;
  return runStep<net.Socket>(context.signal, (settle) => {
    const headers: http.OutgoingHttpHeaders = { Host: target, 'User-Agent': USER_AGENT };
    if (credentials) headers['Proxy-Authorization'] = basicAuthorization(credentials);
    // Not http.request: VS Code's extension host patches it (http.proxySupport) to send requests through the
    // editor's own proxy settings; the CONNECT must go to the manifest's proxy. The constructor is left alone.
    const request = new http.ClientRequest({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers,
      setHost: false,
      agent: false,
      lookup: context.resolver.lookupFor(proxy.port),
    });
    request.on('socket', (socket) => {
      state.track(socket);
      socket.once('connect', () => {
        state.phase = 'proxy';
      });
    });
    request.once('connect', (response: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      state.track(socket);
      const code = response.statusCode ?? 0;
      basicOffered = code === 407 && offersBasic(response.rawHeaders);
      if (code >= 200 && code < 300) {
        if (head.length > 0) socket.unshift(head);
        settle({ ok: true, value: socket });
        return;
      }
      const header = (name: string): string | undefined => {
        const value = response.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      };
      settle({
        ok: false,
        verdict: connectRefusal(
          {
            statusCode: code,
            statusLine: `HTTP/${response.httpVersion} ${code} ${response.statusMessage ?? ''}`.trim(),
            proxyAuthenticate: header('proxy-authenticate'),
            squidError: header('x-squid-error'),
            credentialsSent: credentials !== undefined,
            basicOffered,
          },
          peer.name,
          target,
        ),
      });
      socket.destroy();
    });
    request.once('response', (response: http.IncomingMessage) => {
      // Only a broken proxy answers CONNECT as an ordinary request.
      response.resume();
      settle({
        ok: false,
        verdict: {
          status: 'proxy-denied',
          detail: `The proxy ${peer.name} answered CONNECT ${target} with "${response.statusCode} ${response.statusMessage}" as if it were an ordinary request: it does not tunnel HTTPS.`,
        },
      });
    });
    request.once('error', (error) => {
      if (state.phase === 'connect') settle({ ok: false, verdict: connectFailure(error, peer) });
      else
        settle({
          ok: false,
          verdict: {
            status: 'proxy-denied',
            detail: `The proxy ${peer.name} closed the connection without answering CONNECT ${target} (${error.message}): it rejects the tunnel.`,
          },
        });
    });
    request.end();
  }).then((step) => ({ step, basicOffered }));
}

interface Handshake {
  socket: tls.TLSSocket;
  issuer: string;
}

function handshake(raw: net.Socket, endpoint: PlannedEndpoint, context: ProbeContext, state: HopState, via: Peer | undefined): Promise<Step<Handshake>> {
  state.phase = 'tls';
  return runStep(context.signal, (settle) => {
    const socket = state.track(
      tls.connect({
        socket: raw,
        servername: net.isIP(endpoint.host) ? undefined : endpoint.host,
        secureContext: context.secureContext,
        // Trust is judged below, after the issuer: an inspected connection must be reported as such even when untrusted.
        rejectUnauthorized: false,
      }),
    );
    socket.once('secureConnect', () => {
      const certificate = socket.getPeerCertificate(false);
      if (!certificate || Object.keys(certificate).length === 0) {
        settle({ ok: false, verdict: { status: 'tls', detail: `${endpoint.host} sent no certificate.` } });
        return;
      }
      const issuer = commonName(certificate.issuer);
      const verdict = certificateVerdict(
        {
          issuer,
          subject: commonName(certificate.subject),
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : undefined,
          isGenuine: isGenuineIssuer(issuer),
        },
        endpoint.host,
        via,
        endpoint.root,
        endpoint.kind === 'streamlined',
      );
      settle(verdict ? { ok: false, verdict } : { ok: true, value: { socket, issuer } });
    });
    socket.once('error', (error) => settle({ ok: false, verdict: tlsFailure(error, endpoint.host, via) }));
  });
}

function ping(secure: tls.TLSSocket, endpoint: PlannedEndpoint, context: ProbeContext, state: HopState): Promise<Step<Verdict>> {
  state.phase = 'ping';
  return runStep(context.signal, (settle) => {
    // Not http.request: VS Code's extension host patches it (http.proxySupport) to route requests through its own
    // agent, which ignores createConnection and would resolve the name itself. The constructor is left alone.
    const request = new http.ClientRequest({
      method: 'GET',
      host: endpoint.host,
      port: endpoint.port,
      path: PING_PATH,
      headers: { Host: endpoint.port === 443 ? endpoint.host : `${endpoint.host}:${endpoint.port}`, 'User-Agent': USER_AGENT, Connection: 'close' },
      setHost: false,
      createConnection: () => secure,
    });
    request.once('response', (response) => {
      response.resume();
      const code = response.statusCode ?? 0;
      settle({ ok: true, value: pingVerdict(code, `${code} ${response.statusMessage ?? ''}`.trim(), endpoint.host) });
    });
    request.once('error', (error) => settle({ ok: false, verdict: pingFailure(error, endpoint.host) }));
    request.end();
  });
}

function stopped(step: { ok: false; verdict: Verdict } | { ok: false; aborted: true }, state: HopState, context: ProbeContext): HopOutcome {
  if ('verdict' in step) return { verdict: step.verdict, proxyUnreachable: state.phase === 'connect' && state.peer?.isProxy === true };
  return { verdict: deadlineVerdict(state.phase, state.peer, context.timeoutMs, context.isCancelled()), proxyUnreachable: false };
}

async function probeHop(endpoint: PlannedEndpoint, hop: Hop, context: ProbeContext): Promise<HopOutcome> {
  const state = new HopState();
  const outcome = await probeHopWith(endpoint, hop, context, state);
  // A proxy may quote the Proxy-Authorization it received (status line, headers, even a certificate name).
  const { verdict } = outcome;
  return state.credentials
    ? {
        ...outcome,
        verdict: {
          ...verdict,
          detail: redactCredentials(verdict.detail, state.credentials),
          issuer: verdict.issuer === undefined ? undefined : redactCredentials(verdict.issuer, state.credentials),
        },
      }
    : outcome;
}

async function probeHopWith(endpoint: PlannedEndpoint, hop: Hop, context: ProbeContext, state: HopState): Promise<HopOutcome> {
  try {
    // Revocation lists: Windows fetches them over plain HTTP, so the test does too (no CONNECT, no TLS, no issuer).
    if (endpoint.probeUrl !== undefined) return await probeHttpHop(endpoint, hop, context, state);
    const opened = hop.kind === 'proxy' ? await openTunnel(endpoint, hop.proxy, context, state) : await openDirect(endpoint, context, state);
    if (!opened.ok) return stopped(opened, state, context);
    const via = hop.kind === 'proxy' ? state.peer : undefined;
    const secured = await handshake(opened.value, endpoint, context, state, via);
    if (!secured.ok) return stopped(secured, state, context);
    const issuer = secured.value.issuer;
    if (!endpoint.ping) {
      return { verdict: { status: 'ok', issuer, detail: `TLS with the genuine, trusted chain (issuer "${issuer}").` }, proxyUnreachable: false };
    }
    const answered = await ping(secured.value.socket, endpoint, context, state);
    if (!answered.ok) {
      const outcome = stopped(answered, state, context);
      return { ...outcome, verdict: { ...outcome.verdict, issuer } };
    }
    return {
      verdict: { ...answered.value, issuer, detail: `TLS with the genuine, trusted chain (issuer "${issuer}"); ${answered.value.detail}` },
      proxyUnreachable: false,
    };
  } finally {
    state.destroy();
  }
}

/** Probes one endpoint along its route: each hop in order, moving on only when a proxy cannot be reached (PAC fallback). */
export async function probeEndpoint(endpoint: PlannedEndpoint, route: Route, context: ProbeContext): Promise<ProbeResult> {
  const started = Date.now();
  const tried: string[] = [];
  let last: { hop: Hop; outcome: HopOutcome } | undefined;
  for (const hop of route.hops) {
    if (context.signal.aborted && last) break;
    const outcome = await probeHop(endpoint, hop, context);
    last = { hop, outcome };
    if (!outcome.proxyUnreachable) break;
    tried.push(`${viaOf(hop)} (${outcome.verdict.status})`);
  }
  if (!last) {
    return {
      ...resultIdentity(endpoint),
      status: 'proxy-denied',
      ms: Date.now() - started,
      via: DIRECT,
      issuer: '',
      detail: `No usable route: ${route.reason}`,
    };
  }
  const notes = [route.reason];
  const earlier = last.outcome.proxyUnreachable ? tried.slice(0, -1) : tried;
  if (earlier.length > 0) notes.push(`Tried first: ${earlier.join(', ')}.`);
  return {
    ...resultIdentity(endpoint),
    status: last.outcome.verdict.status,
    ms: Date.now() - started,
    via: viaOf(last.hop),
    issuer: last.outcome.verdict.issuer ?? '',
    detail: [last.outcome.verdict.detail, ...notes.filter((n) => n.length > 0)].join(' '),
  };
}
