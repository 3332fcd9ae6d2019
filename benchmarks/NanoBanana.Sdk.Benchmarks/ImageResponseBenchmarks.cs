using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NanoBanana.Sdk.Wire;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// Reading a 4K generateContent answer (one ~7 MiB incompressible image, ~9.8 MB of JSON) over real loopback HTTP,
/// four ways: the naive string route, the OpenAI .NET SDK's route (System.ClientModel buffers the body once as
/// <see cref="BinaryData"/>, then JsonDocument and one base64 decode), the best case of that buffer-once route (an
/// exact byte array from Content-Length), and <see cref="ImageResponseParser"/> streaming from the response stream.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class ImageResponseBenchmarks
{
    public const int ImageBytes = 7 * 1024 * 1024;

    private const string Path = "/v1beta/models/gemini-3-pro-image:generateContent";
    private const string RequestJson = """{"contents":[{"parts":[{"text":"a banana in space"}]}],"generationConfig":{"imageConfig":{"imageSize":"4K"}}}""";

    private WebApplication? _server;
    private HttpClient? _client;
    private ClientPipeline? _pipeline;
    private Uri? _uri;
    private byte[] _body = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _body = BuildAnswer(ImageBytes);

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _server = builder.Build();
        _server.MapPost(Path, async context =>
        {
            context.Response.ContentType = "application/json; charset=UTF-8";
            context.Response.ContentLength = _body.Length;
            await context.Response.Body.WriteAsync(_body, context.RequestAborted);
        });
        await _server.StartAsync();

        string address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _uri = new Uri(new Uri(address), Path);
        _client = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        _pipeline = ClientPipeline.Create(new ClientPipelineOptions { Transport = new HttpClientPipelineTransport(_client) });

        // Every route must really produce the image, or the comparison means nothing.
        foreach (Func<Task<int>> route in new Func<Task<int>>[] { Naive, OpenAiSdkStyle, BufferedBytes, StreamingParser })
        {
            int decoded = await route();
            if (decoded != ImageBytes)
            {
                throw new InvalidOperationException($"A benchmark route decoded {decoded} bytes instead of {ImageBytes}.");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.StopAsync();
            await _server.DisposeAsync();
        }
    }

    /// <summary>ReadAsStringAsync + JsonDocument + Convert.FromBase64String: the body as a string, the image as a second string, then decoded.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> Naive()
    {
        using HttpResponseMessage response = await _client!.SendAsync(NewRequest(), HttpCompletionOption.ResponseHeadersRead);
        string json = await response.Content.ReadAsStringAsync();
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonElement part in document.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            if (part.TryGetProperty("inlineData", out JsonElement inlineData))
            {
                return Convert.FromBase64String(inlineData.GetProperty("data").GetString()!).Length;
            }
        }

        return 0;
    }

    /// <summary>
    /// What the OpenAI .NET SDK does for <c>b64_json</c>: System.ClientModel's pipeline buffers the whole body once as
    /// <see cref="BinaryData"/>, JsonDocument parses it, and the image is decoded once from the UTF-8 bytes.
    /// </summary>
    [Benchmark]
    public async Task<int> OpenAiSdkStyle()
    {
        using PipelineMessage message = _pipeline!.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = _uri;
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(RequestJson));
        await _pipeline.SendAsync(message);

        using JsonDocument document = JsonDocument.Parse(message.Response!.Content);
        foreach (JsonElement part in document.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            if (part.TryGetProperty("inlineData", out JsonElement inlineData) && inlineData.GetProperty("data").TryGetBytesFromBase64(out byte[]? image))
            {
                return BinaryData.FromBytes(image).ToMemory().Length;
            }
        }

        return 0;
    }

    /// <summary>
    /// The best case of the buffer-once approach: <see cref="HttpContent.ReadAsByteArrayAsync()"/> (one exact array from
    /// Content-Length), JsonDocument over the bytes, one base64 decode.
    /// </summary>
    [Benchmark]
    public async Task<int> BufferedBytes()
    {
        using HttpResponseMessage response = await _client!.SendAsync(NewRequest(), HttpCompletionOption.ResponseHeadersRead);
        byte[] json = await response.Content.ReadAsByteArrayAsync();
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonElement part in document.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            if (part.TryGetProperty("inlineData", out JsonElement inlineData) && inlineData.GetProperty("data").TryGetBytesFromBase64(out byte[]? image))
            {
                return image.Length;
            }
        }

        return 0;
    }

    /// <summary>The SDK's parser over the response stream, its decode buffer sized once from Content-Length.</summary>
    [Benchmark]
    public async Task<int> StreamingParser()
    {
        using HttpResponseMessage response = await _client!.SendAsync(NewRequest(), HttpCompletionOption.ResponseHeadersRead);
        await using Stream stream = await response.Content.ReadAsStreamAsync();
        var limits = new ImageParseLimits(MaxImageBytes: 64L * 1024 * 1024, ContentLength: response.Content.Headers.ContentLength);
        ParsedImageResponse parsed = await ImageResponseParser.ParseGenerateContentAsync(stream, limits, CancellationToken.None);
        return parsed.Images[0].Data.Length;
    }

    private HttpRequestMessage NewRequest() => new(HttpMethod.Post, _uri)
    {
        Content = new StringContent(RequestJson, Encoding.UTF8, "application/json"),
    };

    /// <summary>A realistic answer: a text part, the image part with a thought signature, usage and metadata.</summary>
    private static byte[] BuildAnswer(int imageBytes)
    {
        var image = new byte[imageBytes];
        new Random(4096).NextBytes(image);
        ReadOnlySpan<byte> pngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        pngSignature.CopyTo(image);

        var signature = new byte[768];
        new Random(7).NextBytes(signature);

        string json = $$"""
            {
              "candidates": [
                {
                  "content": {
                    "parts": [
                      { "text": "Here is a banana floating in space, rendered in 4K." },
                      {
                        "inlineData": { "mimeType": "image/png", "data": "{{Convert.ToBase64String(image)}}" },
                        "thoughtSignature": "{{Convert.ToBase64String(signature)}}"
                      }
                    ],
                    "role": "model"
                  },
                  "finishReason": "STOP",
                  "index": 0
                }
              ],
              "usageMetadata": {
                "promptTokenCount": 11,
                "candidatesTokenCount": 2012,
                "totalTokenCount": 2267,
                "promptTokensDetails": [ { "modality": "TEXT", "tokenCount": 11 } ],
                "candidatesTokensDetails": [ { "modality": "IMAGE", "tokenCount": 2000 }, { "modality": "TEXT", "tokenCount": 12 } ],
                "thoughtsTokenCount": 244
              },
              "modelVersion": "gemini-3-pro-image",
              "responseId": "8cMiaZ-hLqGVz7IPq9vAqQw"
            }
            """;
        return Encoding.UTF8.GetBytes(json);
    }
}
