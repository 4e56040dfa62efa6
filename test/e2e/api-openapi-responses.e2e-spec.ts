import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { ExposureService } from '@interdict/exposure';
import { listRoutes } from '../../apps/api/src/common/route-inventory';
import { seedTestFleet, type TestFleet } from './api-fleet';
import { startApiTestApp, type ApiTestApp } from './api-test-app';

// The OpenAPI document is what a typed browser client is generated from (openapi-typescript): every JSON answer
// under /api/v1 must be described, and described truly — checked here against real answers.

type Schema = Record<string, unknown>;
type OpenApiAnswer = { content?: Record<string, { schema?: Schema }> };
interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, OpenApiAnswer> }>>;
  components: { schemas: Record<string, Schema> };
}

const DOC_ID = 'openapi.json';
const openApiPath = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

/**
 * The document's schemas as JSON Schema ajv reads: OpenAPI 3.0's `nullable: true` becomes `anyOf [schema, null]`
 * and local $refs point into the document registered under DOC_ID.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : toJsonSchema(v);
  }
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

/** The properties a value has that its schema does not declare, by JSON path (ajv alone lets them through). */
function undeclaredProperties(doc: OpenApiDocument, value: unknown, schema: Schema, path: string): string[] {
  const resolved = resolve(doc, schema);
  if (value === null || value === undefined) return [];
  const alternatives = [...((resolved.anyOf as Schema[]) ?? []), ...((resolved.oneOf as Schema[]) ?? [])];
  if (alternatives.length) {
    const fitting = alternatives
      .map((s) => resolve(doc, s))
      .find((s) => typeOf(value) === (s.type ?? (s.properties ? 'object' : undefined)));
    return fitting ? undeclaredProperties(doc, value, fitting, path) : [`${path}: fits no alternative`];
  }
  if (Array.isArray(value)) {
    const items = resolved.items as Schema | undefined;
    if (!items) return [`${path}: array without an items schema`];
    return value.flatMap((v, i) => undeclaredProperties(doc, v, items, `${path}[${i}]`));
  }
  if (typeof value !== 'object') return [];
  const properties = allProperties(doc, resolved);
  const extra = resolved.additionalProperties;
  return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
    const declared = properties[key] ?? (typeof extra === 'object' ? (extra as Schema) : undefined);
    if (declared) return undeclaredProperties(doc, v, declared, `${path}.${key}`);
    return extra === true ? [] : [`${path}.${key}`];
  });
}

/** An answer documented only under non-JSON media types (@ApiProduces: a report file), which is not a JSON route. */
function isFileDownload(answer: OpenApiAnswer): boolean {
  const types = Object.keys(answer.content ?? {});
  return types.length > 0 && !types.includes('application/json');
}

/** One line per undeclared property wherever it repeats (the first item that has it stands for the rest). */
function firstOfEach(paths: string[]): string[] {
  const seen = new Map<string, string>();
  for (const p of paths) if (!seen.has(p.replace(/\[\d+\]/g, '[]'))) seen.set(p.replace(/\[\d+\]/g, '[]'), p);
  return [...seen.values()].map((p) => `${p} is not declared in the schema`);
}

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  const ref = schema.$ref as string | undefined;
  if (!ref) return schema;
  const name = ref.replace(/^.*#\/components\/schemas\//, '');
  return resolve(doc, doc.components.schemas[name]);
}

function allProperties(doc: OpenApiDocument, schema: Schema): Record<string, Schema> {
  const own = (schema.properties ?? {}) as Record<string, Schema>;
  const inherited = ((schema.allOf as Schema[]) ?? []).map((s) => allProperties(doc, resolve(doc, s)));
  return Object.assign({}, ...inherited, own) as Record<string, Schema>;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value;
}

describe('the OpenAPI document describes every JSON answer under /api/v1', () => {
  let t: ApiTestApp;
  let doc: OpenApiDocument;
  let ajv: Ajv;
  let fleet: TestFleet;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startApiTestApp();
    fleet = await seedTestFleet(t.db.dataSource);
    await t.app.get(ExposureService).recompute();
    doc = (await (await fetch(`${t.url}/api/docs/openapi.json`)).json()) as OpenApiDocument;
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ $id: DOC_ID, components: toJsonSchema(doc.components) });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** The schema of the documented answer `status` of an operation, or a sentence saying why there is none. */
  function answerSchema(method: string, template: string, status: number): Schema | string {
    const operation = doc.paths[template]?.[method.toLowerCase()];
    if (!operation) return `${method} ${template} is not in the document`;
    const answer = operation.responses[String(status)];
    if (!answer) return `${method} ${template} documents no ${status} answer`;
    return (
      answer.content?.['application/json']?.schema ?? `${method} ${template} ${status} has no JSON schema`
    );
  }

  it('gives every /api/v1 operation a JSON schema for its success answer, under the status it really answers', () => {
    const discovery = t.app.get(DiscoveryService);
    const scanner = t.app.get(MetadataScanner);
    const statusOf = new Map<string, number>();
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || !wrapper.metatype) continue;
      for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object)) {
        const handler = instance[name] as object;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
        statusOf.set(
          `${wrapper.metatype.name}.${name}`,
          declared ?? (method === RequestMethod.POST ? 201 : 200),
        );
      }
    }
    const routes = listRoutes(t.app).filter((r) => r.path.startsWith('/api/v1/'));
    expect(routes.length).toBeGreaterThan(40);
    const missing: string[] = [];
    for (const r of routes) {
      const status = statusOf.get(`${r.controller}.${r.handler}`)!;
      const template = openApiPath(r.path);
      const responses = doc.paths[template]?.[r.method.toLowerCase()]?.responses ?? {};
      const documented = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
      if (documented.join() !== String(status)) {
        missing.push(
          `${r.method} ${template} answers ${status}, documents ${documented.join(', ') || 'none'}`,
        );
      } else if (
        status !== 204 &&
        !isFileDownload(responses[status]) &&
        typeof answerSchema(r.method, template, status) === 'string'
      ) {
        missing.push(answerSchema(r.method, template, status) as string);
      }
    }
    expect(missing).toEqual([]);
  });

  describe('real answers fit the document', () => {
    const validators = new Map<Schema, ValidateFunction>();

    /** Calls the route and lists where its real answer departs from the documented schema. */
    async function problemsOf(
      method: string,
      template: string,
      params: Record<string, string> = {},
      json?: unknown,
    ): Promise<string[]> {
      const path = template.replace(/\{(\w+)\}/g, (_, p: string) => encodeURIComponent(params[p]));
      const res = await t.call(path, { method, json });
      const body: unknown = res.status === 204 ? null : await res.json();
      if (res.status >= 300) return [`${method} ${path} → ${res.status} ${JSON.stringify(body)}`];
      const schema = answerSchema(method, template, res.status);
      if (typeof schema === 'string') return [schema];
      let validate = validators.get(schema);
      if (!validate) {
        validate = ajv.compile(toJsonSchema(schema) as Schema);
        validators.set(schema, validate);
      }
      const problems = validate(body)
        ? []
        : (validate.errors ?? []).map(
            (e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
          );
      return [...problems, ...firstOfEach(undeclaredProperties(doc, body, schema, '$'))].map(
        (p) => `${method} ${template}: ${p}`,
      );
    }

    beforeAll(async () => {
      const created = async (path: string, json: unknown, as: 'admin' | 'analyst' = 'admin') => {
        const res = await t.call(path, { method: 'POST', json, as });
        const body = await res.json();
        if (res.status !== 201) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
        return body.id as string;
      };
      ids.intune = await created('/api/v1/sources', {
        name: 'Contoso Intune (api)',
        kind: 'intune',
        settings: { tenantId: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555' },
        secret: 'super-secret-value-123',
        schedule: '0 */6 * * *',
      });
      ids.jamf = await created('/api/v1/sources', {
        name: 'Contoso Jamf (api)',
        kind: 'jamf',
        settings: { baseUrl: 'https://203.0.113.10/', clientId: 'c' },
        secret: 's3cret-value',
      });
      ids.exception = await created(
        '/api/v1/exceptions',
        {
          productId: 'kaspersky-endpoint-security',
          scopeType: 'serial',
          scopeValue: 'SN-PC-1',
          reason: 'Isolated lab PC',
          approvedBy: 'CISO',
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        'analyst',
      );
      ids.apiKey = await created('/api/v1/api-keys', { name: 'ci reader', role: 'viewer' });
      const [run] = await t.db.dataSource.query<{ id: string }[]>(
        `SELECT id FROM sync_run WHERE source_id = $1 ORDER BY started_at DESC LIMIT 1`,
        [fleet.intuneId],
      );
      ids.run = run.id;
      ids.device = fleet.devices['pc-1'];
      ids.mac = fleet.devices['mac-1'];
      const software = await (await t.call('/api/v1/software?q=Kaspersky', { as: 'viewer' })).json();
      ids.software = software.items[0].id;
    });

    it.each([
      ['GET', '/api/v1/devices', {}],
      ['GET', '/api/v1/devices/{id}', { id: 'device' }],
      ['GET', '/api/v1/devices/{id}', { id: 'mac' }],
      ['GET', '/api/v1/software', {}],
      ['GET', '/api/v1/software/{id}', { id: 'software' }],
      ['GET', '/api/v1/sources', {}],
      ['GET', '/api/v1/sources/{id}', { id: 'intune' }],
      ['GET', '/api/v1/sources/{id}/runs', { id: 'intune' }],
      ['GET', '/api/v1/sync-runs', {}],
      ['GET', '/api/v1/sync-runs/{id}', { id: 'run' }],
      ['GET', '/api/v1/api-keys', {}],
      ['GET', '/api/v1/api-keys/{id}', { id: 'apiKey' }],
      ['GET', '/api/v1/auth/me', {}],
      ['GET', '/api/v1/audit-log', {}],
      ['GET', '/api/v1/catalog', {}],
      ['GET', '/api/v1/catalog/vendors', {}],
      ['GET', '/api/v1/catalog/products', {}],
      ['GET', '/api/v1/catalog/rules', {}],
      ['GET', '/api/v1/exceptions', {}],
      ['GET', '/api/v1/exceptions/{id}', { id: 'exception' }],
      ['GET', '/api/v1/exposure/coverage/devices', {}],
      ['GET', '/api/v1/evidence/public-key', {}],
    ] as const)('%s %s (%j)', async (method, template, params) => {
      const concrete = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, ids[v]]));
      expect(await problemsOf(method, template, concrete)).toEqual([]);
    });

    it('GET one catalog product and one rule', async () => {
      const products = await (await t.call('/api/v1/catalog/products')).json();
      const rules = await (await t.call('/api/v1/catalog/rules')).json();
      expect([
        ...(await problemsOf('GET', '/api/v1/catalog/products/{id}', { id: products[0].id })),
        ...(await problemsOf('GET', '/api/v1/catalog/rules/{id}', { id: rules[0].id })),
      ]).toEqual([]);
    });

    it('POST catalog match and validate', async () => {
      expect([
        ...(await problemsOf(
          'POST',
          '/api/v1/catalog/match',
          {},
          {
            platform: 'windows',
            name: 'Kaspersky Endpoint Security for Windows',
            publisher: 'AO Kaspersky Lab',
          },
        )),
        ...(await problemsOf(
          'POST',
          '/api/v1/catalog/validate',
          {},
          {
            files: [{ path: 'bad.yaml', text: 'family: x\nrules: [1]\n' }],
          },
        )),
      ]).toEqual([]);
    });

    it('the writes answer as documented', async () => {
      const { intune, jamf, exception, apiKey } = ids;
      expect([
        ...(await problemsOf('PATCH', '/api/v1/sources/{id}', { id: jamf }, { enabled: false })),
        ...(await problemsOf('POST', '/api/v1/sources/{id}/sync', { id: intune })),
        ...(await problemsOf(
          'PATCH',
          '/api/v1/exceptions/{id}',
          { id: exception },
          { reason: 'Still isolated' },
        )),
        ...(await problemsOf('POST', '/api/v1/exceptions/{id}/revoke', { id: exception })),
        ...(await problemsOf('POST', '/api/v1/api-keys', {}, { name: 'another', role: 'analyst' })),
        ...(await problemsOf('POST', '/api/v1/api-keys/{id}/revoke', { id: apiKey })),
        ...(await problemsOf('DELETE', '/api/v1/sources/{id}', { id: jamf })),
      ]).toEqual([]);
    });
  });
});
