// The first page: what Pixy is, and the way in.
import { Link } from 'react-router';
import { PageHeading } from '../../../components/page-heading';
import { useActiveAccount } from '../../auth/api/use-active-account';
import { SignInButton } from '../../auth/components/sign-in-button';

export function HomePage() {
  const account = useActiveAccount();
  return (
    <section className="page">
      <PageHeading>Pixy</PageHeading>
      <p className="lead">
        A reference app: this page signs you in with Microsoft Entra ID (authorization code flow
        with PKCE, through MSAL) and calls an API that checks every access token it receives.
      </p>
      {account ? (
        <div className="card">
          <p>
            Signed in as <strong>{account.name ?? account.username}</strong> ({account.username}).
          </p>
          <p>
            Manage your <Link to="/tasks">tasks</Link>, or look inside{' '}
            <Link to="/tokens">your tokens</Link> to see what the identity provider issued and what
            the API made of it.
          </p>
        </div>
      ) : (
        <div className="card">
          <p>
            Sign in to manage your tasks. Signing in asks only to read your tasks; Pixy asks for
            permission to change them the first time you do.
          </p>
          <SignInButton />
        </div>
      )}
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
