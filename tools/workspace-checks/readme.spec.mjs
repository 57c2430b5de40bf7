import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));
const read = (file) => readFileSync(`${workspaceRoot}/${file}`, 'utf8');

describe('README', () => {
  it("lists every package.json script in its Scripts table, and no script that doesn't exist", () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
    const readme = read('README.md');
    const section = readme.slice(
      readme.indexOf('## Scripts'),
      readme.indexOf('\n## ', readme.indexOf('## Scripts') + 1),
    );
    const listed = [...section.matchAll(/^\| `npm (?:run )?([\w:-]+)`/gm)].map((match) => match[1]);
    expect([...listed].sort()).toEqual([...scripts].sort());
  });
});
