// The catalog: what is banned or watched (products with their matchers), under which rules (citations, dates,
// sources), and a "why" tester — type what an MDM reports and see which matcher fires or which exclusion stops it.
import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import type { Schemas } from '../api/client';
import { fmtDate } from '../format';
import { hrefOf, type Route } from '../state/route';
import {
  describeError,
  ErrorNote,
  Field,
  Page,
  Pill,
  textOf,
  useLoad,
  useReady,
  useSession,
} from '../ui/core';
import { PLATFORMS } from '../ui/lookups';
import { DataTable } from '../ui/table';

interface Phase {
  date: string;
  status: string;
  summary: string;
}
interface Rule {
  id: string;
  title: string;
  citation: string;
  jurisdiction: string;
  kind: string;
  standing?: string;
  phases: Phase[];
  remediationDays: number | null;
  severity: string;
  source: string;
  notes?: string | null;
}
interface Product {
  id: string;
  name: string;
  vendor: string;
  ships: string[];
  ruleIds: string[];
  matchers: { id: string; platforms: string[] }[];
}

// Long because it is one page's markup, read top to bottom; its logic is in the hooks and helpers it calls.
export function CatalogPage({ route }: { route: Route }) {
  const { api } = useSession();
  const loaded = useLoad('catalog', () =>
    Promise.all([
      api.get('/api/v1/catalog'),
      api.get('/api/v1/catalog/products'),
      api.get('/api/v1/catalog/rules'),
    ]),
  );
  const [summary, productsRaw, rulesRaw] = loaded.data ?? [];
  useReady('catalog', !!summary);
  const products = (productsRaw ?? []) as unknown as Product[];
  const rules = (rulesRaw ?? []) as unknown as Rule[];
  const ruleFilter = route.query.rule;
  const shownRules = ruleFilter ? rules.filter((r) => r.id === ruleFilter) : rules;
  const shownProducts = ruleFilter ? products.filter((p) => p.ruleIds.includes(ruleFilter)) : products;
  return (
    <Page title="Catalog" loading={loaded.loading && !summary} error={loaded.error}>
      <WhyTester />
      {summary && (
        <>
          <p class="muted">
            Catalog version {(summary as { version: string }).version}: {products.length} products,{' '}
            {rules.length} rules.
            {ruleFilter && (
              <>
                {' '}
                Showing rule {ruleFilter} and its products. <a href="#/catalog">Show everything</a>.
              </>
            )}
          </p>
          <h2>Rules</h2>
          <DataTable
            rows={shownRules}
            rowKey={(r) => r.id}
            caption="Rules"
            empty="No such rule."
            columns={[
              { label: 'Rule', cell: (r) => <a href={hrefOf('catalog', null, { rule: r.id })}>{r.id}</a> },
              { label: 'Title', cell: (r) => r.title },
              {
                label: 'Citation',
                cell: (r) => (
                  <a href={r.source} rel="noreferrer noopener" target="_blank">
                    {r.citation}
                  </a>
                ),
              },
              { label: 'Where', cell: (r) => r.jurisdiction },
              {
                label: 'Kind',
                cell: (r) => (
                  <span>
                    {r.kind} {r.standing && <Pill value={r.standing} />}
                  </span>
                ),
              },
              {
                label: 'Dates',
                cell: (r) => (
                  <ul class="phases">
                    {r.phases.map((p) => (
                      <li key={p.date}>
                        {fmtDate(p.date)} {p.status}: {p.summary}
                      </li>
                    ))}
                  </ul>
                ),
              },
              { label: 'Fix within', cell: (r) => (r.remediationDays ? `${r.remediationDays} days` : '—') },
            ]}
          />
          <h2>Products</h2>
          <DataTable
            rows={shownProducts}
            rowKey={(p) => p.id}
            caption="Products"
            empty="No product."
            columns={[
              {
                label: 'Product',
                cell: (p) => (
                  <a href={hrefOf('exposures', null, { product: p.id, status: 'open' })}>{p.name}</a>
                ),
              },
              { label: 'Vendor', cell: (p) => p.vendor },
              { label: 'Ships on', cell: (p) => p.ships.join(', ') },
              { label: 'Rules', cell: (p) => p.ruleIds.join(', ') },
              {
                label: 'Matchers',
                cell: (p) => p.matchers.map((m) => `${m.id} (${m.platforms.join(', ')})`).join('; '),
              },
            ]}
          />
        </>
      )}
    </Page>
  );
}

type MatchResult = {
  matches: { productId: string; matcherId: string; explanation: string }[];
  exclusions: { matcherId?: string; explanation?: string; productId?: string }[];
};

// Long because it is one form's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function WhyTester() {
  const { api } = useSession();
  const [state, setState] = useState<{ busy: boolean; result?: MatchResult; error?: string }>({
    busy: false,
  });
  const submit = async (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const d = new FormData(e.currentTarget);
    const get = (k: string) => textOf(d.get(k)) || undefined;
    setState({ busy: true });
    try {
      const result = (await api.post('/api/v1/catalog/match', {
        body: {
          platform: get('platform') as Schemas['MatchTitleRequest']['platform'],
          name: get('name') ?? '',
          publisher: get('publisher'),
          bundleId: get('bundleId'),
          installPath: get('installPath'),
        },
      })) as unknown as MatchResult;
      setState({ busy: false, result });
    } catch (err) {
      setState({ busy: false, error: describeError(err) });
    }
  };
  const r = state.result;
  return (
    <form class="card form" onSubmit={(e) => void submit(e)} aria-labelledby="why" data-testid="why-tester">
      <h2 id="why">Why is (or isn’t) this matched?</h2>
      <p class="muted">Type what an MDM reports for an app; the catalog answers as it does during a sync.</p>
      <div class="grid">
        <Field label="Platform">
          <select name="platform">
            {PLATFORMS.map(([v, l]) => (
              <option value={v} key={v}>
                {l}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Title">
          <input name="name" required placeholder="Kaspersky Total Security" />
        </Field>
        <Field label="Publisher">
          <input name="publisher" placeholder="AO Kaspersky Lab" />
        </Field>
        <Field label="Bundle / package id">
          <input name="bundleId" placeholder="com.zhiliaoapp.musically" />
        </Field>
        <Field label="Install path">
          <input name="installPath" placeholder="/Applications/…" />
        </Field>
      </div>
      <p>
        <button type="submit" disabled={state.busy}>
          Test
        </button>
      </p>
      <div data-testid="why-result" aria-live="polite">
        {state.error && <ErrorNote>{state.error}</ErrorNote>}
        {r && !r.matches.length && !r.exclusions.length && (
          <p>No matcher fires: this title is not banned or watched.</p>
        )}
        {r?.matches.map((m) => (
          <p key={m.matcherId} class="match">
            <Pill value="match" label="Matches" /> <strong>{m.productId}</strong> — {m.explanation}
          </p>
        ))}
        {r?.exclusions.map((x, i) => (
          <p key={i} class="exclusion">
            <Pill value="excluded" label="Stopped" /> {x.explanation ?? JSON.stringify(x)}
          </p>
        ))}
      </div>
    </form>
  );
}
