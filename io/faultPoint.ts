/**
 * Points at which a test can have stormcheck killed, as a power cut or `kill -9` would, to prove that
 * a write interrupted there leaves only complete files and loses no finding across a rerun
 * (reliability/faults.test.ts). `STORMCHECK_KILL_AT=<point>` in the environment names the point;
 * without it this does nothing. A test hook, not an interface: it is not in the help.
 */
export type FaultPoint = 'temp-written' | 'linked';

const killAt = process.env.STORMCHECK_KILL_AT;

export function faultPoint(point: FaultPoint): void {
  if (killAt === point) process.kill(process.pid, 'SIGKILL');
}
