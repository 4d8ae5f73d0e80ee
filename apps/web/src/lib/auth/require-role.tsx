// A route that needs an app role, used in the route table inside <RequireSignIn>. The
// user's roles come from /api/me (app roles defined on the API are in the API's access
// token, not in the SPA's ID token). Showing the page is a courtesy: the API enforces the
// role whatever this says. Loaded with the pages that talk to the API (TanStack Query).
import type { AppRole } from '@pixy/auth-contract';
import type { ReactNode } from 'react';
import { PageHeading } from '../../components/page-heading';
import { ErrorMessage, Loading } from '../../components/status-message';
import { useMe } from './use-me';

export default function RequireRole(props: { role: AppRole; title: string; children: ReactNode }) {
  const me = useMe();
  if (me.isSuccess && me.data.roles.includes(props.role)) return props.children;
  return (
    <section className="page">
      <PageHeading>{props.title}</PageHeading>
      {me.isPending ? (
        <Loading>Checking your app roles…</Loading>
      ) : me.isError ? (
        <ErrorMessage error={me.error} onRetry={() => void me.refetch()} />
      ) : (
        <div className="notice warning" role="status">
          <p>
            You need the app role <strong>{props.role}</strong> to see this page. An administrator
            assigns it to users in the API's app registration (Enterprise applications → Users and
            groups); it then appears in the <code>roles</code> claim of the API's access tokens.
          </p>
        </div>
      )}
    </section>
  );
}
