// What a manager opens first: headline numbers, freshness of the data, exposure by product (rules on demand)
// and the trend — with points from day one, so a single day is a dot and a number, not an empty line.
import { age, fmtDate, fmtInt, pct } from '../format';
import { hrefOf } from '../state/route';
import type { GetResult } from '../api/client';
import { Card, Empty, Page, Pill, useLoad, useReady, useSession } from '../ui/core';

type Summary = GetResult<'/api/v1/exposure/summary'>;
type Trend = GetResult<'/api/v1/exposure/trend'>;
type Sources = GetResult<'/api/v1/sources'>;
type Source = Sources extends (infer S)[] ? S : never;

export function OverviewPage() {
  const { api } = useSession();
  const loaded = useLoad('overview', () =>
    Promise.all([
      api.get('/api/v1/exposure/summary'),
      api.get('/api/v1/exposure/trend', { query: { days: 90 } }),
      api.get('/api/v1/sources'),
    ]),
  );
  const [summary, trend, sources] = loaded.data ?? [];
  useReady('overview', !!loaded.data);
  return (
    <Page title="Overview" loading={loaded.loading && !loaded.data} error={loaded.error}>
      {summary && sources && trend && (
        <>
          <Freshness sources={sources} />
          <Headline summary={summary} />
          <div class="two">
            <section>
              <h2>Exposure by product</h2>
              <ByProduct summary={summary} />
            </section>
            <section>
              <h2>Last 90 days</h2>
              <TrendChart trend={trend} />
            </section>
          </div>
        </>
      )}
    </Page>
  );
}

function Freshness({ sources }: { sources: Sources }) {
  if (!sources.length)
    return (
      <Empty>
        No source is connected yet, so nothing is known about any device.{' '}
        <a href="#/sources">Add an Intune or Jamf source</a> to start.
      </Empty>
    );
  return (
    <ul class="freshness" aria-label="Last sync per source">
      {sources.map((s: Source) => {
        const failed = s.lastRun && s.lastRun.status !== 'succeeded' && s.lastRun.status !== 'running';
        return (
          <li key={s.id} class={failed ? 'bad' : s.lastSucceededAt ? 'ok' : 'warn'}>
            <a href={hrefOf('sources', s.id)}>{s.name}</a>{' '}
            <span class="muted">
              {s.lastRun?.status === 'running' ? 'syncing now' : `synced ${age(s.lastSucceededAt)}`}
            </span>
            {failed && s.lastRun && <Pill value={s.lastRun.status} />}
          </li>
        );
      })}
    </ul>
  );
}

function Headline({ summary }: { summary: Summary }) {
  const c = summary.coverage;
  const oldest = summary.dataAsOf.map((d) => d.lastSucceededAt).sort()[0] ?? null;
  return (
    <div class="cards">
      <a class="card-link" href={hrefOf('exposures', null, { status: 'open' })}>
        <Card
          label="Exposed devices"
          value={summary.exposedDevices}
          tone={summary.exposedDevices ? 'bad' : 'ok'}
          testid="exposed-devices"
        />
      </a>
      <a class="card-link" href={hrefOf('exposures', null, { status: 'open' })}>
        <Card label="Open exposures" value={summary.exposures} testid="exposures" />
      </a>
      <a class="card-link" href={hrefOf('exposures', null, { overdue: 'true' })}>
        <Card
          label="Overdue"
          value={summary.overdueExposures}
          tone={summary.overdueExposures ? 'bad' : undefined}
          testid="overdue-exposures"
        />
      </a>
      <a class="card-link" href={hrefOf('exposures', null, { status: 'open', standing: 'review' })}>
        <Card label="For review" value={summary.reviewExposures} tone="warn" testid="review-exposures" />
      </a>
      <a class="card-link" href={hrefOf('exposures', null, { status: 'excepted' })}>
        <Card label="Excepted" value={summary.exceptedExposures} testid="excepted-exposures" />
      </a>
      <a class="card-link" href={hrefOf('devices', null, { stale: 'true' })}>
        <Card
          label="Coverage"
          value={pct(c.coveredDevices, c.devices)}
          testid="coverage"
          hint={`${fmtInt(c.coveredDevices)} of ${fmtInt(c.devices)} devices · data ${age(oldest)}`}
          tone={c.staleDevices + c.neverReportedDevices ? 'warn' : undefined}
        />
      </a>
    </div>
  );
}

function ByProduct({ summary }: { summary: Summary }) {
  if (!summary.byProduct.length)
    return <Empty>No banned or watched software found on any synced device.</Empty>;
  const rules = new Map(summary.byRule.map((r) => [r.ruleId, r]));
  return (
    <div class="products" data-testid="by-product">
      {summary.byProduct.map((p) => (
        <details class="product" key={p.productId}>
          <summary>
            <span class="product-name">{p.productName}</span> <Pill value={p.severity} />
            <span class="counts">
              {fmtInt(p.exposedDevices)} device(s) · {fmtInt(p.overdueExposures)} overdue ·{' '}
              {fmtInt(p.reviewExposures)} for review
              {p.nextDueAt ? ` · next due ${fmtDate(p.nextDueAt)}` : ''}
            </span>
          </summary>
          <p class="product-link">
            <a href={hrefOf('exposures', null, { product: p.productId, status: 'open' })}>
              Open exposures of {p.productName}
            </a>
          </p>
          <ul class="rules">
            {p.rules.map((r) => (
              <li key={r.id}>
                <a href={hrefOf('exposures', null, { product: p.productId, rule: r.id, status: 'open' })}>
                  {r.id}
                </a>{' '}
                <Pill value={r.standing} /> <span class="muted">{rules.get(r.id)?.title ?? ''}</span>
              </li>
            ))}
          </ul>
        </details>
      ))}
    </div>
  );
}

/** Exposed devices per day as points joined by a line; one day reads as a point with its value. */
export function TrendChart({ trend }: { trend: Trend }) {
  const points = trend.points;
  if (!points.length)
    return <Empty>The trend starts with the first exposure computation after a sync.</Empty>;
  const W = 560;
  const H = 180;
  const pad = 28;
  const max = Math.max(1, ...points.map((p) => Math.max(p.exposedDevices, p.overdueExposures)));
  const x = (i: number) => (points.length === 1 ? W / 2 : pad + (i * (W - 2 * pad)) / (points.length - 1));
  const y = (v: number) => H - pad - (v * (H - 2 * pad)) / max;
  const line = (key: 'exposedDevices' | 'overdueExposures') =>
    points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const last = points[points.length - 1];
  return (
    <figure class="trend" data-testid="trend-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Exposed devices per day: ${fmtInt(last.exposedDevices)} on ${last.day}`}
      >
        <line class="axis" x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} />
        <text class="tick" x={pad} y={H - 8}>
          {points[0].day}
        </text>
        {points.length > 1 && (
          <text class="tick end" x={W - pad} y={H - 8}>
            {last.day}
          </text>
        )}
        <text class="tick" x={4} y={y(max) + 4}>
          {fmtInt(max)}
        </text>
        <path class="series exposed" d={line('exposedDevices')} />
        <path class="series overdue" d={line('overdueExposures')} />
        {points.map((p, i) => (
          <g key={p.day}>
            <circle class="dot exposed" cx={x(i)} cy={y(p.exposedDevices)} r={points.length > 30 ? 2 : 4}>
              <title>
                {p.day}: {fmtInt(p.exposedDevices)} exposed device(s), {fmtInt(p.newExposures)} new,{' '}
                {fmtInt(p.resolvedExposures)} resolved, {fmtInt(p.overdueExposures)} overdue
              </title>
            </circle>
            <circle class="dot overdue" cx={x(i)} cy={y(p.overdueExposures)} r={points.length > 30 ? 2 : 3} />
          </g>
        ))}
      </svg>
      <figcaption>
        <span class="key exposed">Exposed devices</span> <span class="key overdue">Overdue exposures</span> ·{' '}
        {fmtInt(last.exposedDevices)} exposed on {last.day} ({fmtInt(last.newExposures)} new,{' '}
        {fmtInt(last.resolvedExposures)} resolved that day)
      </figcaption>
    </figure>
  );
}
