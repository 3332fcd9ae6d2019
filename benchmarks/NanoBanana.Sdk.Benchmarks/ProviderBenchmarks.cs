using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OpenAI;
using OpenAI.Images;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// Issue 16 "Speed and memory", answer side: one provider call whose answer carries a 12,000,000-byte image, against
/// an in-memory handler. Baseline: the OpenAI .NET SDK's <see cref="ImageClient"/> on the same Images API answer
/// (<c>b64_json</c>). Rows: our <see cref="ProviderImageClient"/> on that answer (Images API dialect), and on the
/// chat-completions answer with the same image as a data URL in <c>message.images[]</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ProviderAnswerBenchmarks
{
    private const int ImageBytes = 12_000_000;

    private ImageClient? _openAi;
    private ProviderImageClient? _imagesApi;
    private ProviderImageClient? _chat;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var image = ProviderBenchmarkData.Png(ImageBytes);
        var b64 = Convert.ToBase64String(image);
        var imagesApi = Encoding.UTF8.GetBytes($$$"""{"created":1700000000,"data":[{"b64_json":"{{{b64}}}"}],"usage":{"input_tokens":12,"output_tokens":1120,"total_tokens":1132}}""");
        var chat = Encoding.UTF8.GetBytes($$$"""{"id":"gen-1","object":"chat.completion","created":1700000000,"model":"google/gemini-3-pro-image-preview","choices":[{"index":0,"message":{"role":"assistant","content":"Here is your image.","images":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{b64}}}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":12,"completion_tokens":1120,"total_tokens":1132}}""");

        _openAi = new ImageClient("gpt-image-1", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(new HttpClient(new ProviderBenchmarkData.Canned(imagesApi))),
            Endpoint = new Uri("https://gateway.example/v1"),
        });
        _imagesApi = new ProviderImageClient(ProviderBenchmarkData.Profile(ProviderDialect.ImagesApi), null, new HttpClient(new ProviderBenchmarkData.Canned(imagesApi)));
        _chat = new ProviderImageClient(ProviderBenchmarkData.Profile(ProviderDialect.ChatCompletions), null, new HttpClient(new ProviderBenchmarkData.Canned(chat)));

        foreach (var row in new Func<Task<int>>[] { OpenAISdk, ImagesApi, ChatCompletions })
        {
            if (await row() != ImageBytes)
            {
                throw new InvalidOperationException("A benchmark row did not decode the image.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _imagesApi?.Dispose();
        _chat?.Dispose();
    }

    /// <summary>The OpenAI .NET SDK's image call on the Images API answer (baseline).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OpenAISdk()
    {
        ClientResult<OpenAI.Images.GeneratedImage> result = await _openAi!.GenerateImageAsync("a banana in space");
        return result.Value.ImageBytes.ToMemory().Length;
    }

    /// <summary>Our provider client, Images API dialect, on the same answer.</summary>
    [Benchmark]
    public async Task<int> ImagesApi() => (await _imagesApi!.GenerateAsync(ProviderBenchmarkData.Request)).Image.Data.Length;

    /// <summary>Our provider client, chat-completions dialect, the image as a data URL.</summary>
    [Benchmark]
    public async Task<int> ChatCompletions() => (await _chat!.GenerateAsync(ProviderBenchmarkData.Request)).Image.Data.Length;
}

/// <summary>
/// Issue 16 "Speed and memory", request side: an edit with 7 MiB input images sent as multipart to a handler that
/// drains the body as a socket would (and answers a small image). The input images exist before the call, so
/// "Allocated" is what sending the request (plus reading the small answer) costs. Baseline: the OpenAI .NET SDK's
/// edit, which takes one image and one mask (two 7 MiB streams: 14 MiB in); our rows send two images (the same 14 MiB)
/// and four images (28 MiB, the case). Compare allocation per input byte.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ProviderEditBenchmarks
{
    /// <summary>7 MiB per input image.</summary>
    public const int InputBytes = 7 * 1024 * 1024;

    private byte[] _image = [];
    private byte[] _mask = [];
    private ImageInput[] _inputs = [];
    private ImageClient? _openAi;
    private ProviderImageClient? _client;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _image = ProviderBenchmarkData.Png(InputBytes, seed: 1);
        _mask = ProviderBenchmarkData.Png(InputBytes, seed: 2);
        _inputs = [.. Enumerable.Range(0, 4).Select(i => ImageInput.FromBytes(ProviderBenchmarkData.Png(InputBytes, seed: 10 + i), "image/png"))];
        var answer = Encoding.UTF8.GetBytes($$$"""{"created":1700000000,"data":[{"b64_json":"{{{Convert.ToBase64String(ProviderBenchmarkData.Png(1_000))}}}"}]}""");
        _openAi = new ImageClient("gpt-image-1", new ApiKeyCredential("sk-benchmark"), new OpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(new HttpClient(new ProviderBenchmarkData.Canned(answer, drainRequest: true))),
            Endpoint = new Uri("https://gateway.example/v1"),
        });
        _client = new ProviderImageClient(ProviderBenchmarkData.Profile(ProviderDialect.ImagesApi), null, new HttpClient(new ProviderBenchmarkData.Canned(answer, drainRequest: true)));

        foreach (var row in new Func<Task<int>>[] { OpenAISdkImageAndMask, TwoImages, FourImages })
        {
            if (await row() != 1_000)
            {
                throw new InvalidOperationException("A benchmark row did not complete the edit.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _client?.Dispose();

    /// <summary>The OpenAI .NET SDK's edit: one 7 MiB image and one 7 MiB mask, as streams (baseline; 14 MiB in).</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OpenAISdkImageAndMask()
    {
        using var image = new MemoryStream(_image, writable: false);
        using var mask = new MemoryStream(_mask, writable: false);
        ClientResult<OpenAI.Images.GeneratedImage> result = await _openAi!.GenerateImageEditAsync(image, "image.png", "make it blue", mask, "mask.png");
        return result.Value.ImageBytes.ToMemory().Length;
    }

    /// <summary>Our provider client's edit with two 7 MiB images (14 MiB in, as the baseline).</summary>
    [Benchmark]
    public async Task<int> TwoImages() => await Edit(2);

    /// <summary>Our provider client's edit with four 7 MiB images (28 MiB in).</summary>
    [Benchmark]
    public async Task<int> FourImages() => await Edit(4);

    private async Task<int> Edit(int images) =>
        (await _client!.GenerateAsync(new ImageRequest("make it blue") { Model = "gemini-3-pro-image", InputImages = _inputs[..images] })).Image.Data.Length;
}

internal static class ProviderBenchmarkData
{
    public static readonly ImageRequest Request = new("a banana in space") { Model = "gemini-3-pro-image" };

    public static byte[] Png(int length, int seed = 42)
    {
        var image = new byte[length];
        new Random(seed).NextBytes(image);
        ReadOnlySpan<byte> signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        signature[..Math.Min(signature.Length, length)].CopyTo(image);
        return image;
    }

    public static ProviderProfile Profile(ProviderDialect dialect)
    {
        var profile = new ProviderProfile("gateway") { BaseUrl = new Uri("https://gateway.example"), ApiKey = "sk-benchmark-0123456789", Dialect = dialect };
        profile.Models["gemini-3-pro-image"] = "google/gemini-3-pro-image-preview";
        profile.Prices.Add(new ProviderPrice { Model = "gemini-3-pro-image", UnitPriceUsd = 0.09m, Source = "https://gateway.example/pricing", CheckedOn = new DateOnly(2026, 10, 1) });
        return profile;
    }

    /// <summary>Answers every request with the same JSON body; optionally reads the request body to its end first, as a socket would send it.</summary>
    public sealed class Canned(byte[] body, bool drainRequest = false) : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (drainRequest && request.Content is { } content)
            {
                await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
            }

            var answer = new ByteArrayContent(body);
            answer.Headers.ContentType = Json;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = answer, RequestMessage = request };
        }
    }
}
