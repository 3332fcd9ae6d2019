using NanoBanana.Sdk.Http;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk;

/// <summary>
/// An immutable snapshot of <see cref="OfficialImageClientOptions"/>: the resolved Google connection, the official
/// route's knobs and the shared settings, validated once (every failure at once) when the client is built.
/// </summary>
internal sealed class OfficialSettings
{
    private OfficialSettings(OfficialImageClientOptions options, GoogleConnection connection)
    {
        Connection = connection;
        EndpointSetting = GoogleConnection.EndpointSetting(options);
        Transport = options.Transport;
        DefaultModel = options.Model;
        Tier = options.ServiceTier;
        Timeout = options.Timeout;
        MaxImageBytes = options.MaxImageBytes;
        ProjectId = options.ProjectId;
        KeyType = options.KeyType;
        IncludePromptInPacket = options.IncludePromptInPacket;
        IncludePromptInTelemetry = options.IncludePromptInTelemetry;
        Catalog = options.ModelCatalog;
        Time = options.TimeProvider;
        Pricing = new CostCalculator(options.Pricing, options.TimeProvider);
    }

    public GoogleConnection Connection { get; }

    public string ApiKey => Connection.ApiKey;

    public Uri BaseUrl => Connection.BaseUrl;

    public string ApiVersion => Connection.ApiVersion;

    public string EndpointSetting { get; }

    public OfficialTransport Transport { get; }

    public string DefaultModel { get; }

    public ServiceTier Tier { get; }

    public TimeSpan Timeout { get; }

    public long MaxImageBytes { get; }

    public string? ProjectId { get; }

    public string KeyType { get; }

    public bool IncludePromptInPacket { get; }

    public bool IncludePromptInTelemetry { get; }

    public ModelCatalog Catalog { get; }

    public TimeProvider Time { get; }

    public CostCalculator Pricing { get; }

    // Deprecation warnings are given once per client (log and result): a client's settings live as long as it does.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _lifecycleWarned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><see langword="true"/> the first time this client sees <paramref name="model"/>'s lifecycle warning.</summary>
    public bool FirstLifecycleWarning(string model) => _lifecycleWarned.TryAdd(model, true);

    /// <summary>Validates the options (every failure at once) and resolves the key and base URL.</summary>
    /// <exception cref="ArgumentException">Settings are missing or invalid; the message lists each, naming the option (never the key's value).</exception>
    public static OfficialSettings From(OfficialImageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var connection = GoogleConnection.Resolve(options, [])!;
        options.ModelCatalog.Resolve(options.Model);
        return new OfficialSettings(options, connection);
    }

    // The URI and endpoint text of each model's generateContent call (and of the one Interactions call), built once:
    // parsing a Uri and formatting two strings per call is a visible share of a small call's time.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Uri Uri, string Endpoint)> _endpoints = new(StringComparer.Ordinal);

    /// <summary>The URI and the <c>POST /…</c> endpoint text for a call to <paramref name="googleWireId"/> on <paramref name="transport"/>.</summary>
    public (Uri Uri, string Endpoint) EndpointFor(OfficialTransport transport, string googleWireId)
    {
        string key = transport == OfficialTransport.Interactions ? string.Empty : googleWireId;
        if (_endpoints.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var version = ApiVersion;
        var endpoint = transport == OfficialTransport.Interactions
            ? (Resolve($"{version}/interactions"), $"POST /{version}/interactions")
            : (Resolve($"{version}/models/{Uri.EscapeDataString(googleWireId)}:generateContent"), $"POST /{version}/models/{googleWireId}:generateContent");

        // A client talks to a handful of models; a caller cycling through arbitrary names must not grow this without bound.
        if (_endpoints.Count >= 64)
        {
            _endpoints.Clear();
        }

        _endpoints[key] = endpoint;
        return endpoint;
    }

    /// <summary>Builds an absolute URI under the base URL (keeping any path prefix a proxy base URL has).</summary>
    public Uri Resolve(string relativePath) => Connection.Resolve(relativePath);
}
