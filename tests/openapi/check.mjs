// Fetches the served OpenAPI document, validates it with @apidevtools/swagger-parser (OpenAPI 3.1
// JSON Schema and $ref resolution), then checks what the contract adds: unique operationIds,
// declared path parameters, resolvable local $refs, no OpenAPI 3.0 leftovers, and a documented
// permission on every operation. Writes the document to OUT_FILE for redocly.
// Usage: node check.mjs BASE_URL OUT_FILE     Exit code 1 on any failure.
import { writeFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';

const [baseUrl, outFile] = process.argv.slice(2);
const failures = [];
const warnings = [];
const fail = (msg) => failures.push(msg);

const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
if (response.status !== 200) {
  console.error(`GET /api/v1/openapi.json answered ${response.status}`);
  process.exit(1);
}
const text = await response.text();
writeFileSync(outFile, text);
const doc = JSON.parse(text);

try {
  await SwaggerParser.validate(structuredClone(doc));
} catch (e) {
  fail(`swagger-parser: ${e.message}`);
}

if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.1')) {
  fail(`openapi is ${JSON.stringify(doc.openapi)}, want 3.1.x`);
}
for (const path of ['/api/v1/openapi.json', '/health/live', '/health/ready', '/metrics', '/docs']) {
  if (!doc.paths?.[path]) fail(`path ${path} is missing`);
}

// Every local $ref resolves; no OpenAPI 3.0 idioms; no schema the generator had to replace.
const resolve = (ref) => ref.slice(2).split('/')
  .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
  .reduce((at, token) => (at == null ? undefined : at[token]), doc);
const walk = (node, where) => {
  if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}[${i}]`));
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      if (resolve(value) === undefined) fail(`${where}: $ref ${value} resolves to nothing`);
    } else if (key === 'nullable' && typeof value === 'boolean') {
      fail(`${where}: 'nullable' is OpenAPI 3.0; use type: [..., "null"]`);
    } else if (key === 'x-emporion-invalid-schema') {
      fail(`${where}: invalid schema text: ${value}`);
    }
    walk(value, `${where}/${key}`);
  }
};
walk(doc, '#');

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const ids = new Map();
let operations = 0;
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  const templateParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  for (const method of methods) {
    const op = item[method];
    if (!op) continue;
    operations++;
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.operationId) fail(`${where}: no operationId`);
    else if (ids.has(op.operationId)) fail(`${where}: operationId ${op.operationId} also on ${ids.get(op.operationId)}`);
    else ids.set(op.operationId, where);
    if (!op.summary) fail(`${where}: no summary`);

    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])]
      .map((p) => (p.$ref ? resolve(p.$ref) : p));
    const pathParams = params.filter((p) => p?.in === 'path').map((p) => p.name);
    for (const name of templateParams) {
      if (!pathParams.includes(name)) fail(`${where}: path parameter {${name}} is not declared`);
    }
    for (const name of pathParams) {
      if (!templateParams.includes(name)) fail(`${where}: parameter ${name} is not in the path`);
    }

    // A permission is documented: x-permission with security, or explicitly public.
    if (!Array.isArray(op.security)) {
      fail(`${where}: no security requirement (use [] for public operations)`);
    } else if (op.security.length === 0) {
      const allowedPublic = !path.startsWith('/api/v1/') || path === '/api/v1/openapi.json' ||
        path === '/api/v1/auth/token' || path.startsWith('/api/v1/storefront/');
      if (!allowedPublic) warnings.push(`${where}: public (no credentials needed)`);
    } else {
      const permission = op['x-permission'];
      if (typeof permission !== 'string' || permission === '') {
        fail(`${where}: secured but no x-permission`);
      } else if (!(op.description ?? '').includes(permission === 'authenticated' ? 'authentication' : permission)) {
        fail(`${where}: the description does not name the permission ${permission}`);
      } else if (permission !== 'authenticated' && !/^[a-z][a-z0-9-]*:[a-z][a-z0-9-]*$/.test(permission)) {
        fail(`${where}: x-permission '${permission}' is not <module>:<action>`);
      }
      for (const code of ['401']) {
        if (!op.responses?.[code]) fail(`${where}: secured but no ${code} response`);
      }
    }
  }
}

for (const w of warnings) console.log(`warning: ${w}`);
for (const f of failures) console.log(`FAIL: ${f}`);
console.log(`openapi ${doc.openapi}: ${Object.keys(doc.paths ?? {}).length} paths, ${operations} operations, ` +
  `${Object.keys(doc.components?.schemas ?? {}).length} schemas; ${failures.length} failure(s)`);
process.exit(failures.length === 0 ? 0 : 1);
