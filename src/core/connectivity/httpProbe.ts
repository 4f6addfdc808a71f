import * as http from 'http';
import { basicAuthorization, ProxyCredentials } from './credentials';
import { HopOutcome, HopState, offersBasic, USER_AGENT } from './hop';
import { getAnswerVerdict, getFailure, HttpTarget } from './httpVerdict';
import type { ProbeContext } from './probe';
import { Hop } from './route';
import { formatProxy } from './serverString';
import { runStep, Step } from './step';
import type { PlannedEndpoint } from './testPlan';
import { ConnectAnswer, connectFailure, deadlineVerdict, Peer } from './verdict';

/** One GET and whether its 407 offers Basic (the one scheme this test answers). */
interface GetAttempt {
  step: Step<ConnectAnswer>;
  basicOffered: boolean;
}

function header(response: http.IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Sends one GET of the probe URL: to the origin on its port when direct, or to the proxy in absolute form
 * (`GET http://host/path HTTP/1.1`), the way WinHTTP fetches a revocation list through a proxy. Only the status line
 * and headers are read: a CRL or trust list can be megabytes, and the answer is what proves the path.
 */
function getOnce(
  url: URL,
  hop: Hop,
  context: ProbeContext,
  state: HopState,
  target: HttpTarget,
  credentials: ProxyCredentials | undefined,
): Promise<GetAttempt> {
  const origin = { host: url.hostname, port: Number(url.port || 80) };
  const peer: Peer = hop.kind === 'proxy' ? { name: formatProxy(hop.proxy), isProxy: true } : { name: target.origin, isProxy: false };
  const to = hop.kind === 'proxy' ? hop.proxy : origin;
  state.peer = peer;
  state.phase = 'connect';
  let basicOffered = false;
  return runStep<ConnectAnswer>(context.signal, (settle) => {
    const headers: http.OutgoingHttpHeaders = { Host: url.host, 'User-Agent': USER_AGENT, Connection: 'close' };
    if (credentials) headers['Proxy-Authorization'] = basicAuthorization(credentials);
    // Not http.request: VS Code's extension host patches it (http.proxySupport) to send requests through the
    // editor's own proxy settings; this GET must go where the manifest's route says. The constructor is left alone.
    const request = new http.ClientRequest({
      host: to.host,
      port: to.port,
      method: 'GET',
      path: hop.kind === 'proxy' ? url.href : `${url.pathname}${url.search}`,
      headers,
      setHost: false,
      agent: false,
      lookup: context.resolver.lookupFor(to.port),
    });
    request.on('socket', (socket) => {
      state.track(socket);
      socket.once('connect', () => {
        state.phase = 'get';
      });
    });
    request.once('response', (response) => {
      const code = response.statusCode ?? 0;
      basicOffered = hop.kind === 'proxy' && code === 407 && offersBasic(response.rawHeaders);
      settle({
        ok: true,
        value: {
          statusCode: code,
          statusLine: `HTTP/${response.httpVersion} ${code} ${response.statusMessage ?? ''}`.trim(),
          proxyAuthenticate: header(response, 'proxy-authenticate'),
          squidError: header(response, 'x-squid-error'),
          contentType: header(response, 'content-type'),
          credentialsSent: credentials !== undefined,
          basicOffered,
        },
      });
      // The body is not needed: the hop's sockets are destroyed when it ends.
      response.resume();
    });
    request.once('error', (error) => {
      if (state.phase === 'connect') settle({ ok: false, verdict: connectFailure(error, peer, target.entry) });
      else settle({ ok: false, verdict: getFailure(error, target, hop.kind === 'proxy' ? peer : undefined) });
    });
    request.end();
  }).then((step) => ({ step, basicOffered }));
}

/**
 * Probes a revocation entry along one hop: a plain HTTP GET of its published URL, never CONNECT or TLS. A proxy's 407
 * offering Basic is answered once with the credentials stored for exactly that proxy, as for CONNECT.
 */
export async function probeHttpHop(endpoint: PlannedEndpoint, hop: Hop, context: ProbeContext, state: HopState): Promise<HopOutcome> {
  const url = new URL(endpoint.probeUrl ?? `http://${endpoint.host}/`);
  const target: HttpTarget = { url: url.href, entry: endpoint.entry ?? endpoint.host, origin: `${url.hostname}:${url.port || 80}` };
  const via = hop.kind === 'proxy' ? { name: formatProxy(hop.proxy), isProxy: true } : undefined;
  let attempt = await getOnce(url, hop, context, state, target, undefined);
  if (hop.kind === 'proxy' && attempt.basicOffered && context.credentials) {
    const credentials = await context.credentials(hop.proxy);
    if (credentials && !context.signal.aborted) {
      state.credentials = credentials;
      attempt = await getOnce(url, hop, context, state, target, credentials);
    }
  }
  const { step } = attempt;
  if (step.ok) return { verdict: getAnswerVerdict(step.value, target, via), proxyUnreachable: false };
  if ('verdict' in step) return { verdict: step.verdict, proxyUnreachable: state.phase === 'connect' && state.peer?.isProxy === true };
  return { verdict: deadlineVerdict(state.phase, state.peer, context.timeoutMs, context.isCancelled()), proxyUnreachable: false };
}
