// One application, traced by a real OpenTelemetry LLM instrumentation for Node, sending to a real
// nora-server: a workflow that asks the model, runs the tool it asked for, asks again with the
// result, then streams a last answer. The model is a fake OpenAI server started here.
//
//   node clients.cjs <library> <nora base URL> <API key> <session id>
//
// library: official (@opentelemetry/instrumentation-openai, content in log records),
// openinference (@arizeai/openinference-instrumentation-openai), openllmetry
// (@traceloop/instrumentation-openai), langfuse (@langfuse/openai and @langfuse/tracing, sent
// by @langfuse/otel to Langfuse's own path). Prints {"traceId": ...} once everything is sent.
'use strict';

process.env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT = 'true';

const http = require('node:http');
const api = require('@opentelemetry/api');
const logsApi = require('@opentelemetry/api-logs');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { LoggerProvider, BatchLogRecordProcessor } = require('@opentelemetry/sdk-logs');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { OTLPLogExporter } = require('@opentelemetry/exporter-logs-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const [library, nora, key, session] = process.argv.slice(2);
const QUESTION = 'What is the weather in Paris?';
const TOOL_RESULT = '{"city":"Paris","celsius":18,"sky":"sunny"}';

// ---- the fake provider: a tool call first, an answer once the tool's result is in the prompt ----
function completion(body) {
  const last = body.messages[body.messages.length - 1];
  if (body.tools && last.role !== 'tool') {
    return {
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_weather_1', type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      finish: 'tool_calls', usage: { prompt_tokens: 30, completion_tokens: 8, total_tokens: 38 },
    };
  }
  const text = last.role === 'tool' ? 'It is 18 °C and sunny in Paris.' : 'Bring sunglasses.';
  return { message: { role: 'assistant', content: text }, finish: 'stop',
    usage: { prompt_tokens: 45, completion_tokens: 11, total_tokens: 56 } };
}

function fakeProvider() {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const body = JSON.parse(raw);
      const c = completion(body);
      const base = { id: 'chatcmpl-' + Math.random().toString(36).slice(2, 10), created: 1760000000,
        model: 'gpt-4o-mini-2024-07-18', object: 'chat.completion' };
      if (!body.stream) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...base, choices: [{ index: 0, message: c.message, finish_reason: c.finish,
          logprobs: null }], usage: c.usage }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const chunk = (choices, usage) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk',
        choices, usage: usage || null })}\n\n`;
      const words = c.message.content.split(' ');
      // The first chunk comes a little after the request: time to first token is measurable.
      setTimeout(() => {
        res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
        words.forEach((w, i) => res.write(chunk([{ index: 0, delta: { content: (i ? ' ' : '') + w },
          finish_reason: null }])));
        res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
        res.write(chunk([], c.usage));
        res.end('data: [DONE]\n\n');
      }, 30);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// ---- OpenTelemetry, as each library's documentation sets it up ----
const resource = resourceFromAttributes({ 'service.name': 'nora-js-' + library,
  'deployment.environment.name': 'js-test' });
const headers = { Authorization: 'Bearer ' + key };
const spanProcessors = [];
if (library === 'langfuse') {
  const { LangfuseSpanProcessor } = require('@langfuse/otel');
  spanProcessors.push(new LangfuseSpanProcessor({ publicKey: 'pk-lf-nora', secretKey: key, baseUrl: nora,
    exportMode: 'batched', flushAt: 100, flushInterval: 1 }));
} else {
  spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: nora + '/otlp/v1/traces', headers })));
}
const tracerProvider = new NodeTracerProvider({ resource, spanProcessors });
tracerProvider.register();
const loggerProvider = new LoggerProvider({ resource,
  processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url: nora + '/otlp/v1/logs', headers }) })] });
logsApi.logs.setGlobalLoggerProvider(loggerProvider);

let OpenAI;
if (library === 'official') {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
  registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
  OpenAI = require('openai').OpenAI;
} else if (library === 'openinference') {
  const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
  const module = require('openai');
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.manuallyInstrument(module);
  OpenAI = module.OpenAI;
} else if (library === 'openllmetry') {
  const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
  const module = require('openai');
  const instrumentation = new OpenAIInstrumentation({ traceContent: true, enrichTokens: false });
  instrumentation.setTracerProvider(tracerProvider);
  instrumentation.manuallyInstrument(module.OpenAI);
  OpenAI = module.OpenAI;
} else if (library === 'langfuse') {
  OpenAI = require('openai').OpenAI;
} else {
  throw new Error('unknown library ' + library);
}

// ---- what each library calls a workflow and a tool, as its documentation writes them ----
const tracer = api.trace.getTracer('nora-js-app');
const KINDS = {
  official: { workflow: {}, tool: (input) => ({ 'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'get_weather', 'gen_ai.tool.call.id': 'call_weather_1',
    'gen_ai.tool.call.arguments': input }), session: 'gen_ai.conversation.id' },
  openinference: { workflow: { 'openinference.span.kind': 'CHAIN', 'input.value': QUESTION },
    tool: (input) => ({ 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather',
      'input.value': input }), session: 'session.id', output: 'output.value', toolOutput: 'output.value' },
  openllmetry: { workflow: { 'traceloop.span.kind': 'workflow', 'traceloop.entity.name': 'weather-workflow',
    'traceloop.entity.input': JSON.stringify({ question: QUESTION }) },
  tool: (input) => ({ 'traceloop.span.kind': 'tool', 'traceloop.entity.name': 'get_weather',
    'traceloop.entity.input': input }), session: 'traceloop.association.properties.session_id',
  output: 'traceloop.entity.output', toolOutput: 'traceloop.entity.output' },
};

async function inSpan(name, attributes, fn) {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } finally {
      span.end();
    }
  });
}

async function conversation(client) {
  const tools = [{ type: 'function', function: { name: 'get_weather', description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
  const messages = [{ role: 'system', content: 'You are a weather assistant.' }, { role: 'user', content: QUESTION }];
  const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools, temperature: 0.2 });
  const call = first.choices[0].message.tool_calls[0];
  messages.push(first.choices[0].message);
  return { call, messages, tools };
}

async function runWithOtel() {
  const kinds = KINDS[library];
  const client = new OpenAI({ apiKey: 'sk-fake', baseURL: provider + '/v1' });
  return inSpan('weather-workflow', { ...kinds.workflow, [kinds.session]: session }, async (root) => {
    const { call, messages, tools } = await conversation(client);
    await inSpan('get_weather', kinds.tool(call.function.arguments), async (span) => {
      if (kinds.toolOutput) span.setAttribute(kinds.toolOutput, TOOL_RESULT);
      if (library === 'official') span.setAttribute('gen_ai.tool.call.result', TOOL_RESULT);
    });
    messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools, temperature: 0.2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true,
      stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'And what should I bring?' }] });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content || '';
    const answer = second.choices[0].message.content + ' ' + streamed;
    if (kinds.output) root.setAttribute(kinds.output, answer);
    return root.spanContext().traceId;
  });
}

async function runWithLangfuse() {
  const { startActiveObservation, propagateAttributes } = require('@langfuse/tracing');
  const { observeOpenAI } = require('@langfuse/openai');
  return startActiveObservation('weather-workflow', async (root) => propagateAttributes({ sessionId: session }, async () => {
    root.update({ input: { question: QUESTION } });
    const client = observeOpenAI(new OpenAI({ apiKey: 'sk-fake', baseURL: provider + '/v1' }));
    const { call, messages, tools } = await conversation(client);
    await startActiveObservation('get_weather', async (tool) => {
      tool.update({ input: JSON.parse(call.function.arguments), output: JSON.parse(TOOL_RESULT) });
    }, { asType: 'tool' });
    messages.push({ role: 'tool', tool_call_id: call.id, content: TOOL_RESULT });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, tools, temperature: 0.2 });
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', stream: true,
      stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'And what should I bring?' }] });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content || '';
    root.update({ output: second.choices[0].message.content + ' ' + streamed });
    return root.otelSpan.spanContext().traceId;
  }), { asType: 'agent' });
}

let provider;
(async () => {
  const server = await fakeProvider();
  provider = 'http://127.0.0.1:' + server.address().port;
  const traceId = library === 'langfuse' ? await runWithLangfuse() : await runWithOtel();
  await tracerProvider.forceFlush();
  await loggerProvider.forceFlush();
  await tracerProvider.shutdown();
  await loggerProvider.shutdown();
  server.close();
  process.stdout.write(JSON.stringify({ traceId }) + '\n');
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
