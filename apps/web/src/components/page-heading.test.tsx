import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { Link, MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { InitialLocationKey, PageHeading } from './page-heading';

function App() {
  const [initialKey] = useState(useLocation().key);
  return (
    <InitialLocationKey.Provider value={initialKey}>
      <Link to="/tasks">Tasks</Link>
      <Routes>
        <Route path="/" element={<PageHeading>Home</PageHeading>} />
        <Route path="/tasks" element={<PageHeading>Tasks</PageHeading>} />
      </Routes>
    </InitialLocationKey.Provider>
  );
}

describe('PageHeading', () => {
  it('leaves the focus alone on the first page, and takes it after a navigation', async () => {
    render(
      <MemoryRouter>
        <App />
      </MemoryRouter>,
    );
    expect(screen.getByRole('heading', { name: 'Home' })).not.toHaveFocus();
    expect(document.title).toBe('Home · Pixy');

    await userEvent.click(screen.getByRole('link', { name: 'Tasks' }));

    expect(screen.getByRole('heading', { name: 'Tasks', level: 1 })).toHaveFocus();
    expect(document.title).toBe('Tasks · Pixy');
  });
});
