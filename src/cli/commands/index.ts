import type { Command } from 'commander';
import { registerDoctorCommand } from './doctor.ts';
import { registerHistoryCommands } from './history.ts';
import { registerListeningCommands } from './listening.ts';
import { registerMatchCommands } from './match.ts';
import { registerPlacesCommands } from './places.ts';
import { registerPlaylistCommands } from './playlist.ts';
import { registerResolveCommand } from './resolve.ts';
import { registerServeCommand } from './serve.ts';
import { registerShowsCommands } from './shows.ts';
import { registerShowsSyncCommands } from './shows-sync.ts';
import { registerSimCommand } from './sim.ts';
import { registerStatsCommand } from './stats.ts';
import { registerAlertsCommands } from './alerts.ts';
import { registerTokenCommands } from './token.ts';
import { registerShareCommands } from './share.ts';
import { registerRediscoverCommand } from './rediscover.ts';
import { registerForwardCommands } from './forward.ts';
import { registerBackupCommands } from './backup.ts';

/** What commands need from the program that registers them. */
export interface CommandDeps {
  /** A fresh program for `encore serve` to run a CLI's command in (src/cli/in-process.ts). */
  newProgram: () => Command;
}

/** Each command group lives in its own file and registers itself here. */
export function registerCommands(program: Command, deps: CommandDeps): void {
  registerServeCommand(program, deps.newProgram);
  registerListeningCommands(program);
  registerDoctorCommand(program);
  registerHistoryCommands(program);
  registerResolveCommand(program);
  registerStatsCommand(program);
  registerRediscoverCommand(program);
  registerPlacesCommands(program);
  // The listing creates the `shows` group; `shows sync` attaches to it.
  registerShowsCommands(program);
  registerShowsSyncCommands(program);
  registerAlertsCommands(program);
  registerMatchCommands(program);
  registerPlaylistCommands(program);
  registerSimCommand(program);
  registerTokenCommands(program);
  registerShareCommands(program);
  registerForwardCommands(program);
  registerBackupCommands(program);
}
