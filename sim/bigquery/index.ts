export { startBigQuerySim, type BigQuerySim } from './server.js';
export { tableRows, type BqState, type BqFaults } from './state.js';
