using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// Everything <c>services.AddNanoBanana(...)</c> configures, shaped like the <c>NanoBanana</c> configuration
/// section: <c>Google</c>, <c>Official</c>, <c>Batch</c>, <c>Providers:&lt;name&gt;</c>, <c>Routing</c>,
/// <c>Pricing</c>, <c>Quota</c>, <c>Resilience</c> and <c>Telemetry</c>. Validated at start-up with every failure
/// listed at once, each naming its configuration path.
/// </summary>
public sealed class NanoBananaOptions
{
    /// <summary>The configuration section <c>AddNanoBanana(IConfiguration)</c> is usually given: <c>NanoBanana</c>.</summary>
    public const string SectionName = "NanoBanana";

    /// <summary>The Gemini API connection shared by the official and Batch routes (<c>NanoBanana:Google</c>).</summary>
    public NanoBananaGoogleOptions Google { get; } = new();

    /// <summary>The official route (<c>NanoBanana:Official</c>).</summary>
    public NanoBananaOfficialOptions Official { get; } = new();

    /// <summary>The Batch route (<c>NanoBanana:Batch</c>); read by the Batch client when it ships.</summary>
    public NanoBananaBatchOptions Batch { get; } = new();

    /// <summary>OpenAI-compatible provider gateways by name (<c>NanoBanana:Providers:&lt;name&gt;</c>); read by the provider client when it ships.</summary>
    public IDictionary<string, NanoBananaProviderOptions> Providers { get; } = new Dictionary<string, NanoBananaProviderOptions>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How <see cref="INanoBananaClient"/> picks route, model and size, the budgets it enforces and the fallback steps it
    /// may take (<c>NanoBanana:Routing</c>: <c>DefaultModel</c>, <c>AllowedRoutes</c>, <c>AllowedProviders</c>,
    /// <c>PreferredProvider</c>, <c>Budget: { PerImageUsd, PerDayUsd, Scopes, RouteDown, ExpectedRetries }</c>,
    /// <c>Fallback: [...]</c>, <c>FallbackOn: [...]</c>). Its prices default to <see cref="Pricing"/>.
    /// </summary>
    public RoutingOptions Routing { get; } = new();

    /// <summary>
    /// The <c>NanoBanana:Quota</c> settings as flat key/value pairs (e.g. <c>RequestsPerMinute</c>), kept for the
    /// per-project rate limiter (its own issue) to read; nothing reads them yet.
    /// </summary>
    public IDictionary<string, string?> Quota { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The prices every cost record is computed from. From configuration: <see cref="PricingCatalog.Default"/> with
    /// the <c>NanoBanana:Pricing</c> section applied by <see cref="PricingCatalog.FromConfiguration"/>.
    /// </summary>
    public PricingCatalog Pricing { get; set; } = PricingCatalog.Default;

    /// <summary>The retry, timeout and circuit-breaker policy of the route clients' HttpClients (<c>NanoBanana:Resilience</c>).</summary>
    public NanoBananaResilienceOptions Resilience { get; } = new();

    /// <summary>Puts the prompt text (not only its hash) into reproduction packets. Off by default; spans and metrics never carry the prompt.</summary>
    public bool IncludePromptInPacket { get; set; }

    /// <summary>The clock for latency, timeouts and the resilience pipeline (backoff, retry hints). Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Configuration values that could not be read (kept so that validation reports them with the rest).</summary>
    internal List<string> BindingFailures { get; } = [];

    /// <summary>Builds the official client's options from <see cref="Google"/>, <see cref="Official"/> and the shared settings.</summary>
    /// <returns>New options; validate them with <see cref="NanoBananaClientOptions.Validate()"/>.</returns>
    public OfficialImageClientOptions ToOfficialImageClientOptions() => WithShared(new OfficialImageClientOptions
    {
        Transport = Official.Transport,
        Model = Official.Model,
        ServiceTier = Official.ServiceTier,
        Timeout = Official.Timeout,
        MaxImageBytes = Official.MaxImageBytes,
    });

    /// <summary>
    /// The Batch client's options from this configuration: the same Google connection and shared settings as the
    /// official client, plus <c>NanoBanana:Batch</c> (<c>Model</c>, <c>PollInterval</c>, <c>InlineLimitBytes</c>).
    /// </summary>
    /// <returns>New options for <see cref="BatchImageClient"/>.</returns>
    public BatchImageClientOptions ToBatchImageClientOptions() => WithShared(new BatchImageClientOptions
    {
        Model = Batch.Model,
        PollInterval = Batch.PollInterval,
        InlineLimitBytes = Batch.InlineLimitBytes,
    });

    // The Google connection (NanoBanana:Google) and the shared settings, the same for every Google route.
    private T WithShared<T>(T options)
        where T : GoogleClientOptions
    {
        options.ApiKey = Google.ApiKey;
        options.BaseUrl = Google.BaseUrl;
        options.ProjectId = Google.ProjectId;
        options.AllowInsecureHttp = Google.AllowInsecureHttp;
        options.ApiVersion = Google.ApiVersion;
        options.IncludePromptInPacket = IncludePromptInPacket;
        options.Pricing = Pricing;
        options.TimeProvider = TimeProvider;
        if (Google.KeyType is { } keyType)
        {
            options.KeyType = keyType;
        }

        return options;
    }
}

/// <summary>The Gemini API connection (<c>NanoBanana:Google</c>).</summary>
public sealed class NanoBananaGoogleOptions
{
    /// <summary>The Gemini API key (<c>NanoBanana:Google:ApiKey</c>). When unset, <c>GEMINI_API_KEY</c> then <c>GOOGLE_API_KEY</c> is used. Keep it in user secrets or a vault, never in appsettings.json.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The API endpoint (<c>NanoBanana:Google:BaseUrl</c>). When unset, <c>GOOGLE_GEMINI_BASE_URL</c>, then Google's endpoint.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The Google Cloud project whose quota and billing the key uses (<c>NanoBanana:Google:ProjectId</c>); logs, packets, rate-limit and circuit-breaker partitions.</summary>
    public string? ProjectId { get; set; }

    /// <summary>What kind of key this is, for reproduction packets (<c>NanoBanana:Google:KeyType</c>). Default <c>AI Studio API key</c>.</summary>
    public string? KeyType { get; set; }

    /// <summary>Allows an <c>http://</c> base URL off loopback (<c>NanoBanana:Google:AllowInsecureHttp</c>). Off by default.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The API version path segment (<c>NanoBanana:Google:ApiVersion</c>). Default <c>v1beta</c>.</summary>
    public string ApiVersion { get; set; } = "v1beta";
}

/// <summary>The official route (<c>NanoBanana:Official</c>).</summary>
public sealed class NanoBananaOfficialOptions
{
    /// <summary>The transport (<c>NanoBanana:Official:Transport</c>): <c>Interactions</c> (default) or <c>GenerateContent</c>.</summary>
    public OfficialTransport Transport { get; set; } = OfficialTransport.Interactions;

    /// <summary>The default model (<c>NanoBanana:Official:Model</c>).</summary>
    public string Model { get; set; } = ModelCatalog.DefaultModelId;

    /// <summary>The default tier (<c>NanoBanana:Official:ServiceTier</c>): <c>standard</c> (default), <c>flex</c> or <c>priority</c>.</summary>
    public ServiceTier ServiceTier { get; set; } = ServiceTier.Standard;

    /// <summary>The call timeout (<c>NanoBanana:Official:Timeout</c>, e.g. <c>00:06:00</c>). Default 360 s; a Flex call gets at least 15 minutes.</summary>
    public TimeSpan Timeout { get; set; } = NanoBananaClientOptions.DefaultTimeout;

    /// <summary>The largest decoded image accepted (<c>NanoBanana:Official:MaxImageBytes</c>). Default 64 MiB.</summary>
    public long MaxImageBytes { get; set; } = NanoBananaClientOptions.DefaultMaxImageBytes;
}

/// <summary>The Batch route (<c>NanoBanana:Batch</c>), bound and validated now for the Batch client that will read it.</summary>
public sealed class NanoBananaBatchOptions
{
    /// <summary>The default model (<c>NanoBanana:Batch:Model</c>).</summary>
    public string Model { get; set; } = ModelCatalog.DefaultModelId;

    /// <summary>How often a job is polled (<c>NanoBanana:Batch:PollInterval</c>). Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest request sent inline rather than as an uploaded file (<c>NanoBanana:Batch:InlineLimitBytes</c>). Default 20 MB.</summary>
    public long InlineLimitBytes { get; set; } = 20L * 1000 * 1000;
}

/// <summary>One OpenAI-compatible provider gateway (<c>NanoBanana:Providers:&lt;name&gt;</c>), bound now for the provider client that will read it.</summary>
public sealed class NanoBananaProviderOptions
{
    /// <summary>The gateway's base URL (<c>BaseUrl</c>); https unless loopback.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The gateway key (<c>ApiKey</c>), sent as a bearer token.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The request dialect (<c>Dialect</c>), e.g. <c>chat-completions</c> or <c>images</c>.</summary>
    public string? Dialect { get; set; }

    /// <summary>Catalog model id → the provider's model name (<c>Models:&lt;catalog id&gt;</c>).</summary>
    public IDictionary<string, string> Models { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The provider's prices (<c>Prices:N:{Model, Size, Operation, UnitPriceUsd}</c>).</summary>
    public IList<NanoBananaProviderPrice> Prices { get; } = [];

    /// <summary>What the provider charges for a failed call (<c>FailedCallRule</c>), as documented or observed.</summary>
    public string? FailedCallRule { get; set; }

    /// <summary>The call timeout for this provider (<c>Timeout</c>); the official timeout when unset.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>The provider's status page (<c>StatusPage</c>).</summary>
    public Uri? StatusPage { get; set; }

    /// <summary>The provider's support route (<c>SupportUrl</c>).</summary>
    public Uri? SupportUrl { get; set; }

    /// <summary>Retention, region and content terms as declared by you (<c>DataTerms</c>).</summary>
    public string? DataTerms { get; set; }
}

/// <summary>One provider price row (<c>NanoBanana:Providers:&lt;name&gt;:Prices:N</c>).</summary>
public sealed class NanoBananaProviderPrice
{
    /// <summary>The catalog model id.</summary>
    public string? Model { get; set; }

    /// <summary>The image size, e.g. <c>2K</c>.</summary>
    public string? Size { get; set; }

    /// <summary>The operation: <c>Generate</c> or <c>Edit</c>.</summary>
    public string? Operation { get; set; }

    /// <summary>The price of one image in US dollars.</summary>
    public decimal? UnitPriceUsd { get; set; }
}
