import type { Node } from 'jsonc-parser';
import { JsonTree, Kind } from '../manifest/tree';
import { closest } from './closest';
import { RuleContext } from './context';
import { JsonPath } from './finding';
import { MANIFEST_SHAPE, Shape } from '../manifest/shape';

function pathText(path: JsonPath): string {
  return path.length === 0
    ? 'the manifest'
    : `"${path
        .map((p) => (typeof p === 'number' ? `[${p}]` : p))
        .join('.')
        .replace(/\.\[/g, '[')}"`;
}

/** The type of a node as a message names it. */
function typeName(tree: JsonTree, index: number): string {
  const kind = tree.kinds[index];
  if (kind === Kind.Number && Number.isInteger(tree.value(index))) return 'an integer';
  if (kind === Kind.Array) return 'an array';
  if (kind === Kind.Object) return 'an object';
  return `a ${tree.typeOf(index)}`;
}

/** A value of the wrong type that has one obvious replacement ("443" for a port, "true" for a flag). */
function coerce(shape: Shape, tree: JsonTree, index: number): { value: unknown } | undefined {
  if (tree.kinds[index] !== Kind.String) return undefined;
  const text = tree.stringAt(index);
  if (shape.type === 'integer' && /^\s*\d+\s*$/.test(text)) return { value: Number(text) };
  if (shape.type === 'boolean' && /^(true|false)$/i.test(text)) return { value: text.toLowerCase() === 'true' };
  if (shape.type === 'array' && shape.items.type === 'string') return { value: [text] };
  return undefined;
}

const expected: Record<Shape['type'], string> = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  integer: 'an integer',
  boolean: 'true or false',
  version: '1',
  custom: '',
};

function matches(shape: Shape, tree: JsonTree, index: number): boolean {
  const kind = tree.kinds[index];
  switch (shape.type) {
    case 'object':
      return kind === Kind.Object;
    case 'array':
      return kind === Kind.Array;
    case 'string':
      return kind === Kind.String;
    case 'integer':
      return kind === Kind.Number && Number.isInteger(tree.value(index));
    case 'boolean':
      return kind === Kind.Boolean;
    case 'version':
      return kind === Kind.Number && tree.value(index) === 1;
    case 'custom':
      return true;
  }
}

// The walk reads the tree's columns by index (a `Node` is made only for a finding), and `path` is one stack shared by
// the whole walk (pushed before a child, popped after): a large `sensors` array then costs no allocation per item.
// Findings get a copy.

function checkValue(ctx: RuleContext, tree: JsonTree, shape: Shape, index: number, path: JsonPath): void {
  if (!matches(shape, tree, index)) {
    const at = [...path];
    const node = tree.node(index);
    if (shape.type === 'version') {
      ctx.report('ATP101', node, `${pathText(at)} must be 1: this tool reads manifest version 1 only.`, {
        kind: 'set',
        path: at,
        value: 1,
        title: 'Set "version" to 1',
      });
      return;
    }
    const replacement = coerce(shape, tree, index);
    ctx.report(
      'ATP101',
      node,
      `${pathText(at)} must be ${expected[shape.type]}, not ${typeName(tree, index)}.`,
      replacement ? { kind: 'set', path: at, value: replacement.value, title: `Change to ${JSON.stringify(replacement.value)}` } : undefined,
    );
    return;
  }
  if (shape.type === 'string') {
    if (!shape.enum) return; // read the string only when there is something to check it against
    const value = tree.stringAt(index);
    if (shape.enum.includes(value)) return;
    const at = [...path];
    const suggestion = closest(value, shape.enum);
    const fallback = shape.fallback;
    if (fallback !== undefined && suggestion !== fallback) {
      // "2019" is closest to "2018", but the rules follow the fallback meanwhile: fixing keeps that, the other is offered.
      ctx.report(
        'ATP101',
        tree.node(index),
        `${pathText(at)} must be one of ${shape.enum.join(', ')}: the rules follow "${fallback}" until it is one${suggestion ? ` (did you mean "${suggestion}"?)` : ''}.`,
        {
          kind: 'set',
          path: at,
          value: fallback,
          title: `Change to "${fallback}" (what the rules follow now)`,
          preferred: true,
          alternatives: suggestion ? [{ value: suggestion, title: `Change to "${suggestion}"` }] : [],
        },
      );
      return;
    }
    ctx.report(
      'ATP101',
      tree.node(index),
      `${pathText(at)} must be one of ${shape.enum.join(', ')}${suggestion ? `: did you mean "${suggestion}"?` : '.'}`,
      suggestion ? { kind: 'set', path: at, value: suggestion, title: `Change to "${suggestion}"` } : undefined,
    );
  } else if (shape.type === 'array') {
    let item = 0;
    for (let child = tree.firstChild(index); child >= 0; child = tree.nextSiblings[child]) {
      path.push(item++);
      checkValue(ctx, tree, shape.items, child, path);
      path.pop();
    }
  } else if (shape.type === 'object') {
    checkObject(ctx, tree, shape, index, path);
  }
}

const PROPERTIES = new WeakMap<Shape, Map<string, Shape>>();
/** The last shape asked for and its Map: the items of an array (20,000 sensors) ask for one shape in a row. */
let lastShape: Shape | undefined;
let lastProperties: Map<string, Shape> | undefined;

/** An object shape's properties as a Map: a lookup by a key string fresh from the parser then needs no property access by name. */
function propertiesOf(shape: Extract<Shape, { type: 'object' }>): Map<string, Shape> {
  if (shape === lastShape && lastProperties) return lastProperties;
  let properties = PROPERTIES.get(shape);
  if (!properties) {
    properties = new Map(Object.entries(shape.properties));
    PROPERTIES.set(shape, properties);
  }
  lastShape = shape;
  lastProperties = properties;
  return properties;
}

/** Whether a value needs no further look: a string where any string will do (a sensor's name and host). */
function plainStringMatch(shape: Shape, tree: JsonTree, index: number): boolean {
  return shape.type === 'string' && !shape.enum && tree.kinds[index] === Kind.String;
}

/** The keys present in an object node. */
function presentKeys(tree: JsonTree, index: number): Set<string> {
  const present = new Set<string>();
  for (let property = tree.firstChild(index); property >= 0; property = tree.nextSiblings[property]) {
    const key = tree.firstChild(property);
    if (key >= 0) present.add(tree.stringAt(key));
  }
  return present;
}

/**
 * ATP102 for a key the shape does not know, with the closest known key not yet present. Its own function: closures
 * here would make every checkObject call allocate a context for `present` (40 bytes per sensor object).
 */
function reportUnknown(
  ctx: RuleContext,
  tree: JsonTree,
  shape: Extract<Shape, { type: 'object' }>,
  keyIndex: number,
  key: string,
  path: JsonPath,
  present: Set<string>,
): void {
  const known = Object.keys(shape.properties);
  const alias = shape.aliases?.[key.toLowerCase()];
  const suggestion =
    alias !== undefined
      ? present.has(alias)
        ? undefined
        : alias
      : closest(
          key,
          known.filter((k) => !present.has(k) && k !== '$schema'),
        );
  const at = [...path];
  ctx.report(
    'ATP102',
    tree.node(keyIndex),
    `Unknown property "${key}" in ${pathText(at)}${suggestion ? `: did you mean "${suggestion}"?` : `; known properties: ${known.filter((k) => k !== '$schema').join(', ')}.`}`,
    suggestion ? { kind: 'renameKey', path: [...at, key], to: suggestion, title: `Rename to "${suggestion}"` } : undefined,
  );
}

function checkObject(ctx: RuleContext, tree: JsonTree, shape: Extract<Shape, { type: 'object' }>, index: number, path: JsonPath): void {
  let present: Set<string> | undefined;
  const properties = propertiesOf(shape);
  for (let property = tree.firstChild(index); property >= 0; property = tree.nextSiblings[property]) {
    const keyIndex = tree.firstChild(property);
    if (keyIndex < 0) continue;
    const key = tree.stringAt(keyIndex);
    const propertyShape = properties.get(key);
    if (!propertyShape) {
      present ??= presentKeys(tree, index);
      reportUnknown(ctx, tree, shape, keyIndex, key, path, present);
      continue;
    }
    const valueIndex = tree.nextSiblings[keyIndex];
    if (valueIndex >= 0 && !plainStringMatch(propertyShape, tree, valueIndex)) {
      path.push(key);
      checkValue(ctx, tree, propertyShape, valueIndex, path);
      path.pop();
    }
  }
  // region is required only where it selects endpoints: the 2018 guidance in the commercial cloud (also the default).
  const regionRequired = path.length === 0 && ctx.guidance === '2018' && (ctx.manifest.cloud === undefined || ctx.manifest.cloud.value === 'commercial');
  if (!shape.required?.length && !regionRequired) return;
  const required = [...(shape.required ?? []), ...(regionRequired ? ['region'] : [])];
  present ??= presentKeys(tree, index);
  for (const key of required) {
    if (present.has(key)) continue;
    const at = [...path];
    ctx.report(
      'ATP101',
      missingMemberAnchor(tree, index),
      `${at.length === 0 ? 'The manifest' : pathText(at)} is missing the required member "${key}": ${shape.properties[key].description}`,
      key === 'version' ? { kind: 'set', path: [...at, key], value: 1, title: 'Add "version": 1' } : undefined,
    );
  }
}

/**
 * Where a member missing from the object at `index` is reported, as VS Code's JSON language service does: the key of
 * the member that holds the object ("firewall"), or the object's `{` (the root, an object inside an array) — one
 * line of squiggle, not the whole object.
 */
function missingMemberAnchor(tree: JsonTree, index: number): Node {
  const parent = tree.parents[index];
  if (parent >= 0 && tree.kinds[parent] === Kind.Property && tree.firstChild(parent) >= 0) return tree.node(tree.firstChild(parent));
  return { type: 'object', offset: tree.offsets[index], length: 1 };
}

/** ATP101 (types, enums, required members, version) and ATP102 (unknown properties) from the manifest shape. */
export function checkShape(ctx: RuleContext): void {
  const tree = ctx.manifest.tree;
  if (!tree || tree.root < 0) return;
  if (tree.kinds[tree.root] !== Kind.Object) {
    ctx.report(
      'ATP101',
      tree.node(tree.root),
      `A manifest is a JSON object with "version", "instance", "proxy" and "firewall", not ${typeName(tree, tree.root)}.`,
    );
    return;
  }
  checkObject(ctx, tree, MANIFEST_SHAPE as Extract<Shape, { type: 'object' }>, tree.root, []);
}
