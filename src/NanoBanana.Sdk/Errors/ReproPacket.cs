using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

using NanoBanana.Sdk.Http;

namespace NanoBanana.Sdk.Errors;

/// <summary>
/// The minimal reproduction packet every failure carries (SPEC §7): enough for a support ticket or a same-path
/// retest, never the key. The prompt is present only when the caller opted in; otherwise its SHA-256 lets a
/// support engineer match it against their own copy.
/// </summary>
public sealed record ReproPacket
{
    /// <summary>The model string exactly as the caller gave it (sent on the wire as is).</summary>
    public required string RequestedModel { get; init; }

    /// <summary>The catalog id it resolved to, when known.</summary>
    public string? ModelId { get; init; }

    /// <summary>The route that carried the request.</summary>
    public required ImageRoute Route { get; init; }

    /// <summary>The price lane of the request.</summary>
    public PriceLane? Lane { get; init; }

    /// <summary>The provider gateway name on <see cref="ImageRoute.Provider"/>; otherwise <see langword="null"/>.</summary>
    public string? Provider { get; init; }

    /// <summary>The Google Cloud project (number or id) when configured.</summary>
    public string? ProjectId { get; init; }

    /// <summary>The key type as configured (e.g. <c>auth</c>, <c>standard</c>, <c>provider</c>).</summary>
    public string? KeyType { get; init; }

    /// <summary><c>sha256:</c> and the first 8 hex digits of the key's SHA-256: tells keys apart, never the key itself.</summary>
    public string? KeyFingerprint { get; init; }

    /// <summary>The requested image size, e.g. <c>2K</c>.</summary>
    public string? ImageSize { get; init; }

    /// <summary>The requested aspect ratio, e.g. <c>16:9</c>.</summary>
    public string? AspectRatio { get; init; }

    /// <summary>Lowercase hex SHA-256 of the UTF-8 prompt.</summary>
    public string? PromptSha256 { get; init; }

    /// <summary>The prompt itself, only when the caller opted in to include it.</summary>
    public string? Prompt { get; init; }

    /// <summary>The HTTP status, when a response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The service's status string (Google <c>google.rpc.Code</c> name), e.g. <c>RESOURCE_EXHAUSTED</c>.</summary>
    public string? ServiceStatus { get; init; }

    /// <summary>The service's error code (Google <c>ErrorInfo.reason</c> or a gateway's <c>code</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The request id the service or gateway returned.</summary>
    public string? RequestId { get; init; }

    /// <summary>The answer's own id (interaction id or <c>responseId</c>) when the service answered with one, e.g. on an HTTP 200 without an image.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The caller's own id for the request (<see cref="ImageRequest.ClientRequestId"/>), when set.</summary>
    public string? ClientRequestId { get; init; }

    /// <summary>The HTTP method and path called, e.g. <c>POST /v1beta/models/gemini-3-pro-image:generateContent</c>; never a query string.</summary>
    public string? Endpoint { get; init; }

    /// <summary>What is known about whether the failed call was billed (the cost record's verdict and note).</summary>
    public string? BillingEvidence { get; init; }

    /// <summary>When the failure was observed.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The SDK version that produced the packet.</summary>
    public string SdkVersion { get; init; } = Http.SdkUserAgent.Version;

    /// <summary>The packet as indented JSON (camelCase, every field present, <c>null</c> when unknown), ready to paste into a support ticket.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("requestedModel", RequestedModel);
            writer.WriteString("modelId", ModelId);
            writer.WriteString("route", Route.ToString());
            writer.WriteString("lane", Lane?.ToString());
            writer.WriteString("provider", Provider);
            writer.WriteString("projectId", ProjectId);
            writer.WriteString("keyType", KeyType);
            writer.WriteString("keyFingerprint", KeyFingerprint);
            writer.WriteString("imageSize", ImageSize);
            writer.WriteString("aspectRatio", AspectRatio);
            writer.WriteString("promptSha256", PromptSha256);
            writer.WriteString("prompt", Prompt);
            if (StatusCode is { } status)
            {
                writer.WriteNumber("statusCode", status);
            }
            else
            {
                writer.WriteNull("statusCode");
            }

            writer.WriteString("serviceStatus", ServiceStatus);
            writer.WriteString("errorCode", ErrorCode);
            writer.WriteString("requestId", RequestId);
            writer.WriteString("responseId", ResponseId);
            writer.WriteString("clientRequestId", ClientRequestId);
            writer.WriteString("endpoint", Endpoint);
            writer.WriteString("billingEvidence", BillingEvidence);
            writer.WriteString("occurredAt", OccurredAt);
            writer.WriteString("sdkVersion", SdkVersion);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
