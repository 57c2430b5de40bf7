import { onlineManager } from '@tanstack/react-query';
import { act, screen, waitFor } from '@testing-library/react';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

describe('ServerStatusBanner', () => {
  it('says so when the server cannot be reached', async () => {
    mockApi({
      'GET /api/health': () => {
        throw new TypeError('Failed to fetch');
      },
    });
    renderApp('/signin');

    expect(await screen.findByText("Can't reach the Arena server.")).toBeInTheDocument();
  });

  it('goes away once the server answers again', async () => {
    let up = false;
    mockApi({
      'GET /api/health': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return jsonResponse(200, { status: 'ok' });
      },
    });
    const { user } = renderApp('/signin');
    await screen.findByText("Can't reach the Arena server.");

    up = true;
    await user.click(screen.getByRole('button', { name: 'Try now' }));

    await waitFor(() =>
      expect(screen.queryByText("Can't reach the Arena server.")).not.toBeInTheDocument(),
    );
  });

  it("reports a database that isn't answering", async () => {
    mockApi({ 'GET /api/health': () => jsonResponse(503, { status: 'unavailable' }) });
    renderApp('/signin');

    expect(await screen.findByText("Arena's database isn't answering.")).toBeInTheDocument();
  });

  it('says so when the browser goes offline', async () => {
    mockApi({});
    renderApp('/signin');
    await screen.findByRole('heading', { name: 'Sign in' });

    act(() => onlineManager.setOnline(false));
    try {
      expect(await screen.findByText("You're offline.")).toBeInTheDocument();
    } finally {
      act(() => onlineManager.setOnline(true));
    }
    expect(screen.queryByText("You're offline.")).not.toBeInTheDocument();
  });

  it('shows nothing while the server is healthy', async () => {
    const fetchMock = mockApi({});
    renderApp('/signin');

    await screen.findByRole('heading', { name: 'Sign in' });
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'Try now' })).not.toBeInTheDocument();
  });
});
