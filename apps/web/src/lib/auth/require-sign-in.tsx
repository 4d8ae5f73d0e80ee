// A route that needs a signed-in user, used in the route table (app/routes.tsx). Signed
// out, it explains and offers "Sign in", which comes back to this same page
// (redirectStartPage) — never an automatic redirect (as msal-react's
// MsalAuthenticationTemplate would start), so a failing sign-in cannot bounce the user
// back and forth. While MSAL starts or handles a redirect, it says so.
import type { ReactNode } from 'react';
import { PageHeading } from '../../components/page-heading';
import { Loading } from '../../components/status-message';
import { SignInButton } from './sign-in-button';
import { useSignedInAccount } from './use-signed-in-account';

export function RequireSignIn({ title, children }: { title: string; children: ReactNode }) {
  const { account, starting } = useSignedInAccount();
  if (account) return children;
  if (starting) return <Loading>Checking your sign-in…</Loading>;
  return (
    <section className="page">
      <PageHeading>{title}</PageHeading>
      <p>Sign in to see this page. You will come back here afterwards.</p>
      <SignInButton />
    </section>
  );
}
