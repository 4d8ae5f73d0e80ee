/**
 * Finishing what the user started, once, after a detour through the identity provider.
 * A claims challenge sends the page away (a step-up, a new sign-in) and brings it back
 * to the same URL as a fresh load: the click that started the action is gone. A page
 * names the action before it starts it; back on that page, `useResumableAction` runs it
 * again once, and the action forgets itself when it is done (whatever the outcome, except
 * leaving for the identity provider once more, which the claims rule stops at one).
 */
import { useCallback, useEffect, useEffectEvent } from 'react';

interface Pending {
  readonly name: string;
  readonly path: string;
  readonly at: number;
}

const storageKey = 'pixy.resume';
/** An action older than this is not finished on the way back: the user has moved on. */
const resumeWithinMs = 10 * 60_000;

export function rememberAction(name: string, storage: Storage = sessionStorage): void {
  const pending: Pending = { name, path: window.location.pathname, at: Date.now() };
  try {
    storage.setItem(storageKey, JSON.stringify(pending));
  } catch {
    // Storage blocked: the action simply is not finished after a redirect.
  }
}

/** Whether `name` was started on this page and not finished; taking it forgets it. */
export function takeAction(name: string, storage: Storage = sessionStorage): boolean {
  let pending: Partial<Pending> | null = null;
  try {
    pending = JSON.parse(storage.getItem(storageKey) ?? 'null') as Partial<Pending> | null;
  } catch {
    // unreadable: nothing pending
  }
  if (pending?.name !== name) return false;
  storage.removeItem(storageKey);
  return (
    pending.path === window.location.pathname &&
    typeof pending.at === 'number' &&
    Date.now() - pending.at < resumeWithinMs
  );
}

export function forgetAction(name: string, storage: Storage = sessionStorage): void {
  try {
    const pending = JSON.parse(storage.getItem(storageKey) ?? 'null') as Partial<Pending> | null;
    if (pending?.name === name) storage.removeItem(storageKey);
  } catch {
    // unreadable or blocked: nothing to forget
  }
}

/**
 * `run` as an action that survives a redirect: call the returned `start` on the user's
 * click; if the page is left for the identity provider and comes back, `run` runs once
 * more on mount. `run` must call `forgetAction(name)` when it settles for good.
 */
export function useResumableAction(name: string, run: () => void): () => void {
  const resume = useEffectEvent(run);
  useEffect(() => {
    if (takeAction(name)) resume();
  }, [name]);
  return useCallback(() => {
    rememberAction(name);
    run();
  }, [name, run]);
}
