// Colour on a terminal; none with NO_COLOR, TERM=dumb, or when piped — checked on the real binary
// (a child process, piped, and under `script` for a pseudo-terminal).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { useColor } from '../../src/cli/style.js';
import { inProcess, run, TOKEN } from './_kit.js';

const ESC = '\x1b[';
// the compiled CLI beside the compiled tests (npm run test:compile builds src/ too)
const cli = fileURLToPath(new URL('../../src/cli/index.js', import.meta.url));

function binary(args: string[], env: Record<string, string>, pty: boolean): string {
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env };
  const r = pty
    ? // script(1) gives the child a pseudo-terminal; -e: its exit status, -q: no banner
      spawnSync('script', ['-qec', [process.execPath, cli, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
        env: base,
        encoding: 'utf8',
        timeout: 30_000,
      })
    : spawnSync(process.execPath, [cli, ...args], { env: base, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('wxmp: colour', () => {
  it('useColor: a TTY, unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it', () => {
    const tty = { isTTY: true };
    assert.equal(useColor(tty, {}), true);
    assert.equal(useColor({ isTTY: false }, {}), false);
    assert.equal(useColor(undefined, {}), false);
    assert.equal(useColor(tty, { NO_COLOR: '1' }), false);
    assert.equal(useColor(tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count');
    assert.equal(useColor(tty, { TERM: 'dumb' }), false);
    assert.equal(useColor({}, { FORCE_COLOR: '1' }), true);
    assert.equal(useColor(tty, { FORCE_COLOR: '1', NO_COLOR: '1' }), false);
    assert.equal(useColor({}, { FORCE_COLOR: '0' }), false);
  });
  it('main() colours what it is told to colour, and nothing else', async () => {
    const w = inProcess(() => ({ msgType: 'text', content: 'hi' }));
    const coloured = await run(['simulate', '--token', TOKEN, 'text', 'x'], { fetch: w.fetch, color: { stdout: true } });
    assert.ok(coloured.out.includes(`${ESC}36m→${ESC}39m`) && coloured.out.includes(`${ESC}32m←${ESC}39m`));
    const failed = await run(['simulate', '--token', TOKEN, 'text', 'x'], { fetch: async () => new Response('', { status: 404 }), color: { stderr: true } });
    assert.ok(failed.err.includes(`${ESC}31mwxmp:${ESC}39m`) && failed.err.includes(`${ESC}33mhint:${ESC}39m`));
    assert.ok(!failed.out.includes(ESC), 'stdout was not told to colour');
    const usage = await run(['simulate'], { color: { stderr: true } });
    assert.ok(usage.err.startsWith(`${ESC}31mwxmp:`));
    const plain = await run(['simulate', '--token', TOKEN, 'text', 'x'], { fetch: w.fetch });
    assert.ok(!plain.out.includes(ESC) && !plain.err.includes(ESC));
  });
  it('the binary: colour on a terminal, none when piped or with NO_COLOR', { timeout: 60_000 }, () => {
    const onTty = binary(['simulate', 'events'], {}, true);
    assert.ok(onTty.includes(`${ESC}1mSCAN`), 'bold event names on a terminal');
    assert.ok(!binary(['simulate', 'events'], { NO_COLOR: '1' }, true).includes(ESC), 'NO_COLOR');
    assert.ok(!binary(['simulate', 'events'], { TERM: 'dumb' }, true).includes(ESC), 'TERM=dumb');
    const piped = binary(['simulate', 'events'], {}, false);
    assert.match(piped, /subscribe_msg_popup_event/);
    assert.ok(!piped.includes(ESC), 'piped');
  });
});
