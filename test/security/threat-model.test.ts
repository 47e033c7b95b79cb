import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildServer, routeTable } from '@qudao/server';
import { createTestContext } from '@qudao/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DOC = path.resolve(import.meta.dirname, '../../docs/security.md');
type Route = ReturnType<typeof routeTable>[number];

/** The rows of the first table under the heading `title`: each row's cells, trimmed. */
function tableUnder(markdown: string, title: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#+ /.test(l) && l.replace(/^#+ /, '').trim() === title);
  if (start < 0) throw new Error(`docs/security.md has no heading "${title}"`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^#+ /.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(
      line
        .slice(1, -1)
        .split(' | ')
        .map((c) => c.trim()),
    );
  }
  return rows.slice(2); // the header and the |---| line
}

const mark = (yes: boolean) => (yes ? '✓' : '');
const roles = (r: Route) => (r.access === 'public' ? [] : (r.access ?? []));
const opensTo = (r: Route, role: 'partner' | 'customer') =>
  (roles(r) as readonly string[]).includes(role);
const name = (r: Route) => `${r.method} ${r.url}`;

/**
 * docs/security.md's threat model lists every route open to partners, customers or anyone
 * without credentials, with the roles that may call it; these tables are checked against the
 * route table the server registers (`routeTable`), so a new route open to them, or a changed
 * access rule, fails here until the document says what it lets them do.
 */
describe('security: the threat model in docs/security.md is the route table', () => {
  let routes: Route[];
  let doc: string;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    const ctx = await createTestContext();
    const app = await buildServer(ctx);
    await app.ready();
    routes = routeTable(app);
    doc = await readFile(DOC, 'utf8');
    dispose = async () => {
      await app.close();
      await ctx.dispose();
    };
  });
  afterAll(async () => {
    await dispose?.();
  });

  const external = () => routes.filter((r) => opensTo(r, 'partner') || opensTo(r, 'customer'));
  const rowsOf = (title: string) =>
    tableUnder(doc, title).map(([route, partner, customer, rule]) => ({
      key: `${route!.replace(/`/g, '')} | ${partner} | ${customer}`,
      rule: rule ?? '',
    }));
  const keysOf = (list: Route[]) =>
    list
      .map((r) => `${name(r)} | ${mark(opensTo(r, 'partner'))} | ${mark(opensTo(r, 'customer'))}`)
      .sort();

  it('lists every write a partner or a customer may make, and what the server decides in it', () => {
    const rows = rowsOf('What partners and customers may write');
    expect(rows.map((r) => r.key).sort()).toEqual(
      keysOf(external().filter((r) => r.method !== 'GET')),
    );
    for (const row of rows) expect(row.rule.length, row.key).toBeGreaterThan(10);
  });

  it('lists every read open to a partner or a customer, and what it is narrowed to', () => {
    const rows = rowsOf('What partners and customers may read');
    expect(rows.map((r) => r.key).sort()).toEqual(
      keysOf(external().filter((r) => r.method === 'GET')),
    );
    for (const row of rows) expect(row.rule.length, row.key).toBeGreaterThan(3);
  });

  it('lists every route open without credentials', () => {
    const listed = tableUnder(doc, 'Open without credentials').map(([route]) =>
      route!.replace(/`/g, ''),
    );
    expect(listed.sort()).toEqual(
      routes
        .filter((r) => r.access === 'public')
        .map(name)
        .sort(),
    );
  });

  it('lists no route that is open to analysts for writing (analysts only read)', () => {
    const writes = routes.filter(
      (r) => r.method !== 'GET' && (roles(r) as readonly string[]).includes('analyst'),
    );
    expect(writes.map(name)).toEqual([]);
  });
});
