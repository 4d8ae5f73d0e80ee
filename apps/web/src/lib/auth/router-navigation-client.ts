/**
 * Lets MSAL navigate inside the app through React Router instead of reloading the page:
 * after a redirect comes back to `/`, MSAL "navigates" to the page the user started on
 * (redirectStartPage), and this turns that into a client-side route change.
 */
import { NavigationClient, type NavigationOptions } from '@azure/msal-browser';

type Navigate = (to: string, options: { replace: boolean }) => unknown;

export class RouterNavigationClient extends NavigationClient {
  private navigate: Navigate | undefined;

  /** Connects the router once it exists; until then, URLs are changed in place. */
  attach(navigate: Navigate): void {
    this.navigate = navigate;
  }

  override navigateInternal(url: string, options: NavigationOptions): Promise<boolean> {
    const target = new URL(url, window.location.href);
    const path = `${target.pathname}${target.search}${target.hash}`;
    if (this.navigate) {
      void this.navigate(path, { replace: options.noHistory });
    } else if (options.noHistory) {
      // Before the first render (redirect handling): the router will start on this URL.
      window.history.replaceState(window.history.state, '', path);
    } else {
      window.history.pushState(null, '', path);
    }
    // false: "no page load happened", so MSAL handles the response right away.
    return Promise.resolve(false);
  }
}
