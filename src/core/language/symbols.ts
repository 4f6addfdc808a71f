import { Node } from 'jsonc-parser';
import { parseJsonc } from '../manifest/parse';

/** An outline entry (offsets into the text). */
export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';
  offset: number;
  length: number;
  selectionOffset: number;
  selectionLength: number;
  children: OutlineSymbol[];
}

function kindOf(node: Node): OutlineSymbol['kind'] {
  return node.type === 'property' ? 'object' : node.type;
}

function summary(node: Node): string | undefined {
  if (node.type === 'array') return `${node.children?.length ?? 0} item${node.children?.length === 1 ? '' : 's'}`;
  if (node.type === 'object') return undefined;
  return String(node.value);
}

function itemName(node: Node, index: number): string {
  if (node.type === 'object') {
    const name = node.children?.find((p) => p.children?.[0]?.value === 'name')?.children?.[1];
    if (name?.type === 'string') return String(name.value);
  }
  return node.type === 'string' ? String(node.value) : `[${index}]`;
}

function childrenOf(node: Node): OutlineSymbol[] {
  if (node.type === 'object') {
    return (node.children ?? []).flatMap((property) => {
      const [key, value] = property.children ?? [];
      if (!key || !value) return [];
      return [
        {
          name: String(key.value),
          detail: summary(value),
          kind: kindOf(value),
          offset: property.offset,
          length: property.length,
          selectionOffset: key.offset,
          selectionLength: key.length,
          children: childrenOf(value),
        },
      ];
    });
  }
  if (node.type === 'array') {
    return (node.children ?? []).map((item, index) => ({
      name: itemName(item, index),
      kind: kindOf(item),
      offset: item.offset,
      length: item.length,
      selectionOffset: item.offset,
      selectionLength: item.length,
      children: item.type === 'object' ? childrenOf(item) : [],
    }));
  }
  return [];
}

/** The document outline: every member, with array items named by their value (sensors by name). */
export function outline(text: string): OutlineSymbol[] {
  const root = parseJsonc(text);
  return root ? childrenOf(root) : [];
}
