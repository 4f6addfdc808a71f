import type { Cell } from './fleet';

/** The colour and the words of each cell value, in legend order; classes are `v-<value>` in the report's style sheet. */
export const PALETTE: readonly { cell: Cell; colour: string; label: string }[] = [
  { cell: 'pass', colour: '#2e7d32', label: 'check pass' },
  { cell: 'ok', colour: '#43a047', label: 'endpoint ok' },
  { cell: 'warn', colour: '#f9a825', label: 'check warn' },
  { cell: 'fail', colour: '#c62828', label: 'check fail' },
  { cell: 'skip', colour: '#9e9e9e', label: 'check skipped (cannot run there)' },
  { cell: 'intercepted', colour: '#7b1fa2', label: 'intercepted (certificate not from the genuine issuer)' },
  { cell: 'tls', colour: '#ef6c00', label: 'TLS failure' },
  { cell: 'proxy-denied', colour: '#f06292', label: 'proxy denied' },
  { cell: 'proxy-auth', colour: '#ad1457', label: 'proxy wants credentials' },
  { cell: 'dns', colour: '#5d4037', label: 'name not resolved' },
  { cell: 'refused', colour: '#8e0000', label: 'connection refused' },
  { cell: 'timeout', colour: '#37474f', label: 'timeout' },
  { cell: 'http', colour: '#1565c0', label: 'unexpected HTTP answer' },
  { cell: 'none', colour: '#ffffff', label: 'not in this machine\u2019s document' },
];
