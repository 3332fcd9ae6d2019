using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using NanoBanana.Sdk.Emulator;

namespace NanoBanana.Sdk.Benchmarks;

/// <summary>
/// The whole official client (request building, loopback HTTP, streaming parse, result and cost record) against the
/// in-process emulator serving realistic 4K answers (<see cref="PayloadProfile.Realistic"/>: a 4096×4096 PNG of
/// incompressible noise, ~48 MiB, plus the quarter-size thought image Gemini 3 sends first), compared per transport
/// with a naive client: <c>ReadAsStringAsync</c> + <see cref="JsonDocument"/> + <see cref="Convert.FromBase64String(string)"/>.
/// </summary>
/// <remarks>
/// MemoryDiagnoser counts every allocation in the process, and the emulator runs in it: with <c>store</c> left at the
/// service default (true) its Interactions surface keeps a copy of every answer's JSON. The <c>Drain</c> rows POST the
/// same request and read the answer into one reused buffer, so they measure the emulator and HTTP alone; a client's own
/// cost is its row minus the Drain row of its transport.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class OfficialClientBenchmarks
{
    private const string Key = "benchmark-key";
    private const string Prompt = "a banana in space, 4K";
    private const string GenerateContentBody =
        """{"contents":[{"role":"user","parts":[{"text":"a banana in space, 4K"}]}],"generationConfig":{"responseModalities":["TEXT","IMAGE"],"imageConfig":{"aspectRatio":"1:1","imageSize":"4K"}}}""";
    private const string InteractionBody =
        """{"model":"gemini-3-pro-image","input":[{"type":"text","text":"a banana in space, 4K"}],"response_format":{"type":"image","aspect_ratio":"1:1","image_size":"4K"}}""";

    private static readonly ImageRequest Request = new(Prompt)
    {
        Model = ImageModel.ProImageId,
        Size = ImageSize.FourK,
        AspectRatio = AspectRatio.Square,
    };

    private readonly byte[] _drainBuffer = new byte[64 * 1024];
    private NanoBananaEmulator? _emulator;
    private OfficialImageClient? _generateContent;
    private OfficialImageClient? _interactions;
    private HttpClient? _naive;

    /// <summary>The decoded size of the final 4K image, the denominator of the allocation target.</summary>
    public static int ImageBytes { get; private set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions { PayloadProfile = PayloadProfile.Realistic });
        _generateContent = Client(OfficialTransport.GenerateContent);
        _interactions = Client(OfficialTransport.Interactions);
        _naive = new HttpClient { BaseAddress = _emulator.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };

        // Every route must decode the same final image (and warm the emulator's image cache), or the comparison means nothing.
        ImageBytes = await ClientGenerateContent();
        foreach (var route in new Func<Task<int>>[] { ClientInteractions, NaiveGenerateContent, NaiveInteractions })
        {
            var decoded = await route();
            if (decoded != ImageBytes)
            {
                throw new InvalidOperationException($"A benchmark route decoded {decoded} bytes instead of {ImageBytes}.");
            }
        }

        Console.WriteLine($"// Decoded 4K image: {ImageBytes:N0} bytes ({ImageBytes / 1024.0 / 1024.0:0.00} MiB)");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _generateContent?.Dispose();
        _interactions?.Dispose();
        _naive?.Dispose();
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }

    /// <summary>generateContent the naive way: the body as a string, the image as a second string, then decoded.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("generateContent")]
    public async Task<int> NaiveGenerateContent()
    {
        using var document = await NaivePostAsync("v1beta/models/gemini-3-pro-image:generateContent", GenerateContentBody);
        var image = 0;
        foreach (var part in document.RootElement.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray())
        {
            var thought = part.TryGetProperty("thought", out var flag) && flag.GetBoolean();
            if (!thought && part.TryGetProperty("inlineData", out var inlineData))
            {
                image = Convert.FromBase64String(inlineData.GetProperty("data").GetString()!).Length;
            }
        }

        return image;
    }

    /// <summary>generateContent through <see cref="OfficialImageClient"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("generateContent")]
    public async Task<int> ClientGenerateContent() => (await _generateContent!.GenerateAsync(Request)).Image.Data.Length;

    /// <summary>The emulator and HTTP alone for generateContent: the answer is read and thrown away.</summary>
    [Benchmark]
    [BenchmarkCategory("generateContent")]
    public Task<long> DrainGenerateContent() => DrainAsync("v1beta/models/gemini-3-pro-image:generateContent", GenerateContentBody);

    /// <summary>The emulator and HTTP alone for Interactions.</summary>
    [Benchmark]
    [BenchmarkCategory("Interactions")]
    public Task<long> DrainInteractions() => DrainAsync("v1beta/interactions", InteractionBody);

    /// <summary>Interactions the naive way.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Interactions")]
    public async Task<int> NaiveInteractions()
    {
        using var document = await NaivePostAsync("v1beta/interactions", InteractionBody);
        var image = 0;
        foreach (var step in document.RootElement.GetProperty("steps").EnumerateArray())
        {
            if (step.GetProperty("type").GetString() != "model_output")
            {
                continue;
            }

            foreach (var block in step.GetProperty("content").EnumerateArray())
            {
                if (block.GetProperty("type").GetString() == "image")
                {
                    image = Convert.FromBase64String(block.GetProperty("data").GetString()!).Length;
                }
            }
        }

        return image;
    }

    /// <summary>Interactions through <see cref="OfficialImageClient"/>.</summary>
    [Benchmark]
    [BenchmarkCategory("Interactions")]
    public async Task<int> ClientInteractions() => (await _interactions!.GenerateAsync(Request)).Image.Data.Length;

    private OfficialImageClient Client(OfficialTransport transport) => new(new OfficialImageClientOptions
    {
        ApiKey = Key,
        BaseUrl = _emulator!.BaseAddress,
        Transport = transport,
    });

    private async Task<long> DrainAsync(string path, string body)
    {
        using var request = NaiveRequest(path, body);
        using var response = await _naive!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(_drainBuffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static HttpRequestMessage NaiveRequest(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-goog-api-key", Key);
        return request;
    }

    private async Task<JsonDocument> NaivePostAsync(string path, string body)
    {
        using var request = NaiveRequest(path, body);
        using var response = await _naive!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(json);
    }
}
