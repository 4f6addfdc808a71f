import * as net from 'net';
import { ProxyCredentials } from './credentials';
import { Verdict } from './result';
import { Peer, Phase } from './verdict';

export const USER_AGENT = 'atp-proxy-connectivity-test';
/** What one hop of a route came to. */
export interface HopOutcome {
  verdict: Verdict;
  /** The failure was reaching the proxy itself: PAC fallbacks move on to the next hop. */
  proxyUnreachable: boolean;
}

/** Tracks the sockets and the phase of one hop so that the deadline can end it and name where it stopped. */
export class HopState {
  phase: Phase = 'connect';
  peer: Peer | undefined;
  /** The credentials sent to the proxy, so that nothing the proxy answers can carry them into a verdict. */
  credentials: ProxyCredentials | undefined;
  private readonly sockets: net.Socket[] = [];

  track<T extends net.Socket>(socket: T): T {
    this.sockets.push(socket);
    return socket;
  }

  destroy(): void {
    // Outermost first: destroying the raw socket under a live TLS socket crashes Node (use after free in TLSWrap).
    for (const socket of [...this.sockets].reverse()) if (!socket.destroyed) socket.destroy();
  }
}

/** `Proxy-Authenticate` values (one header may hold several challenges) offer the Basic scheme. */
export function offersBasic(rawHeaders: string[]): boolean {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i].toLowerCase() === 'proxy-authenticate' && /(?:^|,)\s*basic(?:\s|,|$)/i.test(rawHeaders[i + 1])) return true;
  }
  return false;
}
