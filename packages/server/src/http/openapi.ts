import { z } from 'zod';
import { type Api, api } from '../contract/index.ts';
import { ErrorBodySchema, type RouteContract } from '../shared/contract.ts';

type JsonSchema = Record<string, unknown>;
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
  [key: string]: unknown;
}

/**
 * The OpenAPI 3.1 document of the whole API, generated from the wire contract (zod's own
 * JSON Schema conversion; OpenAPI 3.1 schemas are JSON Schema 2020-12). Named schemas
 * (`.meta({ id })`) become components, so the document reads like the code.
 */
export function buildOpenApi(version: string, contract: Api = api): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      reused: 'inline',
    }) as JsonSchema;
    delete json.$schema;
    const defs = (json.$defs ?? {}) as Record<string, JsonSchema>;
    delete json.$defs;
    // Request bodies see a schema's input side (defaults make fields optional): own names.
    const suffix = io === 'input' ? 'Input' : '';
    for (const [id, def] of Object.entries(defs))
      components[id + suffix] = refsToComponents(def, suffix);
    return refsToComponents(json, suffix);
  };
  const paths: OpenApiDocument['paths'] = {};
  for (const [domain, routes] of Object.entries(contract)) {
    for (const [name, spec] of Object.entries(routes) as [string, RouteContract][]) {
      const path = spec.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      paths[path] ??= {};
      paths[path][spec.method.toLowerCase()] = operation(domain, name, spec, convert);
    }
  }
  convert(ErrorBodySchema, 'output'); // registers the ErrorBody component
  return {
    openapi: '3.1.0',
    info: {
      title: 'Qudao API',
      version,
      description:
        'Every error answers `{"error": {"code", "message"}}` with a stable code. Owner routes take the owner token; partners, admins and analysts access tokens; customers API keys — all as `Authorization: Bearer …`.',
    },
    paths,
    components: {
      schemas: components,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function operation(
  domain: string,
  name: string,
  spec: RouteContract,
  convert: (schema: z.ZodType, io: 'input' | 'output') => JsonSchema,
) {
  const parameters: unknown[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
    ['header', spec.headers],
  ] as const) {
    if (!schema) continue;
    const json = convert(schema, 'input');
    const required = new Set((json.required as string[] | undefined) ?? []);
    for (const [key, value] of Object.entries((json.properties ?? {}) as Record<string, unknown>)) {
      parameters.push({
        name: key,
        in: where,
        required: where === 'path' || required.has(key),
        schema: value,
      });
    }
  }
  const bodyContent: Record<string, unknown> = {};
  if (spec.body) bodyContent['application/json'] = { schema: convert(spec.body, 'input') };
  for (const type of spec.bodyTypes ?? []) bodyContent[type] ??= { schema: {} };
  const status = String(spec.status ?? 200);
  const success =
    spec.status === 204
      ? { description: 'done' }
      : {
          description: 'success',
          content: {
            [spec.produces ?? 'application/json']: {
              schema: spec.produces
                ? {
                    type: 'string',
                    ...(spec.produces.startsWith('text/') ? {} : { format: 'binary' }),
                  }
                : convert(spec.response, 'output'),
              // Server-sent events: each event's schema, as OpenAPI 3.2's `itemSchema` names it.
              ...(spec.produces === 'text/event-stream'
                ? { itemSchema: convert(spec.response, 'output') }
                : {}),
            },
          },
        };
  const error = {
    description: 'an error with a stable code',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
  };
  return {
    operationId: `${domain}.${name}`,
    tags: [domain],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.access === 'public' ? { security: [] } : { security: [{ bearer: [] }] }),
    'x-qudao-access': spec.access,
    ...(parameters.length ? { parameters } : {}),
    ...(Object.keys(bodyContent).length ? { requestBody: { content: bodyContent } } : {}),
    responses: { [status]: success, default: error },
  };
}

function refsToComponents(schema: JsonSchema, suffix: string): JsonSchema {
  const text = JSON.stringify(schema).replace(
    /"#\/\$defs\/([^"]+)"/g,
    (_, id: string) => `"#/components/schemas/${id}${suffix}"`,
  );
  return JSON.parse(text) as JsonSchema;
}
