import type { Command } from 'commander';
import { registerDoctorCommand } from './doctor.ts';
import { registerHistoryCommands } from './history.ts';
import { registerListeningCommands } from './listening.ts';
import { registerServeCommand } from './serve.ts';
import { registerSimCommand } from './sim.ts';
import { registerStatsCommand } from './stats.ts';

/** Each command group lives in its own file and registers itself here. */
export function registerCommands(program: Command): void {
  registerServeCommand(program);
  registerListeningCommands(program);
  registerDoctorCommand(program);
  registerHistoryCommands(program);
  registerSimCommand(program);
  registerStatsCommand(program);
}
