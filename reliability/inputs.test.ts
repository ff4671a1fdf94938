// Every file stormcheck reads is bounded and inert: a FIFO, a device or a directory is refused before
// it is opened (reading one blocks or never ends), a file too large or nested too deep is refused
// with its limit, a duration the schema bounds (bootTicks 1e15) names its field, an out-of-range
// event ordinal is refused, and no message echoes a file's content (/etc/passwd, a 10 MB string).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/captured.ts';
import { formatRecord } from '../corpus/record.ts';
import type { CounterexampleFile } from '../corpus/schema.ts';
import { presets } from '../model/index.ts';
import { canaryRecord, tempFolder } from './fixtures.ts';

const dir = tempFolder('inputs');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let record: CounterexampleFile;
let fifo = '';
beforeAll(() => {
  record = canaryRecord();
  fifo = join(dir, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
});

/** A file of `text` in the temp folder. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const fails = (err: string) => ({ code: 2, out: [], err: [`stormcheck: ${err}`] });
const tinyCheck = ['check', '--runs', '1', '--seed', '1', '--no-progress', '--out', join(dir, 'out')];

describe('files that are not regular files are refused before they are opened', () => {
  it('replay of a FIFO', async () => {
    expect(await runCli(['replay', fifo])).toEqual(fails(`${fifo}: is a FIFO, not a regular file`));
  });
  it('show of a FIFO', async () => {
    expect(await runCli(['show', fifo])).toEqual(fails(`${fifo}: is a FIFO, not a regular file`));
  });
  it('--preset of a FIFO', async () => {
    expect(await runCli([...tinyCheck, '--preset', fifo])).toEqual(fails(`--preset: ${fifo}: is a FIFO, not a regular file`));
  });
  it('--algorithm of a FIFO', async () => {
    const module = join(dir, 'fifo.mjs');
    execFileSync('mkfifo', [module]);
    expect(await runCli([...tinyCheck, '--preset', 'tiny', '--algorithm', module])).toEqual(
      fails(`--algorithm: ${module}: is a FIFO, not a regular file`),
    );
  });
  it('replay /dev/zero', async () => {
    expect(await runCli(['replay', '/dev/zero'])).toEqual(fails('/dev/zero: is a device, not a regular file'));
  });
  it('a counterexample that is a symbolic link to /dev/zero', async () => {
    const link = join(dir, 'zero--canary--00000000.json');
    symlinkSync('/dev/zero', link);
    expect(await runCli(['show', link])).toEqual(fails(`${link}: is a device, not a regular file`));
  });
  it('replay of a directory is replay <folder>: each file in it that is not a regular file is an error line, exit 2', async () => {
    const ran = await runCli(['replay', dir]);
    expect(ran.code).toBe(2);
    expect(ran.err).toEqual([]);
    expect(ran.out).toContain(`error  ${fifo}: ${fifo}: is a FIFO, not a regular file`);
    expect(ran.out.at(-1)).toMatch(/^0 of \d+ files replay as they expect$/);
  });
  it('show of a directory', async () => {
    expect(await runCli(['show', dir])).toEqual(fails(`${dir}: is a directory, not a regular file`));
  });
});

describe('limits on what a file may hold, each with its own message', () => {
  it('a file over 4 MiB', async () => {
    const path = file('big.json', `{"format": "${'x'.repeat(4 * 1024 * 1024)}"}`);
    expect(await runCli(['replay', path])).toEqual(fails(`${path}: 4194318 bytes, more than the 4194304 a stormcheck file may have`));
  });
  it('100,000-deep nesting in version', async () => {
    const head = '{"format":"stormcheck-counterexample","version":';
    const path = file('deep.json', `${head}${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    // The object is level 1: the 32nd bracket after it is the 33rd level.
    expect(await runCli(['replay', path])).toEqual(fails(`${path}: nested deeper than 32 levels (at character ${head.length + 31})`));
  });
  it('a version that is a 10 MB string would be echoed; at most 40 characters are', async () => {
    const path = file('long-version.json', JSON.stringify({ format: 'stormcheck-counterexample', version: 'v'.repeat(3_000_000) }));
    expect(await runCli(['replay', path])).toEqual(
      fails(
        `${path}: field version: format version "${'v'.repeat(39)}… (3000002 characters) is not read by this stormcheck, which reads version 3 only (the model changed; find the counterexample again with 'stormcheck check')`,
      ),
    );
  });
  it('bootTicks 1e15 in a preset names the field', async () => {
    const config = { ...presets.tiny?.config, bootTicks: 1e15 };
    const path = file('slow-boot.json', JSON.stringify(config));
    expect(await runCli([...tinyCheck, '--preset', path])).toEqual(
      fails(`--preset: ${path}: field bootTicks: Too big: expected number to be <=10000`),
    );
  });
  it('more than 10,000 ticks in a counterexample', async () => {
    const path = file('long-quiet.json', formatRecord({ ...record, config: { ...record.config, loginTimeoutTicks: 10_001 } }));
    expect(await runCli(['replay', path])).toEqual(
      fails(`${path}: field config.loginTimeoutTicks: Too big: expected number to be <=10000`),
    );
  });
  it('512 nodes and 100,000 ticks: more node-steps than a replay may take', async () => {
    const nodes = Array.from({ length: 511 }, () => record.config.nodes.find((n) => n.kind === 'user'));
    const config = { ...record.config, nodes: [...record.config.nodes.filter((n) => n.kind === 'bootstrap'), ...nodes].slice(0, 512) };
    const events = Array.from({ length: 100_000 }, () => ({ kind: 'tick' }) as const);
    const path = file(
      'huge.json',
      formatRecord({ ...record, config: config as CounterexampleFile['config'], events, draws: events.map(() => []) }),
    );
    expect(await runCli(['replay', path])).toEqual(
      fails(`${path}: field events: 100000 events on 512 nodes are 51200000 node-steps, more than the 1000000 a replay may take`),
    );
  });

  it('an event ordinal out of range', async () => {
    const path = file(
      'ordinal.json',
      formatRecord({ ...record, events: [...record.events, { kind: 'reboot', user: 64 }], draws: [...record.draws, []] }),
    );
    expect(await runCli(['replay', path])).toEqual(
      fails(`${path}: field events.${record.events.length}.user: ordinal 64 is out of range (0 to 63)`),
    );
  });
});

describe('no message echoes what a file holds', () => {
  it('replay /etc/passwd: the syntax error, not the first bytes', async () => {
    const { code, err } = await runCli(['replay', '/etc/passwd']);
    expect(code).toBe(2);
    expect(err).toEqual([`stormcheck: /etc/passwd: not valid JSON: Unexpected token '${readFileSync('/etc/passwd', 'utf8')[0]}'`]);
  });
});

describe('the file that runs is the file named', () => {
  it('x.js beside x.ts: tsx would load x.ts, unhashed and unchecked, so neither runs', async () => {
    const module = join(dir, 'twin.js');
    writeFileSync(module, "export { healing as algorithm } from '../algorithms/index.ts';\n");
    writeFileSync(join(dir, 'twin.ts'), "throw new Error('the sibling ran');\n");
    expect(await runCli([...tinyCheck, '--preset', 'tiny', '--algorithm', module])).toEqual(
      fails(`--algorithm: ${module} has a sibling twin.ts, which tsx would load instead; rename one of them`),
    );
  });
});
