// A page that needs a signed-in user. Signed out, it explains and offers "Sign in",
// which comes back to this same page (redirectStartPage) — no automatic redirect, so
// a failing sign-in can never bounce the user back and forth.
import type { ReactNode } from 'react';
import { PageHeading } from '../../../components/page-heading';
import { useActiveAccount } from '../api/use-active-account';
import { SignInButton } from './sign-in-button';

export function RequireSignIn({ title, children }: { title: string; children: ReactNode }) {
  const account = useActiveAccount();
  if (account) return children;
  return (
    <section className="page">
      <PageHeading>{title}</PageHeading>
      <p>Sign in to see this page. You will come back here afterwards.</p>
      <SignInButton />
    </section>
  );
}
