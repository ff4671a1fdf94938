import { Command, CommanderError, Option } from 'commander';
import { NondeterministicAlgorithm } from '../checker/check.ts';
import { alphabetKinds, defaultUsagePercents } from '../explorer/index.ts';
import { exitCodes, InputError, LimitReached } from '../io/inputError.ts';
import { presets } from '../model/index.ts';
import { checkCommand, determinismCheckDefault } from './checkCommand.ts';
import { runConfigured } from './configured.ts';
import { confirmDefaults } from './confirmViolation.ts';
import { type Io, processIo, versions } from './context.ts';
import { diffCommand } from './diffCommand.ts';
import { exploreCommand, exploreTimeLimitDefault } from './exploreCommand.ts';
import { listCommand } from './listCommand.ts';
import { collect, countValue, eventKindsValue, positiveInteger, seedValue, shardValue, usagePercentsValue } from './parse.ts';
import { replayCommand } from './replayCommand.ts';
import { isFolder, replayFolder } from './replayFolder.ts';
import { onWorkers, type Runners } from './runInWorker.ts';
import { showCommand } from './showCommand.ts';

/**
 * The stormcheck command line. Every user error ends as one line on stderr that names the flag,
 * file or field, with exit code 2; see `exitCodes` for the others.
 */
export async function main(argv: readonly string[], io: Io = processIo, runners: Runners = onWorkers): Promise<number> {
  let code: number = exitCodes.passed;
  const program = new Command('stormcheck')
    .description(
      'A model checker for supernode allocation algorithms: finds the reboot and login interleavings that stop a network from healing.',
    )
    .version(versions.stormcheck)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: () => {} })
    .showSuggestionAfterError(true);

  program
    .command('check')
    .description('search random interleavings for a property violation; store and show the shrunk counterexample')
    .addOption(algorithmOption())
    .addOption(presetOption('default'))
    .addOption(propertyOption())
    .option('--runs <n>', 'runs to try', positiveInteger, 1000)
    .option('--cold-start', 'start every run cold (every user logging in at once) instead of from the settled network')
    .option('--seed <n>', 'seed of the search (default: a fresh one, printed)', seedValue)
    .option('--out <dir>', 'where counterexamples are written', 'counterexamples')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--junit <file>', 'also write a JUnit report')
    .option('--shard <i/n>', 'take only every n-th run, starting at run i (a CI matrix of n machines)', shardValue)
    .option('--time-limit <seconds>', 'stop after this long and exit 3, saying how far the search got', positiveInteger)
    .addOption(hangTimeoutOption())
    // The flag's name from before explore had a watchdog too, and 'run' meant nothing there: still accepted, no longer listed.
    .addOption(new Option('--run-timeout <seconds>').argParser(positiveInteger).hideHelp().conflicts('hangTimeout'))
    .option('--no-progress', 'no progress bar or progress lines')
    .option(
      '--determinism-check <runs>',
      `after a pass, play this many runs again (twice more) and compare every decision (0: none; default ${determinismCheckDefault})`,
      countValue,
    )
    .option('--confirm-shortest', 'then search every trace with fewer disruption events for a shorter one (explorer/confirmShortest.ts)')
    .option('--confirm-states-max <n>', `states that search may visit (default ${confirmDefaults.statesMax})`, positiveInteger)
    .option('--confirm-time-limit <seconds>', `time that search may take (default ${confirmDefaults.timeLimitSeconds})`, positiveInteger)
    .action(async (flags, command) => {
      // --run-timeout, when given, is --hang-timeout by its earlier name (the two conflict).
      const checkFlags = { ...flags, hangTimeout: flags.runTimeout ?? flags.hangTimeout };
      code = await runConfigured(command, checkFlags, io, (configured) => checkCommand(configured, io, runners));
    });

  program
    .command('explore')
    .description(
      'search every interleaving of events and every random choice, level by level, until the fixpoint or --time-limit; a violation is a shortest counterexample',
    )
    .addOption(algorithmOption())
    .addOption(presetOption('tiny'))
    .addOption(propertyOption())
    .option(
      '--depth-max <n>',
      'an explicit cap on the events per interleaving (default: none, deepen within --time-limit)',
      positiveInteger,
    )
    .option('--cold-start', 'search from the cold start instead of from the settled network')
    .option('--states-max <n>', 'distinct states to visit, at most', positiveInteger)
    .option(
      '--time-limit <seconds>',
      `the budget: deepen level by level for this long (default ${exploreTimeLimitDefault})`,
      positiveInteger,
    )
    .option('--no-progress', 'no progress line on a terminal')
    .option('--symmetry', 'merge states that differ by a permutation of identical users (sound only for symmetric algorithms)')
    .option('--events <kinds>', `event kinds to interleave, comma-separated (default: ${alphabetKinds.join(',')})`, eventKindsValue)
    .option(
      '--spikes <percents>',
      `usage levels a usageSpike sets, comma-separated (default: ${defaultUsagePercents.join(',')})`,
      usagePercentsValue,
    )
    .option(
      '--workers <n>',
      "threads that check each level's quiet suffixes; the result is the same, only the time differs",
      positiveInteger,
      1,
    )
    .option('--out <dir>', 'where counterexamples are written', 'counterexamples')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--junit <file>', 'also write a JUnit report')
    .addOption(hangTimeoutOption())
    .action(async (flags, command) => {
      code = await runConfigured(command, flags, io, (configured) => exploreCommand(configured, io, runners));
    });

  program
    .command('diff')
    .description(
      'run two versions of an algorithm on the same seeds, networks and budget; exit 1 if the head breaks a run the base survives',
    )
    .option('--base <name|path>', 'the version to compare against')
    .option('--base-ref <git ref>', "the head's own module as it was at this git ref (instead of --base)")
    .option('--head <name|path>', 'the changed version (default: the algorithm stormcheck.config names)')
    .option('--preset <name|path>', "a preset to run (repeatable; default the config's, else tiny and small)", collect)
    .addOption(propertyOption())
    .option('--runs <n>', "runs per preset, each on both versions (default the config's, else 100)", positiveInteger)
    .option('--seed <n>', "seed of the runs (default the config's, else 1)", seedValue)
    .option('--out <dir>', "where the head's counterexamples are written (default the config's corpus, else counterexamples)")
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(hangTimeoutOption())
    .action(async (flags) => {
      code = await diffCommand(flags, io, runners);
    });

  program
    .command('replay')
    .description(
      'replay a stored counterexample (exit 1 if the property still breaks, 0 if it now holds), or every file in a folder (exit 1 if any does not replay as it expects)',
    )
    .argument('<file>', 'a counterexample file, or a folder of them')
    .option('--algorithm <name|path>', 'replay with this algorithm instead of the recorded one')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--markdown', 'render as Markdown')
    .addOption(trustModuleOption())
    .addOption(acceptEditsOption())
    .addOption(hangTimeoutOption())
    .action(async (file, flags) => {
      code = isFolder(file) ? await replayFolder(file, flags, io, runners.replay) : await replayCommand(file, flags, io, runners.replay);
    });

  program
    .command('show')
    .description('render a stored counterexample as text, Markdown or a self-contained HTML report')
    .argument('<file>', 'a counterexample file')
    .addOption(new Option('--markdown', 'render as Markdown').conflicts('html'))
    .option('--html <out>', 'write an HTML report with charts to <out>')
    .addOption(
      new Option('--step <n>', 'print one step: its decisions and the fields of the state it changed').conflicts(['html', 'markdown']),
    )
    .option('--algorithm <name|path>', 'render with this algorithm instead of the recorded one (a file copied out of its checkout)')
    .addOption(trustModuleOption())
    .addOption(acceptEditsOption())
    .addOption(hangTimeoutOption())
    .action(async (file, flags) => {
      code = await showCommand(file, flags, io, runners.replay);
    });

  program
    .command('list')
    .description('the built-in algorithms, properties and presets')
    .option('--json', 'print exactly one JSON object on stdout')
    .action((flags) => {
      code = listCommand(flags, io);
    });

  // Without a command, commander would do nothing and exit 0: a CI step with a typo'd script must fail.
  if (argv.length === 0) {
    io.err(`stormcheck: no command given; the commands are ${program.commands.map((c) => c.name()).join(', ')} (stormcheck --help)`);
    return exitCodes.input;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    return failure(error, io);
  }
}

/** The options `check` and `explore` share: what to search, and with which properties. */
function algorithmOption(): Option {
  return new Option('--algorithm <name|path>', 'a built-in algorithm, or a .ts/.js module exporting one').default('skype-2007');
}

function presetOption(preset: string): Option {
  return new Option('--preset <name|path>', `a preset (${Object.keys(presets).join(', ')}) or a JSON config`).default(preset);
}

/**
 * Both searches, check's confirmation, diff's runs and the replays run on a watched worker thread
 * (runInWorker.ts); this is how long it may stay silent.
 */
function hangTimeoutOption(): Option {
  return new Option(
    '--hang-timeout <seconds>',
    'give up with exit 2 when the algorithm shows no progress this long (does it loop forever?); not a bound on a search that advances: see --time-limit',
  )
    .argParser(positiveInteger)
    .default(30);
}

/** Nothing in a counterexample file runs unless the user says so: a file comes from anyone. */
function trustModuleOption(): Option {
  return new Option('--trust-module', "import the algorithm module the file names (it runs that module's code)");
}

function acceptEditsOption(): Option {
  return new Option('--accept-edits', 'replay a file whose content no longer matches the identity hash in its name');
}

function propertyOption(): Option {
  return new Option('--property <name>', 'check only this property (repeatable)').argParser(collect);
}

function failure(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help')
      return exitCodes.passed;
    // commander adds its "(Did you mean …?)" suggestion on a line of its own; errors stay on one line.
    io.err(`stormcheck: ${error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')}`);
    return exitCodes.input;
  }
  if (error instanceof LimitReached) {
    io.err(`stormcheck: ${error.message}`);
    return exitCodes.limit;
  }
  if (error instanceof InputError || error instanceof NondeterministicAlgorithm) {
    // One line, whatever a message quotes (a module's multi-line error, a file's text).
    io.err(`stormcheck: ${error.message.replace(/\s*\n\s*/g, ' ')}`);
    return exitCodes.input;
  }
  throw error;
}
