using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>Helpers for the Batch and Files surfaces: a fake clock, uploads, batch bodies and polling.</summary>
internal static class BatchClient
{
    public const string Model = "gemini-3.1-flash-image";

    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    /// <summary>An emulator on a fake clock (pending 10 s, running 30 s unless configured) with a client; dispose it.</summary>
    public static async Task<BatchEnv> StartAsync(Action<NanoBananaEmulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new NanoBananaEmulatorOptions { TimeProvider = time, BatchPendingDuration = TimeSpan.FromSeconds(10), BatchRunningDuration = TimeSpan.FromSeconds(30) };
        configure?.Invoke(options);
        var emulator = await NanoBananaEmulator.StartAsync(options, CancellationToken.None);
        return new BatchEnv(emulator, Client.For(emulator), time);
    }

    /// <summary>A GenerateContentRequest as a JSON node (what a batch item's <c>request</c> holds).</summary>
    public static JsonNode Request(string prompt = "a banana", string size = "1K", string ratio = "1:1") =>
        JsonNode.Parse(Client.GenerateBody(prompt, size, ratio))!;

    /// <summary>An inline batch body; each item's <c>metadata.key</c> is its key.</summary>
    public static string InlineBody(string? displayName, params (string Key, JsonNode Request)[] items)
    {
        var requests = new JsonArray();
        foreach (var (key, request) in items)
        {
            requests.Add(new JsonObject { ["request"] = request, ["metadata"] = new JsonObject { ["key"] = key } });
        }

        var batch = new JsonObject { ["inputConfig"] = new JsonObject { ["requests"] = new JsonObject { ["requests"] = requests } } };
        if (displayName is not null)
        {
            batch["displayName"] = displayName;
        }

        return new JsonObject { ["batch"] = batch }.ToJsonString();
    }

    /// <summary>A file-based batch body (camelCase).</summary>
    public static string FileBody(string displayName, string fileName) =>
        new JsonObject { ["batch"] = new JsonObject { ["displayName"] = displayName, ["inputConfig"] = new JsonObject { ["fileName"] = fileName } } }.ToJsonString();

    /// <summary>A JSONL input file of <c>{"key", "request"}</c> lines.</summary>
    public static byte[] Jsonl(params (string Key, JsonNode Request)[] items) =>
        Encoding.UTF8.GetBytes(string.Concat(items.Select(i => new JsonObject { ["key"] = i.Key, ["request"] = i.Request }.ToJsonString() + "\n")));

    public static string BatchPath(string model = Model) => $"v1beta/models/{model}:batchGenerateContent";

    public static Task<(HttpResponseMessage Response, JsonElement Json)> CreateAsync(HttpClient http, string body, string? key = Client.Key, string model = Model) =>
        Client.SendAsync(http, Client.Post(BatchPath(model), body, key));

    /// <summary>GET on a resource name such as <c>batches/abc</c> or <c>files/xyz</c>.</summary>
    public static Task<(HttpResponseMessage Response, JsonElement Json)> GetAsync(HttpClient http, string name, string? key = Client.Key) =>
        Client.SendAsync(http, Client.Get("v1beta/" + name, key));

    public static async Task<JsonElement> GetOkAsync(HttpClient http, string name)
    {
        var (response, json) = await GetAsync(http, name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return json;
    }

    public static string State(JsonElement operation) => operation.GetProperty("metadata").GetProperty("state").GetString()!;

    /// <summary>A <c>batchStats</c> count; absent (zero in proto3 JSON) reads as 0. Counts are int64 strings.</summary>
    public static long Stat(JsonElement operation, string name)
    {
        if (!operation.GetProperty("metadata").GetProperty("batchStats").TryGetProperty(name, out var value))
        {
            return 0;
        }

        Assert.Equal(JsonValueKind.String, value.ValueKind);
        return long.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Starts a resumable upload; returns the start response.</summary>
    public static HttpRequestMessage StartUpload(long length, string mimeType, string? displayName, string? key = Client.Key)
    {
        var body = displayName is null ? string.Empty : new JsonObject { ["file"] = new JsonObject { ["displayName"] = displayName } }.ToJsonString();
        var request = Client.Post("upload/v1beta/files", body, key);
        request.Headers.Add("X-Goog-Upload-Protocol", "resumable");
        request.Headers.Add("X-Goog-Upload-Command", "start");
        request.Headers.Add("X-Goog-Upload-Header-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Goog-Upload-Header-Content-Type", mimeType);
        return request;
    }

    /// <summary>One chunk to an upload URL, as <c>@google/genai</c> sends it (the API key header included).</summary>
    public static HttpRequestMessage Chunk(string uploadUrl, byte[] bytes, long offset, string command)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add("x-goog-api-key", Client.Key);
        request.Headers.Add("X-Goog-Upload-Command", command);
        request.Headers.Add("X-Goog-Upload-Offset", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request;
    }

    public static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"no {name} header");

    /// <summary>Uploads <paramref name="bytes"/> in one chunk and returns the <c>file</c> resource.</summary>
    public static async Task<JsonElement> UploadAsync(HttpClient http, byte[] bytes, string mimeType = "application/jsonl", string? displayName = "input", string key = Client.Key)
    {
        using var start = await http.SendAsync(StartUpload(bytes.Length, mimeType, displayName, key));
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        var (response, json) = await Client.SendAsync(http, Chunk(Header(start, "X-Goog-Upload-URL"), bytes, 0, "upload, finalize"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("final", Header(response, "X-Goog-Upload-Status"));
        return json.GetProperty("file");
    }

    public static async Task<byte[]> DownloadAsync(HttpClient http, string fileName, string prefix = "download/v1beta/")
    {
        using var response = await http.SendAsync(Client.Get($"{prefix}{fileName}:download?alt=media"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Uploads a JSONL file with one default request per key and creates a file-based batch on it; returns its name and the create answer.</summary>
    public static async Task<(string Name, JsonElement Created)> CreateFileBatchAsync(BatchEnv env, string displayName, params string[] keys)
    {
        var input = await UploadAsync(env.Http, Jsonl([.. keys.Select(k => (k, Request()))]));
        var (response, json) = await CreateAsync(env.Http, FileBody(displayName, input.GetProperty("name").GetString()!));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (json.GetProperty("name").GetString()!, json);
    }

    /// <summary>The results file (<c>files/batch-…</c>) an operation names in <c>metadata.output.responsesFile</c>.</summary>
    public static string ResultsFile(JsonElement operation) =>
        operation.GetProperty("metadata").GetProperty("output").GetProperty("responsesFile").GetString()!;

    /// <summary>The JSON lines of a results file.</summary>
    public static List<JsonElement> Lines(byte[] jsonl) =>
        [.. Encoding.UTF8.GetString(jsonl).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];

    /// <summary>Downloads a file until the connection breaks: the bytes that arrived and the failure (null when it completed).</summary>
    public static async Task<(byte[] Received, Exception? Failure)> DownloadUntilCutAsync(HttpClient http, string fileName, string prefix = "download/v1beta/")
    {
        using var response = await http.SendAsync(Client.Get($"{prefix}{fileName}:download?alt=media"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var stream = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                received.Write(buffer, 0, read);
            }

            return (received.ToArray(), null);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return (received.ToArray(), ex);
        }
    }

    /// <summary>The final image of a GenerateContentResponse held in a batch result.</summary>
    public static byte[] Image(JsonElement response) => Client.FinalImage(response);
}

/// <summary>A running emulator, its client and its fake clock.</summary>
internal sealed record BatchEnv(NanoBananaEmulator Emulator, HttpClient Http, FakeTimeProvider Time) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}
