import { CLOUDS, REGIONS } from '../catalog/catalog';
import { INSTANCE_PATTERN } from './instanceName';
import { MANIFEST_SHAPE, Shape } from './shape';

type JsonSchema = Record<string, unknown>;

function convert(shape: Shape, name?: string): JsonSchema {
  const description = { description: shape.description, markdownDescription: shape.description };
  switch (shape.type) {
    case 'object': {
      const properties = Object.fromEntries(Object.entries(shape.properties).map(([key, value]) => [key, convert(value, key)]));
      return { type: 'object', ...description, properties, ...(shape.required ? { required: shape.required } : {}), additionalProperties: false };
    }
    case 'array':
      return { type: 'array', ...description, items: convert(shape.items) };
    case 'string':
      return { type: 'string', ...description, ...(shape.enum ? { enum: [...shape.enum] } : {}) };
    case 'integer':
      return { type: 'integer', ...description, ...(name === 'port' ? { default: 443 } : {}) };
    case 'boolean':
      return { type: 'boolean', ...description, default: true };
    case 'version':
      return { const: 1, ...description };
    case 'custom':
      if (name === 'cloud') return { type: 'string', enum: [...CLOUDS], default: 'commercial', ...description };
      if (name === 'region') return { type: 'string', enum: [...REGIONS], ...description };
      if (shape.values) return { type: 'string', enum: [...shape.values], ...description };
      return { type: 'string', pattern: INSTANCE_PATTERN.source, ...description };
  }
}

/** The manifest JSON Schema (draft-07) generated from the same shape the validator uses; shipped in syntaxes/. */
export function manifestJsonSchema(): JsonSchema {
  const schema = convert(MANIFEST_SHAPE);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://atp-sensor-proxy/schemas/manifest-v1.json',
    title: 'ATP sensor proxy-deployment manifest (version 1)',
    ...schema,
    // region is required only by the 2018 guidance, for the commercial cloud (also the default)
    allOf: [
      { if: { properties: { guidance: { const: '2018' } }, required: ['guidance'], not: { required: ['cloud'] } }, then: { required: ['region'] } },
      {
        if: { properties: { guidance: { const: '2018' }, cloud: { const: 'commercial' } }, required: ['guidance', 'cloud'] },
        then: { required: ['region'] },
      },
    ],
  };
}
