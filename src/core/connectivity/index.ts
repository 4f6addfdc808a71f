// The connectivity test's public surface, for the CLI and the extension.
export { buildTestPlan } from './testPlan';
export type { PlannedEndpoint, PlanOptions, PlanProblem, TestPlan, UntestedEntry } from './testPlan';
export { runConnectivityTest, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from './run';
export type { ConnectivityOptions, ConnectivityReport } from './run';
export { PROBE_STATUSES, DIRECT, resultLabel } from './result';
export type { ProbeResult, ProbeStatus } from './result';
export { parseResolveList, parseResolveOverride } from './resolve';
export type { ResolveOverride } from './resolve';
export { credentialsFromEnvironment, CREDENTIALS_FORM, CREDENTIALS_VARIABLE, proxyKey, scopedProvider } from './credentials';
export type { CredentialsProvider, ProxyCredentials, ScopedCredentials } from './credentials';
export { parseProxyAddress, formatProxy } from './serverString';
export type { ProxyAddress } from './serverString';
