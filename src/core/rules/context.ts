import type { Node } from 'jsonc-parser';
import { Cloud, Region, isCloud, isRegion } from '../catalog/catalog';
import type { Guidance, Located, Manifest, ProxyMethod, ProxyMode, SensorVersion } from '../manifest/model';
import { GUIDANCES, PROXY_MODES, SENSOR_VERSIONS } from '../manifest/model';
import { effectiveMethod } from '../manifest/parse';
import type { Code, FixData } from './finding';
import { CappedFindings, type Lazy } from './findingCap';
import { isValidInstance } from '../manifest/instanceName';
import { JsonTree, Kind, treeIndex } from '../manifest/tree';

/** What every rule gets: the recovered manifest, the facts derived from it once, and a sink for findings. */
export interface RuleContext {
  manifest: Manifest;
  /** The guidance the rules follow: `guidance` when valid, else current (SPEC section 1). */
  guidance: Guidance;
  /** The sensor generation: `sensor` when valid, else v2. */
  sensor: SensorVersion;
  /** False when `sensor` holds a value that is no generation (ATP101): rules that depend on the generation must not guess. */
  sensorKnown: boolean;
  /** The proxy method in effect (explicit, else implied: see effectiveMethod). */
  method?: ProxyMethod;
  /** The cloud when valid (default commercial when absent); undefined when the value is unknown. */
  cloud?: Cloud;
  /** The region when valid. */
  region?: Region;
  /** The instance name when it is a valid DNS label. */
  instance?: string;
  /** The proxy mode when valid. */
  mode?: ProxyMode;
  /** String entries of `firewall.allow` with their nodes; undefined when there is no usable array. */
  allow?: Located<string>[];
  /**
   * Records a finding; its severity is the code's, from the code table. Rules that can report once per item of an
   * unbounded list pass the message and fix as functions: past MAX_FINDINGS_PER_CODE they are never built.
   */
  report(code: Code, node: Node, message: Lazy<string>, fix?: Lazy<FixData | undefined>): void;
}

/** A string item of an array in a `JsonTree`: its Node is made when a finding asks for it (an allow list has thousands). */
class TreeItem implements Located<string> {
  constructor(
    private readonly tree: JsonTree,
    private readonly index: number,
    readonly value: string,
  ) {}

  get node(): Node {
    return this.tree.node(this.index);
  }
}

/** The string items of an array value, each with its node (every node of a parsed manifest is one of its tree's). */
export function stringItems(located: Located<unknown> | undefined): Located<string>[] {
  const inTree = located && treeIndex(located.node);
  if (!inTree || inTree.tree.kinds[inTree.index] !== Kind.Array) return [];
  const { tree, index } = inTree;
  const items: Located<string>[] = [];
  for (let child = tree.firstChild(index); child >= 0; child = tree.nextSiblings[child]) {
    if (tree.kinds[child] === Kind.String) items.push(new TreeItem(tree, child, tree.stringAt(child)));
  }
  return items;
}

/** The key node of a member (falls back to the value node). */
export function keyNode(located: Located<unknown>): Node {
  return located.property?.children?.[0] ?? located.node;
}

function allowEntries(manifest: Manifest): Located<string>[] | undefined {
  const firewall = manifest.firewall;
  if (firewall?.located.node.type !== 'object') return undefined;
  if (!firewall.allow) return [];
  return firewall.allow.node.type === 'array' ? stringItems(firewall.allow) : undefined;
}

/** Builds the context for one validation run; findings go into `findings` (a throwaway one when none is given). */
export function createContext(manifest: Manifest, findings: CappedFindings = new CappedFindings()): RuleContext {
  const cloudValue = manifest.cloud === undefined ? 'commercial' : manifest.cloud.value;
  const mode = manifest.proxy?.mode?.value;
  const sensorKnown = manifest.sensor === undefined || (SENSOR_VERSIONS as readonly unknown[]).includes(manifest.sensor.value);
  const guidance = (GUIDANCES as readonly unknown[]).includes(manifest.guidance?.value) ? (manifest.guidance?.value as Guidance) : 'current';
  return {
    manifest,
    guidance,
    sensor: sensorKnown && manifest.sensor ? (manifest.sensor.value as SensorVersion) : 'v2',
    sensorKnown,
    method: effectiveMethod(manifest, guidance),
    cloud: isCloud(cloudValue) ? cloudValue : undefined,
    region: isRegion(manifest.region?.value) ? manifest.region.value : undefined,
    instance: isValidInstance(manifest.instance?.value) ? manifest.instance.value : undefined,
    mode: (PROXY_MODES as readonly unknown[]).includes(mode) ? (mode as ProxyMode) : undefined,
    allow: allowEntries(manifest),
    report(code, node, message, fix) {
      findings.add(code, node, message, fix);
    },
  };
}
