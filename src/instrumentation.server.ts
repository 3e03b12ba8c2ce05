// Runs before the app's code is loaded (SvelteKit's server instrumentation; src/cli/start.js
// imports it ahead of the handler). Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is
// set: only then are the OpenTelemetry SDK packages loaded at all.
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) {
	const { startTracing } = await import('$lib/server/tracing');
	startTracing();
}

export {};
