import { Verdict } from './result';
import { ConnectAnswer, Peer, proxyRefusal } from './verdict';

/** What a revocation GET was: the URL, the allow entry it stands for, and the host:port it reaches. */
export interface HttpTarget {
  url: string;
  entry: string;
  /** `host:port` of the origin. */
  origin: string;
}

function allowAdvice(target: HttpTarget): string {
  return `allow plain HTTP GET to ${target.entry} on port ${target.origin.split(':').pop()} (certificate revocation: no CONNECT, no TLS, no authentication).`;
}

/** A Content-Type of a web page: Microsoft serves its lists as `application/pkix-crl`, `application/vnd.ms-cab-compressed`, `application/octet-stream`... */
function isHtml(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/**
 * The verdict on the answer to a revocation list's GET. Through a proxy the answer may be the proxy's own: a 407, or
 * what Squid marks with X-Squid-Error, is judged as the proxy's (like an answer to CONNECT); a 403 with no such mark is
 * still the proxy's rule, because Microsoft publishes these lists to everyone. Any other answer is the origin's: 2xx
 * and 3xx prove the list is reachable (unless a 2xx is an HTML page: a block page or captive portal), the rest means
 * something else answered for the name.
 */
export function getAnswerVerdict(answer: ConnectAnswer, target: HttpTarget, via: Peer | undefined): Verdict {
  const line = `"${answer.statusLine}"`;
  const path = via ? ` through the proxy ${via.name}` : ' directly';
  if (via && (answer.statusCode === 407 || answer.squidError !== undefined)) {
    return proxyRefusal(answer, { proxy: via.name, request: `GET ${target.url}`, target: target.origin, allow: allowAdvice(target) });
  }
  if (answer.statusCode >= 200 && answer.statusCode < 300 && isHtml(answer.contentType)) {
    return {
      status: 'http',
      detail: `GET ${target.url}${path} answered ${line} with an HTML page (Content-Type ${answer.contentType}) instead of the list: a proxy's block or sign-in page, or a captive portal, answered for Microsoft's server.`,
    };
  }
  if (answer.statusCode >= 200 && answer.statusCode < 400) {
    return { status: 'ok', detail: `GET ${target.url}${path} answered ${line}: the revocation list is reachable over plain HTTP.` };
  }
  if (via && answer.statusCode === 403) {
    return {
      status: 'proxy-denied',
      detail: `GET ${target.url}${path} answered ${line}: Microsoft publishes this list to everyone, so the proxy refuses it: ${allowAdvice(target)}`,
    };
  }
  if (via && answer.statusCode === 504) {
    return {
      status: 'timeout',
      detail: `The proxy ${via.name} timed out reaching ${target.origin} (${line}): the network behind the proxy drops the traffic.`,
    };
  }
  return {
    status: 'http',
    detail: `GET ${target.url}${path} answered ${line} instead of the list: something other than Microsoft's published server answered (a captive portal, a proxy error page, or a misrouted name).`,
  };
}

/** The verdict on a revocation GET that got no HTTP answer once connected. */
export function getFailure(error: unknown, target: HttpTarget, via: Peer | undefined): Verdict {
  const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
  if (via) {
    return {
      status: 'proxy-denied',
      detail: `The proxy ${via.name} closed the connection without answering GET ${target.url} (${reason}): it rejects the request; ${allowAdvice(target)}`,
    };
  }
  return { status: 'http', detail: `GET ${target.url} got no HTTP answer from ${target.origin} (${reason}): the server behind the name is not Microsoft's.` };
}
