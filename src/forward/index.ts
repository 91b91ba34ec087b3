// The forwarder's parts; the `forward` pipeline itself is src/jobs/forward.ts.
export { createForwardRuntime, type ForwardRuntime } from './runtime.ts';
