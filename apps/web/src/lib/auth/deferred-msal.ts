/**
 * A stand-in for MSAL's PublicClientApplication while its code loads. MSAL is about half
 * of the SPA's JavaScript, and the first render does not need it: the page, the
 * navigation and everything that does not depend on who is signed in can show at once.
 * So <MsalProvider> gets this object from the first render. Until the real instance is
 * attached (start-auth.ts, loaded beside the first render) it reports what msal-react
 * expects during start-up — no accounts — and keeps the event callbacks msal-react
 * registers; then every call goes to the real instance, and `initialize()` resolves once
 * the app's own start-up (initialize, the redirect response) is done.
 */
import type {
  AccountInfo,
  AuthenticationResult,
  AuthorizationCodeRequest,
  BrowserConfiguration,
  ClearCacheRequest,
  EndSessionPopupRequest,
  EndSessionRequest,
  EventCallbackFunction,
  EventType,
  HandleRedirectPromiseOptions,
  INavigationClient,
  IPublicClientApplication,
  Logger,
  PerformanceCallbackFunction,
  PopupRequest,
  RedirectRequest,
  SilentRequest,
  SsoSilentRequest,
  WrapperSKU,
} from '@azure/msal-browser';

type AccountFilter = Parameters<IPublicClientApplication['getAccount']>[0];

interface Registration {
  readonly callback: EventCallbackFunction;
  readonly eventTypes: EventType[] | undefined;
  /** The id the real instance gave it, once attached. */
  realId?: string | null;
}

export class DeferredMsal implements IPublicClientApplication {
  private msal: IPublicClientApplication | undefined;
  private readonly registrations = new Map<string, Registration>();
  private wrapper: { sku: WrapperSKU; version: string } | undefined;
  private nextId = 0;
  private readonly started: Promise<unknown>;
  private markStarted!: (started: Promise<unknown>) => void;

  constructor(private logger: Logger) {
    this.started = new Promise((resolve) => (this.markStarted = resolve));
  }

  /**
   * The real instance has loaded: the callbacks registered so far move to it, then
   * `start` runs (MSAL's initialize and redirect handling), so they see its events.
   */
  attach(msal: IPublicClientApplication, start: () => Promise<unknown>): void {
    this.msal = msal;
    if (this.wrapper) msal.initializeWrapperLibrary(this.wrapper.sku, this.wrapper.version);
    for (const registration of this.registrations.values()) {
      registration.realId = msal.addEventCallback(registration.callback, registration.eventTypes);
    }
    this.markStarted(start());
  }

  /** The real instance, or an error for a call that cannot wait and has no start-up answer. */
  private now(method: string): IPublicClientApplication {
    if (this.msal) return this.msal;
    throw new Error(`MSAL is still loading: ${method}() cannot be called yet.`);
  }

  private async later(): Promise<IPublicClientApplication> {
    await this.started;
    return this.now('await');
  }

  // What msal-react asks during start-up: nobody is signed in yet.
  getAllAccounts(accountFilter?: AccountFilter): AccountInfo[] {
    return this.msal ? this.msal.getAllAccounts(accountFilter) : [];
  }
  getActiveAccount(): AccountInfo | null {
    return this.msal ? this.msal.getActiveAccount() : null;
  }
  getAccount(accountFilter: AccountFilter): AccountInfo | null {
    return this.msal ? this.msal.getAccount(accountFilter) : null;
  }
  getLogger(): Logger {
    return this.msal ? this.msal.getLogger() : this.logger;
  }
  setLogger(logger: Logger): void {
    this.logger = logger;
    this.msal?.setLogger(logger);
  }
  initializeWrapperLibrary(sku: WrapperSKU, version: string): void {
    this.wrapper = { sku, version };
    this.msal?.initializeWrapperLibrary(sku, version);
  }
  addEventCallback(callback: EventCallbackFunction, eventTypes?: EventType[]): string | null {
    const id = `deferred-${++this.nextId}`;
    const registration: Registration = { callback, eventTypes };
    if (this.msal) registration.realId = this.msal.addEventCallback(callback, eventTypes);
    this.registrations.set(id, registration);
    return id;
  }
  removeEventCallback(callbackId: string): void {
    const realId = this.registrations.get(callbackId)?.realId;
    this.registrations.delete(callbackId);
    if (realId) this.msal?.removeEventCallback(realId);
  }

  // Calls that wait for the real instance to have started.
  async initialize(): Promise<void> {
    await this.later();
  }
  async handleRedirectPromise(
    options?: HandleRedirectPromiseOptions,
  ): Promise<AuthenticationResult | null> {
    return (await this.later()).handleRedirectPromise(options);
  }
  async acquireTokenSilent(request: SilentRequest): Promise<AuthenticationResult> {
    return (await this.later()).acquireTokenSilent(request);
  }
  async acquireTokenRedirect(request: RedirectRequest): Promise<void> {
    return (await this.later()).acquireTokenRedirect(request);
  }
  async acquireTokenPopup(request: PopupRequest): Promise<AuthenticationResult> {
    return (await this.later()).acquireTokenPopup(request);
  }
  async acquireTokenByCode(request: AuthorizationCodeRequest): Promise<AuthenticationResult> {
    return (await this.later()).acquireTokenByCode(request);
  }
  async loginRedirect(request?: RedirectRequest): Promise<void> {
    return (await this.later()).loginRedirect(request);
  }
  async loginPopup(request?: PopupRequest): Promise<AuthenticationResult> {
    return (await this.later()).loginPopup(request);
  }
  async logoutRedirect(request?: EndSessionRequest): Promise<void> {
    return (await this.later()).logoutRedirect(request);
  }
  async logoutPopup(request?: EndSessionPopupRequest): Promise<void> {
    return (await this.later()).logoutPopup(request);
  }
  async ssoSilent(request: SsoSilentRequest): Promise<AuthenticationResult> {
    return (await this.later()).ssoSilent(request);
  }
  async hydrateCache(
    result: AuthenticationResult,
    request: SilentRequest | SsoSilentRequest | RedirectRequest | PopupRequest,
  ): Promise<void> {
    return (await this.later()).hydrateCache(result, request);
  }
  async clearCache(request?: ClearCacheRequest): Promise<void> {
    return (await this.later()).clearCache(request);
  }

  // Calls the app makes only once someone is signed in, so after start-up.
  setActiveAccount(account: AccountInfo | null): void {
    this.now('setActiveAccount').setActiveAccount(account);
  }
  setNavigationClient(navigationClient: INavigationClient): void {
    this.now('setNavigationClient').setNavigationClient(navigationClient);
  }
  getConfiguration(): BrowserConfiguration {
    return this.now('getConfiguration').getConfiguration();
  }
  addPerformanceCallback(callback: PerformanceCallbackFunction): string {
    return this.now('addPerformanceCallback').addPerformanceCallback(callback);
  }
  removePerformanceCallback(callbackId: string): boolean {
    return this.now('removePerformanceCallback').removePerformanceCallback(callbackId);
  }
}
