// The dashboard's building blocks: data loading, the signed-in user's role, messages, pills, cards and forms.
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type ApiClient } from '../api/client';
import { fmtInt } from '../format';

export type Role = 'viewer' | 'analyst' | 'admin';
const RANK: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export interface Session {
  api: ApiClient;
  role: Role;
  name: string;
  /** Marks <main> with the page's name once its data is shown (tests and screen readers wait on it). */
  ready(page: string | null): void;
}
export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside the signed-in app');
  return s;
}

/** Whether the signed-in role may do what `needed` may: buttons a role cannot use are not shown. */
export function useCan(): (needed: Role) => boolean {
  const { role } = useSession();
  return (needed) => RANK[role] >= RANK[needed];
}

export const describeError = (err: unknown): string =>
  err instanceof ApiError ? err.describe() : err instanceof Error ? err.message : String(err);

export interface Loaded<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads `fn()` whenever `key` changes; an answer for an older key is dropped (a slow page of an old filter must
 * not replace the new one). `poll` reloads every so many ms while it returns true for the data.
 */
export function useLoad<T>(key: string, fn: () => Promise<T>, poll?: (data: T) => number | null): Loaded<T> {
  const [state, setState] = useState<{ key: string; data?: T; error: string | null; loading: boolean }>({
    key,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const pollRef = useRef(poll);
  pollRef.current = poll;
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A reload of the same data keeps it on screen meanwhile; data for another key (other filters) is not this one's.
    setState((s) => (s.key === key ? { ...s, loading: true } : { key, error: null, loading: true }));
    fnRef.current().then(
      (data) => {
        if (!live) return;
        setState({ key, data, error: null, loading: false });
        const every = pollRef.current?.(data);
        if (every) timer = setTimeout(() => setTick((t) => t + 1), every);
      },
      (err: unknown) => live && setState((s) => ({ ...s, key, error: describeError(err), loading: false })),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return {
    data: state.key === key ? state.data : undefined,
    error: state.error,
    loading: state.loading,
    reload,
  };
}

/** Marks the page ready once `when` holds (its data is on screen). */
export function useReady(page: string, when: boolean): void {
  const { ready } = useSession();
  useEffect(() => {
    ready(when ? page : null);
  }, [page, when]);
}

export function ErrorNote({ children }: { children: ComponentChildren }) {
  return (
    <div class="error" role="alert">
      {children}
    </div>
  );
}

export function StatusNote({ children }: { children: ComponentChildren }) {
  return (
    <div class="status" role="status">
      {children}
    </div>
  );
}

export function Pill({ value, label }: { value: string; label?: string }) {
  return <span class={`pill ${value.toLowerCase()}`}>{label ?? value}</span>;
}

export function Card(props: {
  label: string;
  value: number | string;
  tone?: string;
  testid?: string;
  hint?: string;
}) {
  return (
    <div class={`card ${props.tone ?? ''}`} data-testid={props.testid}>
      <div class="l">{props.label}</div>
      <div class="n">{typeof props.value === 'number' ? fmtInt(props.value) : props.value}</div>
      {props.hint && <div class="hint">{props.hint}</div>}
    </div>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A page's frame: its title, actions at the right, and a loading or error line while its data comes. */
export function Page(props: {
  title: string;
  actions?: ComponentChildren;
  loading?: boolean;
  error?: string | null;
  children?: ComponentChildren;
}) {
  return (
    <section class="page">
      <div class="page-head">
        <h1>{props.title}</h1>
        <div class="actions">{props.actions}</div>
      </div>
      {props.error && <ErrorNote>{props.error}</ErrorNote>}
      {props.loading && !props.error && <p class="muted loading">Loading…</p>}
      {props.children}
    </section>
  );
}

/**
 * Runs an action of a button or form: while it runs the button is busy, its failure is shown next to it (named
 * by the API's message and field), its success message too.
 */
export function useAction(): {
  busy: boolean;
  error: string | null;
  field: string | null;
  done: string | null;
  run: (fn: () => Promise<string | void>) => Promise<void>;
  clear: () => void;
} {
  const [state, setState] = useState({
    busy: false,
    error: null as string | null,
    field: null as string | null,
    done: null as string | null,
  });
  const run = async (fn: () => Promise<string | void>) => {
    setState({ busy: true, error: null, field: null, done: null });
    try {
      const done = await fn();
      setState({ busy: false, error: null, field: null, done: done ?? null });
    } catch (err) {
      setState({
        busy: false,
        error: describeError(err),
        field: err instanceof ApiError ? (err.field ?? null) : null,
        done: null,
      });
    }
  };
  return { ...state, run, clear: () => setState({ busy: false, error: null, field: null, done: null }) };
}

export function Outcome({ action }: { action: { error: string | null; done: string | null } }) {
  if (action.error) return <ErrorNote>{action.error}</ErrorNote>;
  if (action.done) return <StatusNote>{action.done}</StatusNote>;
  return null;
}

/**
 * A select's options with one chosen at first. Form controls here are uncontrolled (what a person typed or chose
 * survives a re-render, e.g. when an error shows); the form is read on submit.
 */
export function Options({ options, selected }: { options: [string, string][]; selected?: string | null }) {
  return (
    <>
      {options.map(([v, label]) => (
        <option value={v} key={v} selected={v === selected}>
          {label}
        </option>
      ))}
    </>
  );
}

/**
 * A button that runs one API action through `act` (which shows its outcome and reloads the page); with `confirm`, only
 * after the person agrees.
 */
export function RunButton(props: {
  act: (fn: () => Promise<string | void>) => void;
  run: () => Promise<string | void>;
  busy: boolean;
  tone?: 'secondary' | 'danger';
  confirm?: string;
  children: ComponentChildren;
}) {
  return (
    <button
      type="button"
      class={props.tone ?? 'secondary'}
      disabled={props.busy}
      onClick={() => (!props.confirm || confirm(props.confirm)) && props.act(props.run)}
    >
      {props.children}
    </button>
  );
}

/** A labelled form control; `invalid` marks it when the API named this field as wrong. */
export function Field(props: {
  label: string;
  hint?: string;
  invalid?: boolean;
  children: ComponentChildren;
}) {
  return (
    <label class={`field${props.invalid ? ' invalid' : ''}`}>
      <span class="label">{props.label}</span>
      {props.children}
      {props.hint && <span class="hint">{props.hint}</span>}
    </label>
  );
}

/** A form field's text, trimmed ('' when absent or a file). */
export const textOf = (v: FormDataEntryValue | null): string => (typeof v === 'string' ? v.trim() : '');

/** Reads a form's named controls as strings (checkboxes as 'true'/'false'). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    const input = el as HTMLInputElement;
    if (!input.name) continue;
    out[input.name] = input.type === 'checkbox' ? String(input.checked) : input.value.trim();
  }
  return out;
}

/** A text shown once (a new key or secret) with a copy button; it is not kept anywhere. */
export function ShownOnce({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="once" role="status">
      <p>
        <strong>{label}</strong> It is shown only now: store it before leaving this page.
      </p>
      <code data-testid="shown-once">{value}</code>{' '}
      <button
        type="button"
        onClick={() =>
          void navigator.clipboard?.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
