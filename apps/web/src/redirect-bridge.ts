// The redirect bridge page (/redirect.html): passes the authorization response in this
// frame's URL back to the main window's MSAL, which is waiting for it during silent
// (iframe) and popup requests. Without it, those requests time out after 10 seconds.
import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

broadcastResponseToMainFrame().catch((error: unknown) => {
  // Opened directly, without a response to pass on: nothing to do but say so.
  const message = error instanceof Error ? error.message : String(error);
  document.body.textContent = `This page only relays sign-in responses to Pixy (${message}).`;
});
