import type { Connection } from '@arena/contracts';
import { screen } from '@testing-library/react';
import { sessionStore } from '../../../shared/api/session-store';
import { buildMe } from '../../../../test/build-me';
import { jsonResponse } from '../../../../test/json-response';
import { mockApi } from '../../../../test/mock-api';
import { renderApp } from '../../../../test/render-app';

const csvConnection: Connection = {
  id: 'c9',
  name: 'Spreadsheets',
  kind: 'csv',
  status: 'active',
  mapping: [
    {
      id: 'rows',
      object: '*',
      activityType: 'call',
      activityTypeField: 'type',
      timeField: 'occurredAt',
      ownerEmailField: 'email',
    },
  ],
  settings: {},
  credentialsSet: [],
  webhookUrl: null,
  sync: null,
  createdAt: '2026-12-01T10:00:00.000Z',
  health: {
    state: 'waiting',
    summary: 'Nothing received yet',
    lastReceivedAt: null,
    lastScoredAt: null,
    lagSeconds: null,
    recordsLastHour: 0,
    errorsLastDay: 0,
    unmatched: 0,
    queued: 0,
  },
};

describe('CsvImportPanel', () => {
  it('maps the file’s columns and lists every bad line of a refused file', async () => {
    sessionStore.start('token-1');
    let mapping: unknown = null;
    let sentCsv = '';
    mockApi({
      'GET /api/me': () => jsonResponse(200, buildMe({ user: { role: 'admin' } })),
      'GET /api/connections/c9': () => jsonResponse(200, csvConnection),
      'GET /api/connections/c9/deliveries': () =>
        jsonResponse(200, { items: [], total: 0, limit: 50, offset: 0 }),
      'GET /api/connections/c9/unmatched': () => jsonResponse(200, []),
      'GET /api/users': () => jsonResponse(200, { items: [], total: 0, limit: 1000, offset: 0 }),
      'PATCH /api/connections/c9': ({ body }) => {
        mapping = (body as { mapping: unknown }).mapping;
        return jsonResponse(200, { ...csvConnection, generatedCredentials: {} });
      },
      'POST /api/connections/c9/imports': ({ body }) => {
        sentCsv = String(body);
        return sentCsv.includes('nap')
          ? jsonResponse(400, {
              statusCode: 400,
              code: 'import_rejected',
              error: 'Bad Request',
              message: 'Nothing was imported: 1 problems.',
              errors: [{ field: 'rows.3.Kind', messages: ['there is no activity type "nap"'] }],
            })
          : jsonResponse(202, {
              id: 'i1',
              connectionId: 'c9',
              fileName: 'f.csv',
              status: 'queued',
              rows: 2,
              processed: 0,
              recorded: 0,
              unmatched: 0,
              error: null,
              createdAt: '2026-12-04T10:00:00Z',
              finishedAt: null,
            });
      },
    });
    const { user } = renderApp('/admin/connections/c9');
    const input = (await screen.findByLabelText('CSV file')) as HTMLInputElement;
    const file = new File(
      [
        'Kind,When,"Rep email"\ncall,2026-12-01T10:00:00Z,a@x.test\nnap,2026-12-01T10:00:00Z,a@x.test\n',
      ],
      'f.csv',
      { type: 'text/csv' },
    );
    await user.upload(input, file);
    await user.selectOptions(await screen.findByLabelText('Rep’s email'), 'Rep_email');
    await user.selectOptions(screen.getByLabelText('Activity type'), 'Kind');
    await user.selectOptions(screen.getByLabelText('When it happened'), 'When');
    await user.click(screen.getByRole('button', { name: 'Check the file' }));
    expect(
      await screen.findByText('Line 3, Kind: there is no activity type "nap"'),
    ).toBeInTheDocument();
    expect(mapping).toEqual([
      {
        id: 'rows',
        object: '*',
        activityType: 'call',
        activityTypeField: 'Kind',
        timeField: 'When',
        ownerEmailField: 'Rep_email',
      },
    ]);
    expect(sentCsv).toContain('nap,');
  });
});
