/**
 * What the app remembers about permissions it could not get, per account, for the life
 * of the tab (sessionStorage, like MSAL's cache): the scopes the user was refused, and
 * the scopes an interactive request was already started for. Remembering both is what
 * makes "ask once, then explain" possible: the app never sends the user back to the
 * identity provider for a scope it was just refused, so there is no redirect loop.
 */
import { isScope, type Scope } from '@pixy/auth-contract';

interface Remembered {
  /** Scopes the user was refused (consent denied, or the API said insufficient_scope). */
  denied: Record<string, Scope[]>;
  /** Scopes an interactive (redirect) request was started for and not yet granted. */
  asked: Record<string, Scope[]>;
}

const storageKey = 'pixy.permissions';

export class PermissionMemory {
  private readonly listeners = new Set<() => void>();
  private snapshot: Remembered;

  constructor(private readonly storage: Storage | undefined = globalThis.sessionStorage) {
    this.snapshot = this.load();
  }

  /** Whether the account was refused the scope. */
  isDenied(accountId: string, scope: Scope): boolean {
    return this.snapshot.denied[accountId]?.includes(scope) ?? false;
  }

  /** Whether an interactive request for the scope was already started. */
  wasAsked(accountId: string, scope: Scope): boolean {
    return this.snapshot.asked[accountId]?.includes(scope) ?? false;
  }

  /** The scope an interactive request was started for, if any (to explain a refusal). */
  askedScopes(accountId: string): readonly Scope[] {
    return this.snapshot.asked[accountId] ?? [];
  }

  deny(accountId: string, scope: Scope): void {
    this.update((state) => ({
      denied: add(state.denied, accountId, scope),
      asked: remove(state.asked, accountId, scope),
    }));
  }

  markAsked(accountId: string, scope: Scope): void {
    this.update((state) => ({ ...state, asked: add(state.asked, accountId, scope) }));
  }

  /** The interactive request never left (it failed before navigating): nothing was asked. */
  unmarkAsked(accountId: string, scope: Scope): void {
    this.update((state) => ({ ...state, asked: remove(state.asked, accountId, scope) }));
  }

  /**
   * An interactive request came back refused: every scope it asked for is denied.
   * Returns them (empty when the refused request was a plain sign-in).
   */
  refuseAsked(): Scope[] {
    const refused = new Set<Scope>();
    this.update((state) => {
      let denied = state.denied;
      for (const [id, scopes] of Object.entries(state.asked)) {
        for (const scope of scopes) {
          denied = add(denied, id, scope);
          refused.add(scope);
        }
      }
      return { denied, asked: {} };
    });
    return [...refused];
  }

  /** The scope was granted after all: forget that it was asked for or refused. */
  grant(accountId: string, scope: Scope): void {
    this.forget(accountId, scope);
  }

  /** Forgets what happened with one scope (the user chose to be asked again). */
  forget(accountId: string, scope: Scope): void {
    if (!this.isDenied(accountId, scope) && !this.wasAsked(accountId, scope)) return;
    this.update((state) => ({
      denied: remove(state.denied, accountId, scope),
      asked: remove(state.asked, accountId, scope),
    }));
  }

  /** Forgets everything, or everything about one account (sign-out). */
  clear(accountId?: string): void {
    this.update((state) => {
      if (accountId === undefined) return { denied: {}, asked: {} };
      const { [accountId]: _denied, ...denied } = state.denied;
      const { [accountId]: _asked, ...asked } = state.asked;
      return { denied, asked };
    });
  }

  /** For useSyncExternalStore. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private update(change: (state: Remembered) => Remembered): void {
    this.snapshot = change(this.snapshot);
    try {
      this.storage?.setItem(storageKey, JSON.stringify(this.snapshot));
    } catch {
      // Storage full or blocked: remembering for this page's life is still correct.
    }
    for (const listener of this.listeners) listener();
  }

  private load(): Remembered {
    try {
      const parsed = JSON.parse(this.storage?.getItem(storageKey) ?? 'null') as unknown;
      if (parsed && typeof parsed === 'object') {
        const { denied, asked } = parsed as Partial<Remembered>;
        return { denied: onlyScopes(denied), asked: onlyScopes(asked) };
      }
    } catch {
      // Unreadable: start empty.
    }
    return { denied: {}, asked: {} };
  }
}

function add(map: Record<string, Scope[]>, id: string, scope: Scope): Record<string, Scope[]> {
  const scopes = map[id] ?? [];
  return scopes.includes(scope) ? map : { ...map, [id]: [...scopes, scope] };
}

function remove(map: Record<string, Scope[]>, id: string, scope: Scope): Record<string, Scope[]> {
  const scopes = map[id];
  if (!scopes?.includes(scope)) return map;
  return { ...map, [id]: scopes.filter((s) => s !== scope) };
}

function onlyScopes(value: unknown): Record<string, Scope[]> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([id, scopes]) => [
      id,
      Array.isArray(scopes) ? scopes.filter(isScope) : [],
    ]),
  );
}

/** The app's one memory, shared by the token source, the API client and the UI. */
export const permissionMemory = new PermissionMemory();
