// OpenTelemetry tracing: SvelteKit emits spans for the handle hook, load functions and
// form actions (with the route id); this sends them to the OTLP/HTTP endpoint named by
// OTEL_EXPORTER_OTLP_ENDPOINT (a collector, Jaeger, Tempo…), as JSON, in batches.
// Loaded only when that variable is set (see src/instrumentation.server.ts).
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { onShutdown } from './lifecycle';
import { processLogger } from './logger.js';

/** Where spans go: the traces endpoint itself, or the base endpoint + /v1/traces. */
export function tracesUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
	if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
	const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
	return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

/** Registers the tracer provider SvelteKit's spans go to, and flushes it on shutdown. */
export function startTracing(env: NodeJS.ProcessEnv = process.env): void {
	const url = tracesUrl(env);
	if (!url) return;
	const provider = new TracerProvider({
		resource: resourceFromAttributes({
			'service.name': env.OTEL_SERVICE_NAME?.trim() || 'tandem'
		}),
		spanProcessors: [
			new BatchSpanProcessor({
				exporter: new OTLPTraceExporter({ url }),
				scheduledDelayMillis: Number(env.OTEL_BSP_SCHEDULE_DELAY) || 5_000
			})
		]
	});
	context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
	// A proxy's or caller's traceparent header continues their trace.
	propagation.setGlobalPropagator(new W3CTraceContextPropagator());
	trace.setGlobalTracerProvider(provider);
	// Spans still in the batch are sent before the process ends.
	onShutdown('tracing', () => provider.shutdown());
	processLogger().child({ module: 'tracing' }).info(`sending traces to ${url}`);
}
