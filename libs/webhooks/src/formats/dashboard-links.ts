// Deep links into the dashboard for chat messages. The dashboard routes by hash (`#/<page>[/<id>][?filters]`,
// apps/api/web/src/state/route.ts); these mirror its `hrefOf`, query keys sorted, so one view has one address.

/** The dashboard URL of a page, an item of it, or a filtered list. */
export function dashboardLink(
  base: string,
  page: string,
  id?: string | null,
  query: Record<string, string | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const k of Object.keys(query).sort()) {
    const v = query[k];
    if (v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return `${base}/#/${page}${id ? `/${encodeURIComponent(id)}` : ''}${s ? `?${s}` : ''}`;
}
