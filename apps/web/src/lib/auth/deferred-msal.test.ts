import {
  EventType,
  Logger,
  WrapperSKU,
  type AccountInfo,
  type EventCallbackFunction,
  type EventMessage,
  type IPublicClientApplication,
} from '@azure/msal-browser';
import { describe, expect, it, vi } from 'vitest';
import { DeferredMsal } from './deferred-msal';

const alice = { homeAccountId: 'alice.home', username: 'alice@pixy.test' } as AccountInfo;

/** The real instance, as far as these tests need it: events, accounts, a token call. */
function realMsal() {
  const callbacks = new Map<string, EventCallbackFunction>();
  let ids = 0;
  const spies = {
    removeEventCallback: vi.fn((id: string) => void callbacks.delete(id)),
    initializeWrapperLibrary: vi.fn(),
    initialize: vi.fn(() => Promise.resolve()),
    acquireTokenSilent: vi.fn(() => Promise.resolve({ accessToken: 'token' })),
  };
  const msal = {
    ...spies,
    addEventCallback: (callback: EventCallbackFunction) => {
      const id = `real-${++ids}`;
      callbacks.set(id, callback);
      return id;
    },
    getAllAccounts: () => [alice],
    getActiveAccount: () => alice,
  } as unknown as IPublicClientApplication;
  const emit = (eventType: EventType) => {
    for (const callback of callbacks.values()) callback({ eventType } as EventMessage);
  };
  return { msal, spies, emit };
}

describe('DeferredMsal', () => {
  it('reports nobody signed in while MSAL loads', () => {
    const deferred = new DeferredMsal(new Logger({}));
    expect(deferred.getAllAccounts()).toEqual([]);
    expect(deferred.getActiveAccount()).toBeNull();
    expect(deferred.getLogger()).toBeInstanceOf(Logger);
    expect(() => deferred.setActiveAccount(alice)).toThrow(/MSAL is still loading/);
  });

  it('hands the callbacks registered early to the real instance before it starts', () => {
    const deferred = new DeferredMsal(new Logger({}));
    const seen: EventType[] = [];
    const id = deferred.addEventCallback((event) => seen.push(event.eventType))!;
    deferred.initializeWrapperLibrary(WrapperSKU.React, '5.7.1');
    const { msal, spies, emit } = realMsal();

    deferred.attach(msal, () => {
      emit(EventType.LOGIN_SUCCESS); // what a redirect response makes MSAL say
      return Promise.resolve();
    });
    deferred.removeEventCallback(id);
    emit(EventType.LOGOUT_SUCCESS);

    expect(seen).toEqual([EventType.LOGIN_SUCCESS]);
    expect(spies.initializeWrapperLibrary).toHaveBeenCalledWith(WrapperSKU.React, '5.7.1');
    expect(spies.removeEventCallback).toHaveBeenCalledWith('real-1');
    expect(deferred.getAllAccounts()).toEqual([alice]);
  });

  it('resolves initialize() and forwards calls once the start-up is done, never starting MSAL twice', async () => {
    const deferred = new DeferredMsal(new Logger({}));
    const { msal, spies } = realMsal();
    let finishStartUp!: () => void;
    const initialized = vi.fn();
    void deferred.initialize().then(initialized);
    const token = deferred.acquireTokenSilent({ account: alice, scopes: ['s'] });

    deferred.attach(msal, () => new Promise<void>((resolve) => (finishStartUp = resolve)));
    await Promise.resolve();
    expect(initialized).not.toHaveBeenCalled();
    expect(spies.acquireTokenSilent).not.toHaveBeenCalled();

    finishStartUp();
    await expect(token).resolves.toEqual({ accessToken: 'token' });
    expect(initialized).toHaveBeenCalled();
    expect(spies.initialize).not.toHaveBeenCalled(); // start-up initialized it, once
  });
});
