using System.Buffers.Binary;
using System.Net;
using System.Text;
using RichardSzalay.MockHttp;

namespace NanoBanana.Sdk.Tests.Official;

/// <summary>Keys, canned answers and client factories shared by the official route tests.</summary>
internal static class OfficialTestKit
{
    public const string Key = "AIzaSyTEST-official-0123456789abcdefghij";
    public const string BaseUrl = "https://generativelanguage.googleapis.com";
    public const string InteractionsUrl = BaseUrl + "/v1beta/interactions";

    public static string GenerateContentUrl(string model) => $"{BaseUrl}/v1beta/models/{model}:generateContent";

    public static OfficialImageClientOptions Options(OfficialTransport transport = OfficialTransport.Interactions, Action<OfficialImageClientOptions>? configure = null)
    {
        var options = new OfficialImageClientOptions
        {
            ApiKey = Key,
            Transport = transport,
            EnvironmentVariables = _ => null,
        };
        configure?.Invoke(options);
        return options;
    }

    public static OfficialImageClient Client(MockHttpMessageHandler handler, OfficialTransport transport = OfficialTransport.Interactions, Action<OfficialImageClientOptions>? configure = null) =>
        new(Options(transport, configure), handler.ToHttpClient());

    /// <summary>A PNG header (signature + IHDR) for the given size, padded with incompressible bytes.</summary>
    public static byte[] Png(int width, int height, int padding = 64)
    {
        var bytes = new byte[33 + padding];
        new Random(width ^ height).NextBytes(bytes);
        ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 13);
        "IHDR"u8.CopyTo(bytes.AsSpan(12));
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }

    public static string GenerateContentAnswer(byte[] image, string mimeType = "image/png", string finishReason = "STOP", int imageTokens = 1120, string text = "Here is your banana.") => $$"""
        {
          "candidates": [ { "content": { "role": "model", "parts": [
              { "text": "{{text}}" },
              { "inlineData": { "mimeType": "{{mimeType}}", "data": "{{Convert.ToBase64String(image)}}" } } ] },
            "finishReason": "{{finishReason}}", "index": 0 } ],
          "usageMetadata": { "promptTokenCount": 12, "candidatesTokenCount": {{imageTokens + 8}}, "totalTokenCount": {{imageTokens + 20}},
            "candidatesTokensDetails": [ { "modality": "IMAGE", "tokenCount": {{imageTokens}} }, { "modality": "TEXT", "tokenCount": 8 } ] },
          "modelVersion": "gemini-3-pro-image",
          "responseId": "resp-gc-1"
        }
        """;

    public static string InteractionAnswer(byte[] image, string id = "v1_interaction_1", string model = "gemini-3-pro-image", int imageTokens = 1120) => $$"""
        {
          "id": "{{id}}", "status": "completed", "model": "{{model}}",
          "steps": [ { "type": "model_output", "content": [
              { "type": "text", "text": "Here is your banana." },
              { "type": "image", "mime_type": "image/png", "data": "{{Convert.ToBase64String(image)}}" } ] } ],
          "usage": { "total_input_tokens": 12, "total_output_tokens": {{imageTokens + 8}}, "total_tokens": {{imageTokens + 20}},
            "output_tokens_by_modality": [ { "modality": "image", "tokens": {{imageTokens}} }, { "modality": "text", "tokens": 8 } ] }
        }
        """;

    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>Records the last request the mock answered: its URI, headers and body.</summary>
    internal sealed class Captured
    {
        public Uri? Uri { get; private set; }

        public string Body { get; private set; } = string.Empty;

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public int Count { get; private set; }

        public Func<HttpRequestMessage, Task<HttpResponseMessage>> Respond(Func<HttpResponseMessage> answer) => async request =>
        {
            Count++;
            Uri = request.RequestUri;
            Body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync();
            foreach (var header in request.Headers)
            {
                Headers[header.Key] = string.Join(", ", header.Value);
            }

            if (request.Content is not null)
            {
                foreach (var header in request.Content.Headers)
                {
                    Headers[header.Key] = string.Join(", ", header.Value);
                }
            }

            return answer();
        };
    }
}
