import { Node } from 'jsonc-parser';
import { closest } from './closest';
import { RuleContext } from './context';
import { JsonPath } from './finding';
import { MANIFEST_SHAPE, Shape } from './shape';

function pathText(path: JsonPath): string {
  return path.length === 0 ? 'the manifest' : `"${path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[')}"`;
}

function typeName(node: Node): string {
  return node.type === 'number' && Number.isInteger(node.value) ? 'an integer' : node.type === 'array' || node.type === 'object' ? `an ${node.type}` : `a ${node.type}`;
}

/** A value of the wrong type that has one obvious replacement ("443" for a port, "true" for a flag). */
function coerce(shape: Shape, node: Node): { value: unknown } | undefined {
  if (shape.type === 'integer' && node.type === 'string' && /^\s*\d+\s*$/.test(node.value)) return { value: Number(node.value) };
  if (shape.type === 'boolean' && node.type === 'string' && /^(true|false)$/i.test(node.value)) return { value: node.value.toLowerCase() === 'true' };
  if (shape.type === 'array' && shape.items.type === 'string' && node.type === 'string') return { value: [node.value] };
  return undefined;
}

const expected: Record<Shape['type'], string> = {
  object: 'an object', array: 'an array', string: 'a string', integer: 'an integer', boolean: 'true or false', version: '1', custom: '',
};

function matches(shape: Shape, node: Node): boolean {
  switch (shape.type) {
    case 'object': return node.type === 'object';
    case 'array': return node.type === 'array';
    case 'string': return node.type === 'string';
    case 'integer': return node.type === 'number' && Number.isInteger(node.value);
    case 'boolean': return node.type === 'boolean';
    case 'version': return node.type === 'number' && node.value === 1;
    case 'custom': return true;
  }
}

// `path` is one stack shared by the whole walk (pushed before a child, popped after): a large `sensors` array then
// costs no allocation per item. Findings get a copy.

function checkValue(ctx: RuleContext, shape: Shape, node: Node, path: JsonPath): void {
  if (!matches(shape, node)) {
    const at = [...path];
    if (shape.type === 'version') {
      ctx.report('ATP101', 'error', node, `${pathText(at)} must be 1: this tool reads manifest version 1 only.`, { kind: 'set', path: at, value: 1, title: 'Set "version" to 1' });
      return;
    }
    const replacement = coerce(shape, node);
    ctx.report('ATP101', 'error', node, `${pathText(at)} must be ${expected[shape.type]}, not ${typeName(node)}.`,
      replacement ? { kind: 'set', path: at, value: replacement.value, title: `Change to ${JSON.stringify(replacement.value)}` } : undefined);
    return;
  }
  if (shape.type === 'string' && shape.enum && !shape.enum.includes(node.value)) {
    const at = [...path];
    const suggestion = closest(String(node.value), shape.enum);
    ctx.report('ATP101', 'error', node, `${pathText(at)} must be one of ${shape.enum.join(', ')}${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
      suggestion ? { kind: 'set', path: at, value: suggestion, title: `Change to "${suggestion}"` } : undefined);
  } else if (shape.type === 'array') {
    const children = node.children ?? [];
    for (let index = 0; index < children.length; index++) {
      path.push(index);
      checkValue(ctx, shape.items, children[index], path);
      path.pop();
    }
  } else if (shape.type === 'object') {
    checkObject(ctx, shape, node, path);
  }
}

const PROPERTIES = new WeakMap<Shape, Map<string, Shape>>();

/** An object shape's properties as a Map: a lookup by a key string fresh from the parser then needs no property access by name. */
function propertiesOf(shape: Extract<Shape, { type: 'object' }>): Map<string, Shape> {
  let properties = PROPERTIES.get(shape);
  if (!properties) {
    properties = new Map(Object.entries(shape.properties));
    PROPERTIES.set(shape, properties);
  }
  return properties;
}

/** The string keys present in an object node. */
function presentKeys(node: Node): Set<string> {
  const present = new Set<string>();
  for (const property of node.children ?? []) {
    const keyNode = property.children?.[0];
    if (keyNode?.type === 'string') present.add(keyNode.value);
  }
  return present;
}

function checkObject(ctx: RuleContext, shape: Extract<Shape, { type: 'object' }>, node: Node, path: JsonPath): void {
  let present: Set<string> | undefined;
  for (const property of node.children ?? []) {
    const keyNode = property.children?.[0];
    const valueNode = property.children?.[1];
    if (keyNode?.type !== 'string') continue;
    const key: string = keyNode.value;
    const propertyShape = propertiesOf(shape).get(key);
    if (!propertyShape) {
      present ??= presentKeys(node);
      const known = Object.keys(shape.properties);
      const suggestion = closest(key, known.filter((k) => !present?.has(k) && k !== '$schema'));
      const at = [...path];
      ctx.report('ATP102', 'warning', keyNode,
        `Unknown property "${key}" in ${pathText(at)}${suggestion ? `: did you mean "${suggestion}"?` : `; known properties: ${known.filter((k) => k !== '$schema').join(', ')}.`}`,
        suggestion ? { kind: 'renameKey', path: [...at, key], to: suggestion, title: `Rename to "${suggestion}"` } : undefined);
    } else if (valueNode) {
      path.push(key);
      checkValue(ctx, propertyShape, valueNode, path);
      path.pop();
    }
  }
  // region is required only where it selects endpoints: the commercial cloud (also the default).
  const regionRequired = path.length === 0 && (ctx.manifest.cloud === undefined || ctx.manifest.cloud.value === 'commercial');
  if (!shape.required?.length && !regionRequired) return;
  const required = [...(shape.required ?? []), ...(regionRequired ? ['region'] : [])];
  present ??= presentKeys(node);
  for (const key of required) {
    if (present.has(key)) continue;
    const at = [...path];
    ctx.report('ATP101', 'error', node, `${at.length === 0 ? 'The manifest' : pathText(at)} is missing the required member "${key}": ${shape.properties[key].description}`,
      key === 'version' ? { kind: 'set', path: [...at, key], value: 1, title: 'Add "version": 1' } : undefined);
  }
}

/** ATP101 (types, enums, required members, version) and ATP102 (unknown properties) from the manifest shape. */
export function checkShape(ctx: RuleContext): void {
  const root = ctx.manifest.root;
  if (!root) return;
  if (root.type !== 'object') {
    ctx.report('ATP101', 'error', root, `A manifest is a JSON object with "version", "instance", "proxy" and "firewall", not ${typeName(root)}.`);
    return;
  }
  checkObject(ctx, MANIFEST_SHAPE as Extract<Shape, { type: 'object' }>, root, []);
}
