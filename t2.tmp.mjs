import { register } from 'tsx/esm/api';
register();
const t=Date.now();
process.argv=[process.argv[0], 'encore', '--help'];
const origExit = process.exit;
process.on('exit', ()=>{ console.error('total', Date.now()-t); });
await import('./src/cli/main.ts');
