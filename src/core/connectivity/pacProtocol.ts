import type { ResolveOverride } from './resolve';

/** What the PAC worker thread starts with. */
export interface PacWorkerData {
  text: string;
  overrides: ResolveOverride[];
}

/** A FindProxyForURL question to the worker. */
export interface PacQuestion {
  id: number;
  url: string;
  host: string;
}

/** What the worker says: started (the limit starts), compiled (or why not), then one answer or failure per question. */
export type PacWorkerMessage =
  | { kind: 'started' }
  | { kind: 'compiled' }
  | { kind: 'problem'; problem: string }
  | { kind: 'answer'; id: number; answer: string }
  | { kind: 'failed'; id: number; error: string };
