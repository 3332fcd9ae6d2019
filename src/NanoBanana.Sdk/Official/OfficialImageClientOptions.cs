using NanoBanana.Sdk.Models;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Official;

/// <summary>
/// Settings for <c>OfficialImageClient</c>. Read once when the client is built: changing them later
/// does not affect an existing client.
/// </summary>
public sealed class OfficialImageClientOptions
{
    /// <summary>The default Gemini API endpoint.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://generativelanguage.googleapis.com");

    /// <summary>The default timeout for one call: 360 s (4K images take long; HttpClient's 100 s default is too short).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(360);

    /// <summary>The default largest decoded image accepted: 64 MiB.</summary>
    public const long DefaultMaxImageBytes = 64L * 1024 * 1024;

    /// <summary>
    /// The Gemini API key, sent only in the <c>x-goog-api-key</c> header. When <see langword="null"/>, the
    /// <c>GEMINI_API_KEY</c> environment variable is used, then <c>GOOGLE_API_KEY</c>.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The API endpoint. When <see langword="null"/>, the <c>GOOGLE_GEMINI_BASE_URL</c> environment variable is
    /// used, then <see cref="DefaultBaseUrl"/>. <c>http://</c> is refused unless the host is loopback or
    /// <see cref="AllowInsecureHttp"/> is set; a query string is refused (keys never go in URLs).
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Allows an <c>http://</c> <see cref="BaseUrl"/> on a non-loopback host, sending the key in clear text. Off by default.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The API version path segment. Default <c>v1beta</c> (Interactions and image models live there).</summary>
    public string ApiVersion { get; set; } = "v1beta";

    /// <summary>Which endpoint carries the calls. Default <see cref="OfficialTransport.Interactions"/>.</summary>
    public OfficialTransport Transport { get; set; } = OfficialTransport.Interactions;

    /// <summary>
    /// The model used when a request names none. Default: the catalog's default model, <see cref="ModelCatalog.DefaultModelId"/>
    /// (<c>gemini-nano-banana-2.1</c>; Pro is an override, not a default).
    /// </summary>
    /// <exception cref="ArgumentException">Set to an empty id.</exception>
    public string Model
    {
        get => _model ?? ModelCatalog.DefaultModel;
        set
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value, nameof(Model));
            _model = value;
        }
    }

    private string? _model;

    /// <summary>The service tier used when a request names none. Default <see cref="Sdk.ServiceTier.Standard"/>.</summary>
    public ServiceTier ServiceTier { get; set; } = ServiceTier.Standard;

    /// <summary>The timeout for one call, from sending to the end of the answer. Default 360 s.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The largest decoded image accepted from an answer; a larger one fails without being buffered. Default 64 MiB.</summary>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// The Google Cloud project whose quota and billing this key uses (keys authenticate; projects own quota and
    /// billing). Shown in logs and reproduction packets; never sent.
    /// </summary>
    public string? ProjectId { get; set; }

    /// <summary>What kind of key this is, for reproduction packets. Default <c>AI Studio API key</c>.</summary>
    public string KeyType { get; set; } = "AI Studio API key";

    /// <summary>Puts the prompt text (not only its hash) into reproduction packets. Off by default.</summary>
    public bool IncludePromptInPacket { get; set; }

    /// <summary>The model catalog for alias resolution and size/ratio rules. Default <see cref="ModelCatalog.Default"/>.</summary>
    public ModelCatalog ModelCatalog { get; set; } = ModelCatalog.Default;

    /// <summary>The prices every result's and error's cost record is computed from. Default <see cref="PricingCatalog.Default"/>.</summary>
    public PricingCatalog Pricing { get; set; } = PricingCatalog.Default;

    /// <summary>The clock for latency and timeouts. Default <see cref="TimeProvider.System"/>; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Reads environment variables; replaced in tests so they never touch the process environment.</summary>
    internal Func<string, string?> EnvironmentVariables { get; set; } = Environment.GetEnvironmentVariable;
}
