// "Your tokens": the ID token and the access token the app holds, decoded, beside what
// the API made of the access token (/api/me). Refresh tokens are never shown: MSAL keeps
// them, and nothing else needs to see one.
import { useAccount } from '@azure/msal-react';
import { Scopes } from '@pixy/auth-contract';
import { PageHeading } from '../../../components/page-heading';
import { ErrorMessage, Loading } from '../../../components/status-message';
import { useMe } from '../../../lib/auth/use-me';
import { useAccessToken } from '../api/use-access-token';
import { GraphProfileView } from './graph-profile-view';
import { TokenView } from './token-view';

/** The route table renders it for signed-in users only (<RequireSignIn>). */
export default function TokensPage() {
  const account = useAccount();
  const accessToken = useAccessToken(Scopes.TasksRead);
  return (
    <section className="page wide">
      <PageHeading>Your tokens</PageHeading>
      <div className="notice info">
        <p>
          <strong>Decoding is not verifying.</strong> A token's header and claims are only
          base64url-encoded JSON: anyone can read them, and anyone can write a token that decodes to
          anything. This page decodes your tokens to show what is inside; it checks nothing.{' '}
          <strong>The API verifies</strong> every access token it receives: the signature with the
          issuer's published key named by <code>kid</code>, then the issuer, the audience, the
          expiry, and the scope or app role the route needs.
        </p>
      </div>
      <div className="tokens-grid">
        <div className="tokens-column">
          {account?.idToken ? (
            <TokenView
              title="ID token"
              about="Issued to this app (its aud is the SPA's client ID) to say who signed in. The app reads your name from it; it is never sent to the API."
              token={account.idToken}
            />
          ) : (
            <p className="card">MSAL holds no ID token for this account.</p>
          )}
          {accessToken.isPending ? (
            <Loading>Getting the access token…</Loading>
          ) : accessToken.isError ? (
            <ErrorMessage error={accessToken.error} onRetry={() => void accessToken.refetch()} />
          ) : (
            <TokenView
              title={`Access token (${Scopes.TasksRead})`}
              about="Issued for the API (its aud is the API's client ID). The app only attaches it to API calls as a bearer token; the API is the one that checks it."
              token={accessToken.data}
            />
          )}
        </div>
        <div className="tokens-column">
          <ApiView />
          <GraphProfileView />
        </div>
      </div>
    </section>
  );
}

/** What the API saw: its reading of the verified access token. */
function ApiView() {
  const me = useMe();
  return (
    <section className="card api-view" aria-label="What the API saw">
      <h2>What the API saw</h2>
      <p className="muted">
        <code>GET /api/me</code>, answered by the API from the access token after verifying it. App
        roles are here because they are in the API's token, not in the ID token.
      </p>
      {me.isPending ? (
        <Loading>Asking the API…</Loading>
      ) : me.isError ? (
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <dl className="facts">
          <dt>Name</dt>
          <dd>{me.data.name ?? '—'}</dd>
          <dt>Username</dt>
          <dd>{me.data.preferredUsername ?? '—'}</dd>
          <dt>Object ID (oid)</dt>
          <dd>
            <code>{me.data.oid}</code>
          </dd>
          <dt>Tenant ID (tid)</dt>
          <dd>
            <code>{me.data.tid}</code>
          </dd>
          <dt>Scopes</dt>
          <dd>{me.data.scopes.length > 0 ? me.data.scopes.join(', ') : 'none'}</dd>
          <dt>App roles</dt>
          <dd>{me.data.roles.length > 0 ? me.data.roles.join(', ') : 'none'}</dd>
        </dl>
      )}
    </section>
  );
}
