import { mergeFieldErrors, unsafeInputErrors } from './input-text';

describe('unsafeInputErrors', () => {
  it('names every string with a control character, keeping tab, newline and return', () => {
    const body = JSON.parse(
      '{"name":"ok\\t\\n\\r","rules":[{"note":"a\\u0000b"},{"note":"fine"},{"key":"x\\u007f"}],"bell":"\\u0007"}',
    );
    expect(
      unsafeInputErrors(body)
        .map((e) => e.field)
        .sort(),
    ).toEqual(['bell', 'rules.0.note', 'rules.2.key']);
  });

  it('refuses prototype keys at any depth, like unknown fields', () => {
    const body = JSON.parse('{"__proto__":{"x":1},"a":[{"constructor":1}],"b":{"prototype":2}}');
    expect(unsafeInputErrors(body)).toEqual(
      expect.arrayContaining([
        { field: '__proto__', messages: ['__proto__ should not exist'] },
        { field: 'a.0.constructor', messages: ['constructor should not exist'] },
        { field: 'b.prototype', messages: ['prototype should not exist'] },
      ]),
    );
  });

  it('names a path parameter by its name', () => {
    expect(unsafeInputErrors('abc\u0000', 'id')).toEqual([
      { field: 'id', messages: ['id must not contain control characters (such as NUL)'] },
    ]);
  });
});

describe('mergeFieldErrors', () => {
  it('keeps one entry per field with the messages of both', () => {
    expect(
      mergeFieldErrors(
        [{ field: 'a', messages: ['one'] }],
        [
          { field: 'a', messages: ['two', 'one'] },
          { field: 'b', messages: ['three'] },
        ],
      ),
    ).toEqual([
      { field: 'a', messages: ['one', 'two'] },
      { field: 'b', messages: ['three'] },
    ]);
  });
});
