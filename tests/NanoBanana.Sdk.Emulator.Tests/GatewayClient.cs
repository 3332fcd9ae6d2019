using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NanoBanana.Sdk.Emulator.Tests;

/// <summary>
/// An emulator with three gateways: <c>laozhang</c> (keyed, images in <c>message.images</c>, aliases, reports cost,
/// the default laozhang.ai billing rule), <c>parts</c> (content parts) and <c>markdown</c> (Markdown data URI, bills
/// successes only).
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string Key = "sk-laozhang-test";

    public NanoBananaEmulator Emulator { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static NanoBananaEmulatorOptions Options()
    {
        var laozhang = new GatewayProvider("laozhang") { ReportsCost = true };
        laozhang.ApiKeys.Add(Key);
        laozhang.ModelAliases["nano-banana-pro"] = "gemini-3-pro-image";
        laozhang.ModelAliases["google/gemini-3-pro-image-preview"] = "gemini-3-pro-image";
        laozhang.ReturnedModels["nano-banana-pro"] = "gemini-3-pro-image-preview";
        laozhang.Prices["gemini-3-pro-image-preview"] = 0.12m;
        var parts = new GatewayProvider("parts") { ChatImagePlacement = GatewayImagePlacement.ContentParts };
        var markdown = new GatewayProvider("markdown") { ChatImagePlacement = GatewayImagePlacement.MarkdownDataUri };
        markdown.BilledOutcomes.Clear();
        markdown.BilledOutcomes.Add(GatewayCallOutcome.Success);
        var options = new NanoBananaEmulatorOptions();
        options.Gateways.Add(laozhang);
        options.Gateways.Add(parts);
        options.Gateways.Add(markdown);
        return options;
    }

    public async Task InitializeAsync()
    {
        Emulator = await NanoBananaEmulator.StartAsync(Options(), CancellationToken.None);
        Http = Client.For(Emulator);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

internal static class GatewayHttp
{
    public const string Pro = "gemini-3-pro-image";

    public static HttpRequestMessage Post(NanoBananaEmulator emulator, string provider, string path, HttpContent content, string? key = GatewayFixture.Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.GatewayAddress(provider), path)) { Content = content };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return request;
    }

    public static HttpRequestMessage Chat(NanoBananaEmulator emulator, string provider = "laozhang", string model = Pro, string prompt = "a banana in space",
        string? key = GatewayFixture.Key, JsonObject? extra = null, params byte[][] images)
    {
        JsonNode content = prompt;
        if (images.Length > 0)
        {
            var parts = new JsonArray { new JsonObject { ["type"] = "text", ["text"] = prompt } };
            foreach (var image in images)
            {
                parts.Add(new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(image) } });
            }

            content = parts;
        }

        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray { new JsonObject { ["role"] = "user", ["content"] = content } },
            ["modalities"] = new JsonArray("image", "text"),
        };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return Post(emulator, provider, "v1/chat/completions", Json(body), key);
    }

    public static HttpRequestMessage Generate(NanoBananaEmulator emulator, string provider = "laozhang", string model = Pro, string? key = GatewayFixture.Key, JsonObject? extra = null)
    {
        var body = new JsonObject { ["model"] = model, ["prompt"] = "a banana in space" };
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value?.DeepClone();
        }

        return Post(emulator, provider, "v1/images/generations", Json(body), key);
    }

    public static HttpRequestMessage Edit(NanoBananaEmulator emulator, string fieldName, IReadOnlyList<byte[]> images, string provider = "laozhang", string model = Pro,
        string prompt = "make it blue", IReadOnlyDictionary<string, string>? fields = null)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(model), "model");
        form.Add(new StringContent(prompt), "prompt");
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), name);
        }

        for (var i = 0; i < images.Count; i++)
        {
            var file = new ByteArrayContent(images[i]);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, fieldName, $"input{i}.png");
        }

        return Post(emulator, provider, "v1/images/edits", form);
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static string RequestId(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("x-request-id"));

    /// <summary>The ledger entry of the call answered by <paramref name="response"/>.</summary>
    public static GatewayLedgerEntry Entry(NanoBananaEmulator emulator, HttpResponseMessage response) =>
        Assert.Single(emulator.Ledger.Entries, e => e.RequestId == RequestId(response));

    public static byte[] DataUrl(string url)
    {
        Assert.StartsWith("data:image/png;base64,", url, StringComparison.Ordinal);
        return Convert.FromBase64String(url["data:image/png;base64,".Length..]);
    }

    public static JsonElement Message(JsonElement chat) => chat.GetProperty("choices")[0].GetProperty("message");

    /// <summary>The image of a chat answer with images in <c>message.images</c>.</summary>
    public static byte[] ChatImage(JsonElement chat) =>
        DataUrl(Assert.Single(Message(chat).GetProperty("images").EnumerateArray()).GetProperty("image_url").GetProperty("url").GetString()!);

    public static byte[] B64(JsonElement images, int index = 0) => Convert.FromBase64String(images.GetProperty("data")[index].GetProperty("b64_json").GetString()!);

    public static void AssertError(HttpResponseMessage response, JsonElement json, int status, string type, string? code, string? param = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var error = json.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(4, error.EnumerateObject().Count());
    }
}
