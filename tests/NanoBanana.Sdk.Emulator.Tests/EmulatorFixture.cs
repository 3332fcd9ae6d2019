using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>One emulator per test class, default options (Small payloads, any key accepted).</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await NanoBananaEmulator.StartAsync(new NanoBananaEmulatorOptions(), CancellationToken.None);
        Http = Client.For(Emulator);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

internal static class Client
{
    public const string Key = "test-key";

    public static HttpClient For(NanoBananaEmulator emulator) => new() { BaseAddress = emulator.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    public static string GeneratePath(string model, string method = "generateContent") => $"v1beta/models/{model}:{method}";

    /// <summary>A generateContent body; null size/ratio leave imageConfig out.</summary>
    public static string GenerateBody(string prompt = "a banana in space", string? size = "1K", string? ratio = "1:1", long? seed = null, string? tier = null, params byte[][] images)
    {
        var parts = new JsonArray { new JsonObject { ["text"] = prompt } };
        foreach (var image in images)
        {
            parts.Add(new JsonObject { ["inlineData"] = new JsonObject { ["mimeType"] = "image/png", ["data"] = Convert.ToBase64String(image) } });
        }

        var imageConfig = new JsonObject();
        if (size is not null)
        {
            imageConfig["imageSize"] = size;
        }

        if (ratio is not null)
        {
            imageConfig["aspectRatio"] = ratio;
        }

        var config = new JsonObject { ["responseModalities"] = new JsonArray("TEXT", "IMAGE"), ["imageConfig"] = imageConfig };
        if (seed is not null)
        {
            config["seed"] = seed;
        }

        var body = new JsonObject { ["contents"] = new JsonArray { new JsonObject { ["role"] = "user", ["parts"] = parts } }, ["generationConfig"] = config };
        if (tier is not null)
        {
            body["serviceTier"] = tier;
        }

        return body.ToJsonString();
    }

    public static HttpRequestMessage Post(string path, string json, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    public static HttpRequestMessage Get(string path, string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-goog-api-key", key);
        }

        return request;
    }

    public static async Task<(HttpResponseMessage Response, JsonElement Json)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return (response, document.RootElement.Clone());
    }

    public static Task<(HttpResponseMessage Response, JsonElement Json)> GenerateAsync(HttpClient http, string model, string body, string? key = Key) =>
        SendAsync(http, Post(GeneratePath(model), body, key));

    /// <summary>The parts of the first candidate.</summary>
    public static List<JsonElement> Parts(JsonElement response) =>
        [.. response.GetProperty("candidates")[0].GetProperty("content").GetProperty("parts").EnumerateArray()];

    /// <summary>The decoded final (non-thought) image of a generateContent answer.</summary>
    public static byte[] FinalImage(JsonElement response) =>
        Convert.FromBase64String(Parts(response).Last(p => p.TryGetProperty("inlineData", out _) && !p.TryGetProperty("thought", out _))
            .GetProperty("inlineData").GetProperty("data").GetString()!);

    public static void AssertError(HttpResponseMessage response, JsonElement json, int code, string status)
    {
        Assert.Equal(code, (int)response.StatusCode);
        var error = json.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(status, error.GetProperty("status").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    /// <summary>The <c>details[]</c> entry of a google.rpc.Status with the given <c>@type</c> suffix.</summary>
    public static JsonElement Detail(JsonElement json, string typeSuffix) =>
        json.GetProperty("error").GetProperty("details").EnumerateArray()
            .Single(d => d.GetProperty("@type").GetString()!.EndsWith(typeSuffix, StringComparison.Ordinal));

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}
