#!/usr/bin/env node
/* global process */
// A stand-in for `gcloud` and `bq` in test/deploy/deploy-script.test.ts. It appends every
// invocation (tool and arguments — never stdin, where deploy.sh sends secret values) to
// FAKE_CLOUD_LOG, and keeps the resources it was asked to create in FAKE_CLOUD_STATE, so
// describe calls answer like Google's: found (exit 0) or NOT_FOUND (exit 1); a create of
// something that exists fails with ALREADY_EXISTS, as the real CLI does. Commands it does
// not know fail loudly, so deploy.sh cannot call anything the test does not look at.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

const [tool, ...argv] = process.argv.slice(2);
const statePath = process.env.FAKE_CLOUD_STATE;
const logPath = process.env.FAKE_CLOUD_LOG;
if (!statePath || !logPath) fail('FAKE_CLOUD_STATE and FAKE_CLOUD_LOG must be set', 2);
appendFileSync(logPath, `${JSON.stringify({ tool, args: argv })}\n`);

/** Flags that never take a value (everything else written `--flag value` takes the next word). */
const SWITCHES = new Set([
  'enabled',
  'uniform-bucket-level-access',
  'public-access-prevention',
  'no-allow-unauthenticated',
  'allow-unauthenticated',
  'quiet',
  'dataset',
]);

function parse(words) {
  const positional = [];
  const flags = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith('--')) positional.push(word);
    else if (word.includes('=')) flags[word.slice(2, word.indexOf('='))] = word.slice(word.indexOf('=') + 1);
    else if (SWITCHES.has(word.slice(2))) flags[word.slice(2)] = true;
    else flags[word.slice(2)] = words[++i];
  }
  return { positional, flags };
}

function fail(message, code = 1) {
  process.stderr.write(`${tool ?? 'fake'}: ${message}\n`);
  process.exit(code);
}

function load() {
  const empty = { apis: [], resources: {}, secrets: {}, bindings: [], deploys: [] };
  return existsSync(statePath) ? { ...empty, ...JSON.parse(readFileSync(statePath, 'utf8')) } : empty;
}

const state = load();
const save = () => writeFileSync(statePath, JSON.stringify(state, null, 2));

function describe(kind, id) {
  const found = state.resources[`${kind}/${id}`];
  if (!found) fail(`ERROR: NOT_FOUND: ${kind} ${id}`);
  return found;
}

function create(kind, id, details) {
  if (state.resources[`${kind}/${id}`]) fail(`ERROR: ALREADY_EXISTS: ${kind} ${id}`);
  state.resources[`${kind}/${id}`] = details;
  save();
}

function need(flags, ...names) {
  for (const name of names) if (flags[name] === undefined) fail(`ERROR: --${name} is required`);
}

function readStdin() {
  return readFileSync(0, 'utf8');
}

function project(flags) {
  need(flags, 'project');
  return flags.project;
}

const accountId = (email) => email.replace(/^serviceAccount:/, '');

const GCLOUD = {
  'services list': ({ flags }) => {
    project(flags);
    process.stdout.write(state.apis.map((api) => `${api}\n`).join(''));
  },
  'services enable': ({ positional, flags }) => {
    project(flags);
    state.apis.push(...positional.slice(2).filter((api) => !state.apis.includes(api)));
    save();
  },
  'artifacts repositories describe': ({ positional, flags }) =>
    describe('registry', `${flags.location}/${positional[3]}`),
  'artifacts repositories create': ({ positional, flags }) => {
    need(flags, 'location', 'repository-format', 'project');
    create('registry', `${flags.location}/${positional[3]}`, flags);
  },
  'artifacts docker images describe': ({ positional }) => describe('image', positional[4]),
  'storage buckets describe': ({ positional }) => describe('bucket', positional[3]),
  'storage buckets create': ({ positional, flags }) => create('bucket', positional[3], flags),
  'iam service-accounts describe': ({ positional }) => describe('account', positional[3]),
  'iam service-accounts create': ({ positional, flags }) =>
    create('account', `${positional[3]}@${project(flags)}.iam.gserviceaccount.com`, flags),
  'secrets describe': ({ positional }) => describe('secret', positional[2]),
  'secrets create': ({ positional, flags }) => {
    if (flags['data-file'] !== '-') fail('ERROR: the fake only takes secret values on stdin');
    create('secret', positional[2], { replication: flags['replication-policy'] });
    state.secrets[positional[2]] = [readStdin()];
    save();
  },
  'secrets versions add': ({ positional, flags }) => {
    describe('secret', positional[3]);
    if (flags['data-file'] !== '-') fail('ERROR: the fake only takes secret values on stdin');
    state.secrets[positional[3]].push(readStdin());
    save();
  },
  'builds submit': ({ positional, flags }) => {
    need(flags, 'tag', 'project');
    if (!existsSync(`${positional[2]}/Dockerfile`)) fail(`ERROR: no Dockerfile in ${positional[2]}`);
    create('image', flags.tag, { source: positional[2] });
  },
  'run deploy': ({ positional, flags }) => runDeploy(positional[2], flags),
  'run services describe': ({ positional, flags }) => {
    const service = describe('service', `${flags.region}/${positional[3]}`);
    if (flags.format === 'value(status.url)') process.stdout.write(`${service.url}\n`);
  },
  'scheduler jobs describe': ({ positional, flags }) => describe('job', `${flags.location}/${positional[3]}`),
  'scheduler jobs create http': ({ positional, flags }) => schedulerJob('create', positional[4], flags),
  'scheduler jobs update http': ({ positional, flags }) => schedulerJob('update', positional[4], flags),
};

for (const [command, target] of [
  ['projects add-iam-policy-binding', 'project'],
  ['storage buckets add-iam-policy-binding', 'bucket'],
  ['secrets add-iam-policy-binding', 'secret'],
  ['run services add-iam-policy-binding', 'service'],
]) {
  GCLOUD[command] = ({ positional, flags }) => binding(target, positional.at(-1), flags);
}

function binding(target, id, flags) {
  need(flags, 'member', 'role');
  if (target === 'service') describe('service', `${flags.region}/${id}`);
  else if (target !== 'project') describe(target, id);
  describe('account', accountId(flags.member));
  const key = `${target}/${id} ${flags.member} ${flags.role}`;
  if (!state.bindings.includes(key)) state.bindings.push(key);
  save();
}

function runDeploy(name, flags) {
  need(flags, 'image', 'region', 'project', 'service-account');
  describe('image', flags.image);
  describe('account', flags['service-account']);
  for (const pair of String(flags['set-secrets'] ?? '')
    .split(',')
    .filter(Boolean))
    describe('secret', pair.split('=')[1].replace(/:latest$/, ''));
  const key = `service/${flags.region}/${name}`;
  const url = `https://${name}-fake.a.run.app`;
  state.resources[key] = { ...flags, url };
  state.deploys.push(name);
  save();
}

function schedulerJob(verb, id, flags) {
  need(flags, 'location', 'schedule', 'uri', 'http-method');
  if (flags['oidc-service-account-email']) describe('account', flags['oidc-service-account-email']);
  if (verb === 'create') create('job', `${flags.location}/${id}`, flags);
  else {
    describe('job', `${flags.location}/${id}`);
    state.resources[`job/${flags.location}/${id}`] = flags;
    save();
  }
}

const BQ = {
  show: ({ positional }) => describe('dataset', positional[1]),
  mk: ({ positional, flags }) => {
    if (flags.dataset !== true) fail('BigQuery error: the fake only makes datasets');
    need(flags, 'project_id', 'data_location');
    create('dataset', positional[1], flags);
  },
};

function dispatch(table, words) {
  const { positional, flags } = parse(words);
  for (let n = Math.min(4, positional.length); n > 0; n--) {
    const handler = table[positional.slice(0, n).join(' ')];
    if (handler) return handler({ positional, flags });
  }
  fail(`unknown command: ${words.join(' ')}`, 2);
}

dispatch(tool === 'bq' ? BQ : GCLOUD, argv);
