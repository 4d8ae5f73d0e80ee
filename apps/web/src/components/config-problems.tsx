// What the page shows instead of the app when /config.js is missing or invalid: each
// problem names the variable to fix, and where it is set.
export function ConfigProblems({ problems }: { problems: readonly string[] }) {
  return (
    <main className="page">
      <h1>Pixy is not configured</h1>
      <div role="alert" className="notice error">
        <p>The configuration this page was served with (/config.js) is not valid:</p>
        <ul>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
        <p>
          Set these variables where the SPA is served (see docs/deploy.md), or in .env for{' '}
          <code>pnpm dev</code>, and reload.
        </p>
      </div>
    </main>
  );
}
