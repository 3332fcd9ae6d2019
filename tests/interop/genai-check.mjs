// Runs the official @google/genai SDK, unchanged, against the NanoBanana emulator.
// Env: EMULATOR_BASE_URL (e.g. http://127.0.0.1:8080), EMULATOR_API_KEY (a key the emulator accepts),
// EMULATOR_WRONG_KEY (a key it rejects; the emulator must be started with --api-key EMULATOR_API_KEY).
// Prints one line per check and exits non-zero when any check fails.
import {
  ApiError, GoogleGenAI, ServiceTier, createPartFromBase64, createUserContent,
} from '@google/genai';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const baseUrl = process.env.EMULATOR_BASE_URL;
const apiKey = process.env.EMULATOR_API_KEY ?? 'interop-key';
const wrongKey = process.env.EMULATOR_WRONG_KEY ?? 'interop-wrong-key';
if (!baseUrl) {
  console.error('EMULATOR_BASE_URL is not set');
  process.exit(2);
}

const model = 'gemini-3.1-flash-image';
const prompt = 'a banana in space';
// 16:9 at 2K for the Gemini 3 models (docs/emulator.md, "Pixel sizes").
const expected = { width: 2752, height: 1536 };
// No retries: a failure must show at once, not after the SDK's back-off.
const httpOptions = { baseUrl, retryOptions: { attempts: 1 } };
const ai = new GoogleGenAI({ apiKey, httpOptions });

let failures = 0;

async function check(name, body) {
  try {
    const detail = await body();
    console.log(`PASS ${name}${detail ? ` — ${detail}` : ''}`);
  } catch (error) {
    failures++;
    const why = error instanceof Error ? error.message : String(error);
    console.log(`FAIL ${name} — ${why}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Width and height from the IHDR chunk, which the PNG format requires right after the signature.
function pngSize(base64) {
  const bytes = Buffer.from(base64, 'base64');
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert(bytes.length >= 33, `image is only ${bytes.length} bytes`);
  assert(bytes.subarray(0, 8).equals(signature), 'no PNG signature');
  assert(bytes.toString('latin1', 12, 16) === 'IHDR', 'first chunk is not IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

function assertImage(base64, mimeType, what) {
  assert(mimeType === 'image/png', `${what} mime type is ${mimeType}`);
  const size = pngSize(base64);
  assert(size.width === expected.width && size.height === expected.height,
    `${what} is ${size.width}x${size.height}, expected ${expected.width}x${expected.height}`);
  return `${size.width}x${size.height} PNG`;
}

// The answer's image: the last inlineData part that is not a thought (interim thought images come first).
function finalImage(response) {
  return (response.candidates?.[0]?.content?.parts ?? []).filter(p => p.inlineData && !p.thought).at(-1)?.inlineData;
}

function describeParts(parts) {
  return parts.map(p => `${p.thought ? 'thought ' : ''}${p.inlineData ? 'image' : p.text !== undefined ? 'text' : Object.keys(p).join('+')}`).join(', ');
}

const imageConfig = {
  responseModalities: ['TEXT', 'IMAGE'],
  imageConfig: { aspectRatio: '16:9', imageSize: '2K' },
};

await check('models.generateContent returns a 2752x1536 PNG', async () => {
  const response = await ai.models.generateContent({ model, contents: prompt, config: imageConfig });
  const candidate = response.candidates?.[0];
  assert(candidate, 'no candidate');
  assert(candidate.finishReason === 'STOP', `finishReason ${candidate.finishReason}`);
  const parts = candidate.content?.parts ?? [];
  const images = parts.filter(p => p.inlineData && !p.thought);
  assert(images.length === 1, `expected one final image part, got: ${describeParts(parts)}`);
  const detail = assertImage(images[0].inlineData.data, images[0].inlineData.mimeType, 'final image');
  // The SDK's `text` accessor skips thought parts, so it must be exactly the answer's non-thought text.
  // (Its `data` accessor concatenates every inlineData, thought images included, so it is not checked.)
  const answerText = parts.filter(p => p.text !== undefined && !p.thought).map(p => p.text).join('');
  assert(answerText.length > 0 && response.text === answerText, `response.text is ${JSON.stringify(response.text)}`);
  const usage = response.usageMetadata;
  assert(usage?.totalTokenCount > 0, 'no usageMetadata.totalTokenCount');
  assert(usage.candidatesTokensDetails?.some(d => d.modality === 'IMAGE' && d.tokenCount > 0), 'no IMAGE tokens in candidatesTokensDetails');
  assert(response.modelVersion === model, `modelVersion ${response.modelVersion}`);
  assert(typeof response.responseId === 'string' && response.responseId.length > 0, 'no responseId');
  return `${detail}, ${usage.totalTokenCount} tokens`;
});

await check('models.generateContent flags thought parts', async () => {
  const response = await ai.models.generateContent({ model, contents: prompt, config: imageConfig });
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  const thoughts = parts.filter(p => p.thought === true);
  assert(thoughts.some(p => p.text), `no thought text part: ${describeParts(parts)}`);
  const thoughtImages = thoughts.filter(p => p.inlineData);
  assert(thoughtImages.length > 0, `no thought image part: ${describeParts(parts)}`);
  const interim = pngSize(thoughtImages[0].inlineData.data);
  assert(interim.width < expected.width, 'the thought image is as large as the final one');
  assert(response.usageMetadata?.thoughtsTokenCount > 0, 'no thoughtsTokenCount');
  return `${describeParts(parts)}`;
});

await check('models.generateContentStream streams the image', async () => {
  const stream = await ai.models.generateContentStream({ model, contents: prompt, config: imageConfig });
  const parts = [];
  let chunks = 0;
  let last;
  for await (const chunk of stream) {
    chunks++;
    last = chunk;
    parts.push(...(chunk.candidates?.[0]?.content?.parts ?? []));
  }
  assert(chunks > 1, `only ${chunks} chunk(s)`);
  assert(last.candidates?.[0]?.finishReason === 'STOP', `last chunk finishReason ${last.candidates?.[0]?.finishReason}`);
  assert(last.usageMetadata?.totalTokenCount > 0, 'no usageMetadata in the last chunk');
  const images = parts.filter(p => p.inlineData && !p.thought);
  assert(images.length === 1, `expected one final image part, got: ${describeParts(parts)}`);
  assert(parts.some(p => p.thought), 'no thought part in the stream');
  return `${chunks} chunks, ${assertImage(images[0].inlineData.data, images[0].inlineData.mimeType, 'streamed image')}`;
});

const interactionRequest = {
  model,
  input: prompt,
  response_format: { type: 'image', aspect_ratio: '16:9', image_size: '2K', mime_type: 'image/png' },
};
let interactionId;

await check('interactions.create returns output_image', async () => {
  const interaction = await ai.interactions.create(interactionRequest);
  assert(interaction.status === 'completed', `status ${interaction.status}`);
  assert(typeof interaction.id === 'string' && interaction.id.length > 0, 'no id');
  interactionId = interaction.id;
  const output = interaction.output_image;
  assert(output?.data, `no output_image; steps: ${(interaction.steps ?? []).map(s => s.type).join(', ')}`);
  const detail = assertImage(output.data, output.mime_type, 'output_image');
  assert(interaction.steps?.some(s => s.type === 'thought'), 'no thought step');
  assert(interaction.usage?.total_tokens > 0, 'no usage.total_tokens');
  return `${interaction.id}, ${detail}`;
});

await check('interactions.get reads the stored interaction', async () => {
  assert(interactionId, 'interactions.create did not give an id');
  const interaction = await ai.interactions.get(interactionId);
  assert(interaction.id === interactionId, `id ${interaction.id}`);
  assert(interaction.status === 'completed', `status ${interaction.status}`);
  const output = interaction.output_image;
  assert(output?.data, 'no output_image');
  return assertImage(output.data, output.mime_type, 'output_image');
});

await check('interactions.create with stream: true', async () => {
  const stream = await ai.interactions.create({ ...interactionRequest, stream: true });
  const types = [];
  let image;
  let completed;
  for await (const event of stream) {
    types.push(event.event_type);
    if (event.event_type === 'step.delta' && event.delta?.type === 'image') image = event.delta;
    if (event.event_type === 'interaction.completed') completed = event;
  }
  assert(types[0] === 'interaction.created', `first event ${types[0]}`);
  assert(completed?.interaction?.status === 'completed', `completed event status ${completed?.interaction?.status}`);
  assert(image?.data, `no image delta; events: ${types.join(', ')}`);
  return `${types.length} events, ${assertImage(image.data, image.mime_type, 'streamed image')}`;
});

await check('models.generateContent edits an input image (createPartFromBase64)', async () => {
  const first = await ai.models.generateContent({ model, contents: prompt, config: imageConfig });
  const source = finalImage(first);
  const edited = await ai.models.generateContent({
    model,
    contents: [createUserContent(['make the banana blue', createPartFromBase64(source.data, source.mimeType)])],
    config: imageConfig,
  });
  const image = finalImage(edited);
  assert(image, 'no image in the edit answer');
  assert(image.data !== source.data, 'the edit returned the input image unchanged');
  const imageTokens = edited.usageMetadata?.promptTokensDetails?.find(d => d.modality === 'IMAGE')?.tokenCount;
  assert(imageTokens > 0, 'no IMAGE prompt tokens for the input image');
  return `${assertImage(image.data, image.mimeType, 'edited image')}, ${imageTokens} input image tokens`;
});

await check('chats.sendMessage twice (history with thought parts and signatures sent back)', async () => {
  const chat = ai.chats.create({ model, config: imageConfig });
  const first = await chat.sendMessage({ message: prompt });
  const second = await chat.sendMessage({ message: 'now make it blue' });
  const history = chat.getHistory(true);
  assert(history.length === 4, `history has ${history.length} turns, expected 4`);
  assert(history[1].parts?.some(p => p.thoughtSignature), 'the model turn kept no thoughtSignature');
  const a = finalImage(first);
  const b = finalImage(second);
  assert(a && b, 'a turn has no image');
  assert(a.data !== b.data, 'the second turn repeated the first image');
  return assertImage(b.data, b.mimeType, 'second-turn image');
});

await check('models.generateContent with config.serviceTier flex', async () => {
  // Flex is a lane of gemini-3-pro-image only among the 3.x models (MODELS.md); the emulator refuses it elsewhere.
  const response = await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: prompt, config: { ...imageConfig, serviceTier: ServiceTier.FLEX } });
  const image = finalImage(response);
  assert(image, 'no image');
  return assertImage(image.data, image.mimeType, 'flex image');
});

await check('httpOptions.apiVersion v1beta (the path WIRE.md documents)', async () => {
  const beta = new GoogleGenAI({ apiKey, httpOptions: { ...httpOptions, apiVersion: 'v1beta' } });
  const response = await beta.models.generateContent({ model, contents: prompt, config: imageConfig });
  const image = finalImage(response);
  assert(image, 'no image');
  return assertImage(image.data, image.mimeType, 'v1beta image');
});

await check('interactions.create with previous_interaction_id (multi-turn edit)', async () => {
  assert(interactionId, 'interactions.create did not give an id');
  const first = await ai.interactions.get(interactionId);
  const next = await ai.interactions.create({ ...interactionRequest, input: 'now make it blue', previous_interaction_id: interactionId });
  assert(next.status === 'completed', `status ${next.status}`);
  assert(next.previous_interaction_id === interactionId, `previous_interaction_id ${next.previous_interaction_id}`);
  assert(next.output_image?.data && next.output_image.data !== first.output_image.data, 'the follow-up image is missing or unchanged');
  return assertImage(next.output_image.data, next.output_image.mime_type, 'follow-up image');
});

await check('interactions.create with an input image block and service_tier flex', async () => {
  const source = (await ai.interactions.get(interactionId)).output_image;
  const interaction = await ai.interactions.create({
    ...interactionRequest,
    model: 'gemini-3-pro-image',
    service_tier: 'flex',
    input: [{ type: 'text', text: 'make the banana blue' }, { type: 'image', data: source.data, mime_type: source.mime_type }],
  });
  assert(interaction.status === 'completed', `status ${interaction.status}`);
  assert(interaction.service_tier === 'flex', `service_tier ${interaction.service_tier}`);
  assert(interaction.output_image?.data && interaction.output_image.data !== source.data, 'no new output_image');
  return assertImage(interaction.output_image.data, interaction.output_image.mime_type, 'edited output_image');
});

await check('interactions.create background: true, then get until completed', async () => {
  const started = await ai.interactions.create({ ...interactionRequest, background: true });
  assert(['in_progress', 'queued', 'completed'].includes(started.status), `status ${started.status}`);
  let interaction = started;
  for (let i = 0; i < 20 && interaction.status !== 'completed'; i++) {
    await new Promise(resolve => setTimeout(resolve, 100));
    interaction = await ai.interactions.get(started.id);
  }
  assert(interaction.status === 'completed', `still ${interaction.status}`);
  return `${started.status} → completed, ${assertImage(interaction.output_image.data, interaction.output_image.mime_type, 'output_image')}`;
});

await check('interactions.delete, then get is NotFound', async () => {
  const interaction = await ai.interactions.create(interactionRequest);
  await ai.interactions.delete(interaction.id);
  let status;
  try {
    await ai.interactions.get(interaction.id);
  } catch (error) {
    status = error.status;
  }
  assert(status === 404, `get after delete gave ${status ?? 'success'}`);
  return 'deleted, then 404';
});

// Batch and Files: eng/interop.sh starts the emulator with --batch-pending 0 --batch-running 2, so a batch ends in ~2 s.
async function waitForBatch(name) {
  let job = await ai.batches.get({ name });
  for (let i = 0; i < 100 && !['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED'].includes(job.state); i++) {
    await new Promise(resolve => setTimeout(resolve, 200));
    job = await ai.batches.get({ name });
  }
  return job;
}

const batchRequest = {
  contents: [{ role: 'user', parts: [{ text: prompt }] }],
  config: imageConfig,
};

await check('batches.create (inline) → get until JOB_STATE_SUCCEEDED, inlinedResponses', async () => {
  const created = await ai.batches.create({
    model,
    src: [{ ...batchRequest, metadata: { key: 'sku-001' } }, { ...batchRequest, metadata: { key: 'sku-002' } }],
    config: { displayName: 'interop-inline' },
  });
  assert(created.name?.startsWith('batches/'), `name ${created.name}`);
  assert(['JOB_STATE_PENDING', 'JOB_STATE_RUNNING', 'JOB_STATE_QUEUED'].includes(created.state), `created in state ${created.state}`);
  const job = await waitForBatch(created.name);
  assert(job.state === 'JOB_STATE_SUCCEEDED', `state ${job.state}`);
  const responses = job.dest?.inlinedResponses ?? [];
  assert(responses.length === 2, `${responses.length} inlined responses`);
  assert(responses.map(r => r.metadata?.key).join(',') === 'sku-001,sku-002', `keys ${responses.map(r => r.metadata?.key)}`);
  const image = finalImage(responses[0].response);
  assert(image, 'the first inlined response has no image');
  return `${job.name}, 2 responses, ${assertImage(image.data, image.mimeType, 'batch image')}`;
});

await check('files.upload (JSONL) → batches.create (file) → files.download results', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'genai-interop-'));
  try {
    const input = join(dir, 'requests.jsonl');
    const line = { key: 'sku-101', request: { contents: batchRequest.contents, generationConfig: imageConfig } };
    writeFileSync(input, JSON.stringify(line) + '\n');
    const file = await ai.files.upload({ file: input, config: { mimeType: 'application/jsonl', displayName: 'interop-requests' } });
    assert(file.name?.startsWith('files/') && file.state === 'ACTIVE', `uploaded ${file.name} ${file.state}`);
    assert(Number(file.sizeBytes) === statSync(input).size, `sizeBytes ${file.sizeBytes}`);
    const created = await ai.batches.create({ model, src: file.name, config: { displayName: 'interop-file' } });
    const job = await waitForBatch(created.name);
    assert(job.state === 'JOB_STATE_SUCCEEDED', `state ${job.state}`);
    assert(job.dest?.fileName, 'no dest.fileName');
    const output = join(dir, 'results.jsonl');
    await ai.files.download({ file: job.dest.fileName, downloadPath: output });
    const results = readFileSync(output, 'utf8').trim().split('\n').map(l => JSON.parse(l));
    assert(results.length === 1 && results[0].key === 'sku-101', `results ${results.map(r => r.key)}`);
    const image = finalImage(results[0].response);
    assert(image, 'the result line has no image');
    await ai.files.delete({ name: file.name });
    return `${job.dest.fileName}, ${assertImage(image.data, image.mimeType, 'result image')}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await check('batches.list, cancel, delete', async () => {
  const created = await ai.batches.create({ model, src: [batchRequest], config: { displayName: 'interop-cancel' } });
  const listed = [];
  for await (const job of await ai.batches.list({ config: { pageSize: 2 } })) listed.push(job.name);
  assert(listed.includes(created.name), `list (${listed.length} jobs, paged by 2) misses ${created.name}`);
  await ai.batches.cancel({ name: created.name });
  const cancelled = await ai.batches.get({ name: created.name });
  assert(cancelled.state === 'JOB_STATE_CANCELLED', `state after cancel ${cancelled.state}`);
  await ai.batches.delete({ name: created.name });
  let status;
  try {
    await ai.batches.get({ name: created.name });
  } catch (error) {
    status = error.status;
  }
  assert(status === 404, `get after delete gave ${status ?? 'success'}`);
  return `${listed.length} listed, ${cancelled.state}, deleted`;
});

async function expectRejection(name, call, allowed) {
  await check(name, async () => {
    let error;
    try {
      await call();
    } catch (caught) {
      error = caught;
    }
    assert(error, 'the call succeeded');
    const status = error.status;
    assert(allowed.includes(status), `${error.constructor?.name} status ${status}: ${error.message}`);
    return `${error.constructor?.name} ${status}`;
  });
}

const wrong = new GoogleGenAI({ apiKey: wrongKey, httpOptions });

await expectRejection('wrong API key → ApiError 400/401/403 (generateContent)', async () => {
  try {
    await wrong.models.generateContent({ model, contents: prompt, config: imageConfig });
  } catch (error) {
    assert(error instanceof ApiError, `not an ApiError but ${error.constructor?.name}: ${error.message}`);
    throw error;
  }
}, [400, 401, 403]);

await expectRejection('wrong API key → API error 400/401/403 (interactions.create)',
  () => wrong.interactions.create(interactionRequest), [400, 401, 403]);

await expectRejection('unknown model → ApiError 404 NOT_FOUND',
  async () => {
    try {
      await ai.models.generateContent({ model: 'gemini-no-such-image', contents: prompt });
    } catch (error) {
      assert(String(error.message).includes('NOT_FOUND'), `not a google.rpc NOT_FOUND: ${error.message}`);
      throw error;
    }
  }, [404]);

await expectRejection('unsupported imageSize → ApiError 400 INVALID_ARGUMENT',
  async () => {
    try {
      await ai.models.generateContent({ model: 'gemini-3-pro-image', contents: prompt, config: { imageConfig: { imageSize: '512' } } });
    } catch (error) {
      assert(String(error.message).includes('INVALID_ARGUMENT'), `not INVALID_ARGUMENT: ${error.message}`);
      throw error;
    }
  }, [400]);

// The emulator rejects an unknown tier, so a 400 here proves config.serviceTier reaches the wire where it reads it.
await expectRejection('unknown config.serviceTier → ApiError 400',
  () => ai.models.generateContent({ model, contents: prompt, config: { ...imageConfig, serviceTier: 'turbo' } }), [400]);

if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
