import { JsonTree, Kind, treeIndex } from '../manifest/tree';
import { RuleContext } from './context';
import { FoldedNames } from './foldedNames';

/** One or more labels (1–63 characters of a–z, 0–9 and "-", not starting or ending with "-"), an optional final dot. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** HOST_NAME from a string's first character to its closing quote: tests a host name in the text, without a copy. */
const HOST_NAME_IN_TEXT = new RegExp(`${HOST_NAME.source.slice(1, -1)}"`, 'iy');

/** Whether a string is a valid DNS host name (labels of a–z, 0–9 and "-", 1–63 each, 253 in all). */
function isHostName(value: string): boolean {
  // One regex over the whole name rather than split + a regex per label: it runs once per sensor of a large estate.
  // The length is checked first, so the regex never sees a long string (and each label backtracks 62 places at most).
  const length = value.endsWith('.') ? value.length - 1 : value.length;
  return length > 0 && length <= 253 && HOST_NAME.test(value);
}

/** isHostName of a string node, read in the text when it has no escapes (20,000 sensors: no string made for a valid host). */
function isHostNameAt(tree: JsonTree, index: number): boolean {
  if (!tree.isVerbatim(index)) return isHostName(tree.stringAt(index));
  const start = tree.offsets[index] + 1;
  const end = start + tree.lengths[index] - 2;
  const length = end > start && tree.text.charCodeAt(end - 1) === 46 ? end - start - 1 : end - start;
  if (length <= 0 || length > 253) return false;
  HOST_NAME_IN_TEXT.lastIndex = start;
  return HOST_NAME_IN_TEXT.test(tree.text);
}

/** ATP170: duplicate sensor names (each later occurrence) and sensor hosts that are not host names. */
export function checkSensors(ctx: RuleContext): void {
  const { tree, sensors } = ctx.manifest;
  const list = sensors && tree ? treeIndex(sensors.node) : undefined;
  if (!tree || !list || tree.kinds[list.index] !== Kind.Array) return;
  const { kinds, nextSiblings } = tree;
  let count = 0;
  for (let item = tree.firstChild(list.index); item >= 0; item = nextSiblings[item]) count++;
  const seen = new FoldedNames(tree, count);
  for (let item = tree.firstChild(list.index); item >= 0; item = nextSiblings[item]) {
    if (kinds[item] !== Kind.Object) continue;
    // One pass over the members: the last "name" and "host" with a value win, as in JSON.parse.
    let name = -1;
    let host = -1;
    for (let property = tree.firstChild(item); property >= 0; property = nextSiblings[property]) {
      const key = tree.firstChild(property);
      const value = key < 0 ? -1 : nextSiblings[key];
      if (value < 0) continue;
      const keyText = tree.stringAt(key);
      if (keyText === 'name') name = value;
      else if (keyText === 'host') host = value;
    }
    if (name >= 0 && kinds[name] === Kind.String && seen.add(name)) {
      ctx.report('ATP170', tree.node(name), `Sensor name "${tree.stringAt(name)}" is already used: give each domain controller's sensor a unique name.`);
    }
    if (host >= 0 && kinds[host] === Kind.String && !isHostNameAt(tree, host)) {
      ctx.report(
        'ATP170',
        tree.node(host),
        `"${tree.stringAt(host)}" is not a valid host name: use the domain controller's DNS name (letters, digits, "-" and dots).`,
      );
    }
  }
}
