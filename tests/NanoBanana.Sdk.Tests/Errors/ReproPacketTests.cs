using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using NanoBanana.Sdk.Errors;
using static NanoBanana.Sdk.Tests.Errors.ErrorKit;

namespace NanoBanana.Sdk.Tests.Errors;

public sealed class ReproPacketTests
{
    private const string Prompt = "A ripe banana on a marble table, studio light";

    [Fact]
    public void Packet_holds_the_minimal_reproduction_without_the_prompt_by_default()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 30, 0, TimeSpan.Zero));
        var context = Context(secret: "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY", time: time, prompt: Prompt);

        var packet = Classify(429, PerDayQuota(), context, ("x-request-id", "req-42")).Packet;

        Assert.Equal(Pro, packet.RequestedModel);
        Assert.Equal(Pro, packet.ModelId);
        Assert.Equal(ImageRoute.Official, packet.Route);
        Assert.Equal(PriceLane.GoogleStandard, packet.Lane);
        Assert.Equal("projects/123456789", packet.ProjectId);
        Assert.Equal("auth", packet.KeyType);
        Assert.Equal("2K", packet.ImageSize);
        Assert.Equal("16:9", packet.AspectRatio);
        Assert.Equal(SecretRedactor.Sha256Hex(Prompt), packet.PromptSha256);
        Assert.Equal(64, packet.PromptSha256!.Length);
        Assert.Null(packet.Prompt);
        Assert.Equal(429, packet.StatusCode);
        Assert.Equal("RESOURCE_EXHAUSTED", packet.ServiceStatus);
        Assert.Equal("req-42", packet.RequestId);
        Assert.Equal($"POST /v1beta/models/{Pro}:generateContent", packet.Endpoint);
        Assert.Equal(time.GetUtcNow(), packet.OccurredAt);
        Assert.False(string.IsNullOrWhiteSpace(packet.SdkVersion));
        Assert.StartsWith("sha256:", packet.KeyFingerprint, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_is_included_only_when_opted_in()
    {
        var packet = Classify(500, null, Context(prompt: Prompt, includePrompt: true)).Packet;

        Assert.Equal(Prompt, packet.Prompt);
        Assert.Equal(SecretRedactor.Sha256Hex(Prompt), packet.PromptSha256);
    }

    [Fact]
    public void Provider_packet_names_the_provider_and_keeps_the_alias_as_requested()
    {
        var packet = Classify(503, null, Context(ImageRoute.Provider)).Packet;

        Assert.Equal("google/gemini-3-pro-image-preview", packet.RequestedModel);
        Assert.Equal(Pro, packet.ModelId);
        Assert.Equal("acme-gateway", packet.Provider);
        Assert.Equal(PriceLane.Provider, packet.Lane);
        Assert.Null(packet.KeyFingerprint);
    }

    [Fact]
    public void Endpoint_never_keeps_a_query_string()
    {
        var context = Context() with { Endpoint = "POST /v1beta/models/gemini-3-pro-image:generateContent?key=abc&alt=sse" };

        Assert.Equal("POST /v1beta/models/gemini-3-pro-image:generateContent", Classify(400, null, context).Packet.Endpoint);
    }

    [Fact]
    public void ToJson_is_indented_camel_case_json_with_every_field()
    {
        var packet = Classify(429, PerDayQuota(), Context(prompt: Prompt), ("x-request-id", "req-42")).Packet;

        var json = packet.ToJson();

        Assert.Contains("\n  \"requestedModel\": \"gemini-3-pro-image\"", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("Official", root.GetProperty("route").GetString());
        Assert.Equal("GoogleStandard", root.GetProperty("lane").GetString());
        Assert.Equal(429, root.GetProperty("statusCode").GetInt32());
        Assert.Equal("RESOURCE_EXHAUSTED", root.GetProperty("serviceStatus").GetString());
        Assert.Equal("req-42", root.GetProperty("requestId").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("prompt").ValueKind);
        Assert.Equal(packet.PromptSha256, root.GetProperty("promptSha256").GetString());
        Assert.Equal(packet.OccurredAt, root.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal(packet.SdkVersion, root.GetProperty("sdkVersion").GetString());
        string[] expected =
        [
            "requestedModel", "modelId", "route", "lane", "provider", "projectId", "keyType", "keyFingerprint", "imageSize",
            "aspectRatio", "promptSha256", "prompt", "statusCode", "serviceStatus", "errorCode", "requestId", "responseId", "clientRequestId", "endpoint",
            "billingEvidence", "occurredAt", "sdkVersion",
        ];
        Assert.Equal(expected, root.EnumerateObject().Select(p => p.Name));
    }
}
