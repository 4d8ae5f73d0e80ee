/**
 * Lets MSAL navigate inside the app through React Router instead of reloading the page:
 * after a redirect comes back to `/`, MSAL "navigates" to the page the user started on
 * (redirectStartPage), and this turns that into a client-side route change.
 */
import { NavigationClient, type NavigationOptions } from '@azure/msal-browser';

type Navigate = (to: string, options: { replace: boolean }) => unknown;

export class RouterNavigationClient extends NavigationClient {
  private navigate: Navigate | undefined;
  /** Where MSAL went before the router was connected, for a router that may have missed it. */
  private missed: string | undefined;

  /**
   * Connects the router once it is mounted; until then, URLs are changed in place. MSAL
   * starts beside the first render, so it may have moved the URL after the router read
   * it and before this call: the router is taken there too.
   */
  attach(navigate: Navigate): void {
    this.navigate = navigate;
    if (this.missed !== undefined) void navigate(this.missed, { replace: true });
    this.missed = undefined;
  }

  override navigateInternal(url: string, options: NavigationOptions): Promise<boolean> {
    const target = new URL(url, window.location.href);
    const path = `${target.pathname}${target.search}${target.hash}`;
    if (this.navigate) {
      void this.navigate(path, { replace: options.noHistory });
    } else {
      // Before the router is connected: a router not created yet starts on this URL.
      if (options.noHistory) window.history.replaceState(window.history.state, '', path);
      else window.history.pushState(null, '', path);
      this.missed = path;
    }
    // false: "no page load happened", so MSAL handles the response right away.
    return Promise.resolve(false);
  }
}
