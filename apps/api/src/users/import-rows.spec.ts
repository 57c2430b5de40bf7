import { USER_IMPORT_MAX_ROWS } from '@arena/contracts';
import { checkImportBody } from './import-rows';

describe('checkImportBody', () => {
  it('trims and lower-cases like the DTO rules, and keeps absent values absent', () => {
    const { rows, errors } = checkImportBody(
      { users: [{ name: '  Ada  ', email: ' Ada@Example.TEST ', team: ' North ', teamId: null }] },
      'users',
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      {
        name: 'Ada',
        email: 'ada@example.test',
        role: undefined,
        teamId: null,
        team: 'North',
        competes: undefined,
        password: undefined,
      },
    ]);
  });

  it('names every bad field of every row under the prefix', () => {
    const { errors } = checkImportBody(
      {
        users: [
          {
            name: '',
            email: 'nope',
            role: 'boss',
            teamId: 'x',
            competes: 'yes',
            password: 'short',
          },
          'not a row',
          { name: 'Ok', email: 'ok@example.test', password: ' '.repeat(9), extra: 1 },
          { name: 'Nul\u0000', email: 'n@example.test' },
        ],
      },
      'rows',
    );
    expect(errors.map((error) => error.field)).toEqual([
      'rows.0.name',
      'rows.0.email',
      'rows.0.role',
      'rows.0.teamId',
      'rows.0.competes',
      'rows.0.password',
      'rows.1',
      'rows.2.extra',
      'rows.2.password',
      'rows.3.name',
    ]);
  });

  it('refuses a body that is not a list of at most the maximum rows', () => {
    const field = (body: unknown) => checkImportBody(body, 'users').errors.map((e) => e.field);
    expect(field(null)).toEqual(['users']);
    expect(field({ users: [] })).toEqual(['users']);
    expect(field({ users: [{}], more: 1 })).toEqual(['more']);
    const many = Array.from({ length: USER_IMPORT_MAX_ROWS + 1 }, () => ({}));
    expect(checkImportBody({ users: many }, 'users').errors[0].messages).toEqual([
      `users may hold at most ${USER_IMPORT_MAX_ROWS} items`,
    ]);
  });
});
