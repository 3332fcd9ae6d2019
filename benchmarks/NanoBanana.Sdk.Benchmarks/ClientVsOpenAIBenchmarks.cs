using System.ClientModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Images;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// One image call end to end through each client, against an in-memory handler that answers a canned body (no
/// socket, no server): the cost of the client itself. Baseline: the OpenAI .NET SDK's <see cref="ImageClient"/> on an
/// Images API answer carrying the same image as <c>b64_json</c>. Rows: our <see cref="OfficialImageClient"/> on the
/// generateContent answer and on the Interactions answer with the same image. Sizes: a small 20,000-byte image (the
/// fixed per-call cost dominates) and a large 12,000,000-byte image (decoding dominates).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ClientVsOpenAIBenchmarks
{
    private byte[] _image = [];
    private ImageClient? _openAi;
    private OfficialImageClient? _generateContent;
    private OfficialImageClient? _interactions;

    /// <summary>The decoded image size in bytes.</summary>
    [Params(20_000, 12_000_000)]
    public int ImageBytes { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _image = new byte[ImageBytes];
        new Random(42).NextBytes(_image);
        _image[0] = 0x89;
        _image[1] = (byte)'P';
        _image[2] = (byte)'N';
        _image[3] = (byte)'G';
        var b64 = Convert.ToBase64String(_image);

        var imagesApi = Utf8($$$"""{"created":1700000000,"data":[{"b64_json":"{{{b64}}}"}],"usage":{"input_tokens":12,"output_tokens":1120,"total_tokens":1132}}""");
        var generateContent = Utf8($$$"""{"candidates":[{"content":{"role":"model","parts":[{"inlineData":{"mimeType":"image/png","data":"{{{b64}}}"}}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":1120,"totalTokenCount":1132,"candidatesTokensDetails":[{"modality":"IMAGE","tokenCount":1120}]},"modelVersion":"gemini-3-pro-image","responseId":"r1"}""");
        var interaction = Utf8($$$"""{"id":"v1_1","status":"completed","model":"gemini-3-pro-image","steps":[{"type":"model_output","content":[{"type":"image","mime_type":"image/png","data":"{{{b64}}}"}]}],"usage":{"total_input_tokens":12,"total_output_tokens":1120,"total_tokens":1132}}""");

        _openAi = new ImageClient("gpt-image-1", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(new HttpClient(new CannedAnswer(imagesApi))),
            Endpoint = new Uri("https://gateway.example/v1"),
        });
        _generateContent = Client(OfficialTransport.GenerateContent, generateContent);
        _interactions = Client(OfficialTransport.Interactions, interaction);

        // Every row must really produce the image, or the comparison means nothing.
        foreach (var row in new Func<Task<int>>[] { OpenAISdk, GenerateContent, Interactions })
        {
            if (await row() != ImageBytes)
            {
                throw new InvalidOperationException("A benchmark row did not decode the image.");
            }
        }
    }

    /// <summary>The same setup, plus an <see cref="ActivityListener"/> and a <see cref="MeterListener"/> on <c>NanoBanana.Sdk</c>, as an OpenTelemetry SDK would attach.</summary>
    [GlobalSetup(Target = nameof(GenerateContentWithTelemetry))]
    public async Task SetupWithTelemetryAsync()
    {
        await SetupAsync();
        _activities = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == "NanoBanana.Sdk",
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static activity => GC.KeepAlive(activity),
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == "NanoBanana.Sdk")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<double>(static (_, value, _, _) => GC.KeepAlive(value));
        _meters.SetMeasurementEventCallback<long>(static (_, value, _, _) => GC.KeepAlive(value));
        _meters.Start();
    }

    private ActivityListener? _activities;
    private MeterListener? _meters;

    [GlobalCleanup]
    public void Cleanup()
    {
        _activities?.Dispose();
        _meters?.Dispose();
        _generateContent?.Dispose();
        _interactions?.Dispose();
    }

    /// <summary>The OpenAI .NET SDK's image call (baseline).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OpenAISdk()
    {
        ClientResult<OpenAI.Images.GeneratedImage> result = await _openAi!.GenerateImageAsync("a banana in space");
        return result.Value.ImageBytes.ToMemory().Length;
    }

    /// <summary>Our official client over generateContent.</summary>
    [Benchmark]
    public async Task<int> GenerateContent() => (await _generateContent!.GenerateAsync(Request)).Image.Data.Length;

    /// <summary>Our official client over generateContent with a span and metrics listener attached (telemetry on).</summary>
    [Benchmark]
    public async Task<int> GenerateContentWithTelemetry() => (await _generateContent!.GenerateAsync(Request)).Image.Data.Length;

    /// <summary>Our official client over the Interactions API.</summary>
    [Benchmark]
    public async Task<int> Interactions() => (await _interactions!.GenerateAsync(Request)).Image.Data.Length;

    private static readonly ImageRequest Request = new("a banana in space") { Model = "gemini-3-pro-image" };

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static OfficialImageClient Client(OfficialTransport transport, byte[] body) =>
        new(new OfficialImageClientOptions { ApiKey = "benchmark-key", Transport = transport, BaseUrl = new Uri("https://generativelanguage.googleapis.com") },
            new HttpClient(new CannedAnswer(body)));

    /// <summary>Answers every request with the same JSON body, as a server would: a fresh stream over the bytes.</summary>
    private sealed class CannedAnswer(byte[] body) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
