using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// Settings every NanoBanana route client shares: the call timeout, the image size limit, the project and key type
/// for packets and logs, the model catalog, the price tables and the clock. Read once when a client is built.
/// </summary>
public abstract class NanoBananaClientOptions
{
    /// <summary>Only the SDK's own option types derive from this class.</summary>
    private protected NanoBananaClientOptions()
    {
    }

    /// <summary>The default timeout for one call: 360 s (4K images take long; HttpClient's 100 s default is too short).</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(360);

    /// <summary>The default largest decoded image accepted: 64 MiB.</summary>
    public const long DefaultMaxImageBytes = 64L * 1024 * 1024;

    /// <summary>The timeout for one call, from sending to the end of the answer. Default 360 s.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>The largest decoded image accepted from an answer; a larger one fails without being buffered. Default 64 MiB.</summary>
    public long MaxImageBytes { get; set; } = DefaultMaxImageBytes;

    /// <summary>
    /// The Google Cloud project whose quota and billing this key uses (keys authenticate; projects own quota and
    /// billing). Shown in logs and reproduction packets and used to partition rate limits; never sent.
    /// </summary>
    public string? ProjectId { get; set; }

    /// <summary>What kind of key this is, for reproduction packets. Default <c>AI Studio API key</c>.</summary>
    public string KeyType { get; set; } = "AI Studio API key";

    /// <summary>Puts the prompt text (not only its hash) into reproduction packets. Off by default.</summary>
    public bool IncludePromptInPacket { get; set; }

    /// <summary>
    /// Puts the prompt text into each call's span as <c>gen_ai.input.messages</c> (the OpenTelemetry GenAI conventions'
    /// opt-in content capture), with the key redacted. Off by default: prompts may hold personal or confidential data,
    /// and span exporters send it to your telemetry backend. Input images are never captured.
    /// </summary>
    public bool IncludePromptInTelemetry { get; set; }

    /// <summary>The model catalog for alias resolution and size/ratio rules. Default <see cref="ModelCatalog.Default"/>.</summary>
    public ModelCatalog ModelCatalog { get; set; } = ModelCatalog.Default;

    /// <summary>The prices every result's and error's cost record is computed from. Default <see cref="PricingCatalog.Default"/>.</summary>
    public PricingCatalog Pricing { get; set; } = PricingCatalog.Default;

    /// <summary>The clock for latency and timeouts. Default <see cref="TimeProvider.System"/>; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Reads environment variables; replaced in tests so they never touch the process environment.</summary>
    internal Func<string, string?> EnvironmentVariables { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>The name these options are reported under in validation messages (the options type, or a configuration path).</summary>
    internal virtual string OptionsName => GetType().Name;

    /// <summary>
    /// Checks every setting and returns every failure at once (empty when valid), each naming the setting and the
    /// allowed values, so that configuration errors are found together at start-up rather than one per deploy.
    /// </summary>
    /// <returns>The failures; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var failures = new List<string>();
        Validate(failures);
        return failures;
    }

    /// <summary>Adds this level's failures; derived options add theirs after calling the base.</summary>
    /// <param name="failures">Where failures are collected.</param>
    private protected virtual void Validate(List<string> failures)
    {
        var name = OptionsName;
        if (Timeout <= TimeSpan.Zero && Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            failures.Add($"{name}.Timeout must be positive (default {DefaultTimeout.TotalSeconds:0} s) or Timeout.InfiniteTimeSpan.");
        }

        if (MaxImageBytes <= 0)
        {
            failures.Add($"{name}.MaxImageBytes must be positive (default {DefaultMaxImageBytes} bytes).");
        }

        if (string.IsNullOrWhiteSpace(KeyType))
        {
            failures.Add($"{name}.KeyType must not be blank (default 'AI Studio API key').");
        }

        if (ModelCatalog is null)
        {
            failures.Add($"{name}.ModelCatalog must not be null (default ModelCatalog.Default).");
        }

        if (Pricing is null)
        {
            failures.Add($"{name}.Pricing must not be null (default PricingCatalog.Default).");
        }

        if (TimeProvider is null)
        {
            failures.Add($"{name}.TimeProvider must not be null (default TimeProvider.System).");
        }
    }

    /// <summary>Throws one <see cref="ArgumentException"/> listing every failure, when there are any.</summary>
    internal void ThrowIfInvalid()
    {
        var failures = Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, failures), "options");
        }
    }
}

/// <summary>
/// Settings for a client of Google's Gemini API (the official route and Batch): the key, the endpoint and the API
/// version, with the environment fallbacks Google's own SDKs use.
/// </summary>
public abstract class GoogleClientOptions : NanoBananaClientOptions
{
    /// <summary>Only the SDK's own option types derive from this class.</summary>
    private protected GoogleClientOptions()
    {
    }

    /// <summary>The default Gemini API endpoint.</summary>
    public static Uri DefaultBaseUrl { get; } = new("https://generativelanguage.googleapis.com");

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

    /// <summary>The API version path segment. Default <c>v1beta</c> (Interactions, Batch and image models live there).</summary>
    public string ApiVersion { get; set; } = "v1beta";

    /// <inheritdoc/>
    private protected override void Validate(List<string> failures)
    {
        base.Validate(failures);
        Http.GoogleConnection.Resolve(this, failures);
    }
}
