// The Interdict dashboard: sign in with an API key, then every page over the REST API. Values from the API are
// rendered as text by Preact (never as HTML): device and software names come from MDMs and are untrusted.
import { render, type TargetedEvent } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiClient, sessionKeys } from './api/client';
import { parseRoute, type Route } from './state/route';
import { describeError, ErrorNote, SessionContext, textOf, type Role, type Session } from './ui/core';
import { PAGES, type PageDef } from './pages';

const api = new ApiClient(sessionKeys(sessionStorage));

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => {
      // Marks for timing a view in the browser (bench/dashboard.bench.ts): from here to "interdict:ready:<page>".
      performance.mark('interdict:route');
      setRoute(parseRoute(location.hash));
    };
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}

interface Who {
  role: Role;
  name: string;
}

// Who the key belongs to, kept beside it for this tab: a reload renders at once and checks the key meanwhile (one
// round trip less before the first page asks for its data).
const WHO_KEY = 'interdict.who';
function remember(who: Who | null): void {
  if (who) sessionStorage.setItem(WHO_KEY, JSON.stringify(who));
  else sessionStorage.removeItem(WHO_KEY);
}
function recall(): Who | null {
  if (!api.keys.get()) return null;
  try {
    const who = JSON.parse(sessionStorage.getItem(WHO_KEY) ?? 'null') as Who | null;
    return who && ['viewer', 'analyst', 'admin'].includes(who.role) ? who : null;
  } catch {
    return null;
  }
}

function Login({ onSignedIn }: { onSignedIn: (who: Who) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    const key = textOf(new FormData(e.currentTarget).get('apiKey'));
    setBusy(true);
    setError(null);
    try {
      const res = await api.raw('get', '/api/v1/auth/me', undefined, key);
      const me = (await res.json()) as { role: Role; name?: string };
      api.keys.set(key);
      onSignedIn({ role: me.role, name: me.name ?? me.role });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card login" onSubmit={(e) => void submit(e)}>
      <h1>Sign in</h1>
      <p class="muted">
        Paste an API key. It is kept in this browser tab only. The first start of Interdict prints an admin
        key; <code>npm run create-key</code> makes more, and an admin can create them under API keys.
      </p>
      <label class="field">
        <span class="label">API key</span>
        <input type="password" name="apiKey" placeholder="idk_…" autocomplete="off" required />
      </label>
      {error && <ErrorNote>{error}</ErrorNote>}
      <p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </p>
    </form>
  );
}

function Nav({ pages, current }: { pages: PageDef[]; current: string }) {
  return (
    <nav id="nav" aria-label="Pages">
      {pages.map((p) => (
        <a
          key={p.id}
          href={`#/${p.id}`}
          data-page={p.id}
          class={p.id === current ? 'active' : undefined}
          aria-current={p.id === current ? 'page' : undefined}
        >
          {p.title}
        </a>
      ))}
    </nav>
  );
}

// Long because it is one app frame's markup, read top to bottom; its logic is in the hooks and helpers it calls.
function App() {
  const route = useRoute();
  const [who, setWhoState] = useState<Who | null>(recall);
  const setWho = (next: Who | null) => {
    remember(next);
    setWhoState(next);
  };
  const [checking, setChecking] = useState(() => api.keys.get() !== null && !who);
  const [ready, setReady] = useState<string | null>(null);
  useEffect(() => {
    api.onUnauthorized = () => setWho(null);
    if (!api.keys.get()) return;
    // The key is checked on every load (a revoked key signs out; a changed role shows).
    api
      .get('/api/v1/auth/me')
      .then((me) => setWho({ role: me.role, name: me.name ?? me.role }))
      // A refused key signs out (onUnauthorized); a network failure leaves the page as it is.
      .catch(() => undefined)
      .finally(() => setChecking(false));
  }, []);
  const session = useMemo<Session | null>(
    () =>
      who
        ? {
            api,
            role: who.role,
            name: who.name,
            ready: (page: string | null) => {
              if (page) performance.mark(`interdict:ready:${page}`);
              setReady(page);
            },
          }
        : null,
    [who],
  );
  const rank = { viewer: 0, analyst: 1, admin: 2 } as const;
  const visible = who ? PAGES.filter((p) => rank[who.role] >= rank[p.role]) : [];
  const page = visible.find((p) => p.id === route.page) ?? null;
  useEffect(() => {
    document.title = page ? `${page.title} · Interdict` : 'Interdict';
  }, [page]);
  return (
    <>
      <header class="top">
        <a class="brand" href="#/overview">
          Interdict
        </a>
        {who && <Nav pages={visible} current={route.page} />}
        {who && (
          <span class="who">
            {who.name} · {who.role}
          </span>
        )}
        {who && (
          <button
            type="button"
            class="link"
            onClick={() => {
              api.keys.set(null);
              setWho(null);
            }}
          >
            Log out
          </button>
        )}
      </header>
      <main id="main" data-ready={who ? (ready ?? undefined) : checking ? undefined : 'login'}>
        {!who && !checking && <Login onSignedIn={setWho} />}
        {session && (
          <SessionContext.Provider value={session}>
            {page ? (
              <page.view route={route} key={`${page.id}/${route.id ?? ''}`} />
            ) : (
              <ErrorNote>
                There is no page “{route.page}” for your role. <a href="#/overview">Go to the overview</a>.
              </ErrorNote>
            )}
          </SessionContext.Provider>
        )}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
