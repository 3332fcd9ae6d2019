// Runs the official @google/genai SDK, unchanged, against the NanoBanana emulator.
// Env: EMULATOR_BASE_URL (e.g. http://127.0.0.1:8080), EMULATOR_API_KEY (a key the emulator accepts),
// EMULATOR_WRONG_KEY (a key it rejects; the emulator must be started with --api-key EMULATOR_API_KEY).
// Prints one line per check and exits non-zero when any check fails.
import { ApiError, GoogleGenAI } from '@google/genai';

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

await expectRejection('unknown model → ApiError 404',
  () => ai.models.generateContent({ model: 'gemini-no-such-image', contents: prompt }), [404]);

if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
