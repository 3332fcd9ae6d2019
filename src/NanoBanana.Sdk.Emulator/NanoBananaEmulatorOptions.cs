namespace NanoBanana.Sdk.Emulator;

/// <summary>Settings of a <see cref="NanoBananaEmulator"/>. Read once at start.</summary>
public sealed partial class NanoBananaEmulatorOptions
{
    /// <summary>The project every key belongs to when <see cref="ApiKeys"/> is empty.</summary>
    public const string DefaultProject = "emulator-project";

    /// <summary>How heavy generated images are. Default <see cref="PayloadProfile.Small"/>.</summary>
    public PayloadProfile PayloadProfile { get; set; } = PayloadProfile.Small;

    /// <summary>
    /// The image format of answers: <c>image/png</c> (default) or <c>image/jpeg</c> (the real service often
    /// answers JPEG; the Gemini API has no request field for it). Interactions requests may choose with
    /// <c>response_format.mime_type</c>.
    /// </summary>
    public string ImageMimeType { get; set; } = "image/png";

    /// <summary>The clock for quota windows, journal timestamps and resource times. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// API keys → Google Cloud project ids. Empty (the default): any non-empty key is accepted and belongs to
    /// <see cref="DefaultProject"/>. Non-empty: any other key is rejected like the real service
    /// (400 <c>INVALID_ARGUMENT</c>, <c>ErrorInfo.reason</c> <c>API_KEY_INVALID</c>).
    /// </summary>
    public IDictionary<string, string> ApiKeys { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Keys answered with 403 <c>PERMISSION_DENIED</c>, <c>ErrorInfo.reason</c> <c>API_KEY_SERVICE_BLOCKED</c>.</summary>
    public ISet<string> BlockedKeys { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Request quotas per project and model; over a limit the answer is 429 <c>RESOURCE_EXHAUSTED</c>.</summary>
    public IList<QuotaLimit> QuotaLimits { get; } = [];

    /// <summary>
    /// Receives one line per request (method, path with the key redacted, status, milliseconds). Null (the
    /// default in-process) logs nothing; the standalone server writes to the console.
    /// </summary>
    public Action<string>? RequestLog { get; set; }

    /// <summary>The largest request body accepted, in bytes; larger ones get 400 like the real service. Default 20 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>
    /// The OpenAI-compatible provider gateways served under <c>/gateway/{name}/</c>; the first one also answers
    /// <c>/v1/…</c> at the root. Empty (the default): one provider named <see cref="GatewayProvider.DefaultName"/>
    /// with default settings.
    /// </summary>
    public IList<GatewayProvider> Gateways { get; } = [];
}
