// The first page: what Pixy is, and the way in.
import { AuthenticatedTemplate, UnauthenticatedTemplate, useAccount } from '@azure/msal-react';
import { Link } from 'react-router';
import { PageHeading } from '../../../components/page-heading';
import { SignInButton } from '../../../lib/auth/sign-in-button';

export function HomePage() {
  return (
    <section className="page">
      <PageHeading>Pixy</PageHeading>
      <p className="lead">
        A reference app: this page signs you in with Microsoft Entra ID (authorization code flow
        with PKCE, through MSAL) and calls an API that checks every access token it receives.
      </p>
      <AuthenticatedTemplate>
        <SignedInCard />
      </AuthenticatedTemplate>
      <UnauthenticatedTemplate>
        <div className="card">
          <p>
            Sign in to manage your tasks. Signing in asks only to read your tasks; Pixy asks for
            permission to change them the first time you do.
          </p>
          <SignInButton />
        </div>
      </UnauthenticatedTemplate>
      <h2>What happens</h2>

      <ol className="steps">
        <li>
          <strong>Sign in</strong> sends you to the identity provider with a PKCE code challenge.
        </li>
        <li>It sends you back with a one-time code, which MSAL exchanges for tokens.</li>
        <li>
          Each API call carries an access token for the scope it needs; the API verifies the
          signature, issuer, audience and scope before it answers.
        </li>
      </ol>
    </section>
  );
}

function SignedInCard() {
  const account = useAccount();
  if (!account) return null;
  return (
    <div className="card">
      <p>
        Signed in as <strong>{account.name ?? account.username}</strong> ({account.username}).
      </p>
      <p>
        Manage your <Link to="/tasks">tasks</Link>, or look inside{' '}
        <Link to="/tokens">your tokens</Link> to see what the identity provider issued and what the
        API made of it.
      </p>
    </div>
  );
}
