using NanoBanana.Sdk.Models;
using NanoBanana.Sdk.Pricing;

namespace NanoBanana.Sdk.Official;

/// <summary>
/// An immutable snapshot of <see cref="OfficialImageClientOptions"/> with the key and base URL resolved from
/// the environment the way Google's SDKs do, validated once when the client is built.
/// </summary>
internal sealed class OfficialSettings
{
    public const string ApiKeyVariable = "GEMINI_API_KEY";
    public const string GoogleApiKeyVariable = "GOOGLE_API_KEY";
    public const string BaseUrlVariable = "GOOGLE_GEMINI_BASE_URL";

    private readonly string _baseUrl;

    private OfficialSettings(OfficialImageClientOptions options, string apiKey, Uri baseUrl)
    {
        ApiKey = apiKey;
        BaseUrl = baseUrl;
        _baseUrl = baseUrl.AbsoluteUri.TrimEnd('/') + "/";
        ApiVersion = options.ApiVersion.Trim('/');
        Transport = options.Transport;
        DefaultModel = options.Model;
        Tier = options.ServiceTier;
        Timeout = options.Timeout;
        MaxImageBytes = options.MaxImageBytes;
        ProjectId = options.ProjectId;
        KeyType = options.KeyType;
        IncludePromptInPacket = options.IncludePromptInPacket;
        Catalog = options.ModelCatalog;
        Time = options.TimeProvider;
        Pricing = new CostCalculator(options.Pricing, options.TimeProvider);
    }

    public string ApiKey { get; }

    public Uri BaseUrl { get; }

    public string ApiVersion { get; }

    public OfficialTransport Transport { get; }

    public string DefaultModel { get; }

    public ServiceTier Tier { get; }

    public TimeSpan Timeout { get; }

    public long MaxImageBytes { get; }

    public string? ProjectId { get; }

    public string KeyType { get; }

    public bool IncludePromptInPacket { get; }

    public ModelCatalog Catalog { get; }

    public TimeProvider Time { get; }

    public CostCalculator Pricing { get; }

    // Deprecation warnings are given once per client (log and result): a client's settings live as long as it does.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _lifecycleWarned = new(StringComparer.OrdinalIgnoreCase);

    /// <summary><see langword="true"/> the first time this client sees <paramref name="model"/>'s lifecycle warning.</summary>
    public bool FirstLifecycleWarning(string model) => _lifecycleWarned.TryAdd(model, true);

    /// <summary>Validates the options and resolves the key and base URL.</summary>
    /// <exception cref="ArgumentException">A setting is missing or invalid; the message names the option (never the key's value).</exception>
    public static OfficialSettings From(OfficialImageClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Parameter = "options";
        var env = options.EnvironmentVariables;

        var apiKey = NonBlank(options.ApiKey) ?? NonBlank(env(ApiKeyVariable)) ?? NonBlank(env(GoogleApiKeyVariable))
            ?? throw new ArgumentException(
                $"No Gemini API key: set OfficialImageClientOptions.ApiKey or the {ApiKeyVariable} environment variable ({GoogleApiKeyVariable} is read as a fallback).",
                Parameter);
        // HTTP headers are ASCII: a key pasted with a stray newline or a typographic quote would otherwise fail at send
        // time as a "network" error that retry policies keep retrying.
        if (apiKey.Any(char.IsControl) || !System.Text.Ascii.IsValid(apiKey))
        {
            throw new ArgumentException(
                $"The Gemini API key contains control or non-ASCII characters (a stray newline or a typographic quote?); copy it again into OfficialImageClientOptions.ApiKey or the {ApiKeyVariable} environment variable.",
                Parameter);
        }

        Uri baseUrl;
        string source;
        if (options.BaseUrl is { } configured)
        {
            (baseUrl, source) = (configured, "OfficialImageClientOptions.BaseUrl");
        }
        else if (NonBlank(env(BaseUrlVariable)) is { } fromEnv)
        {
            source = $"the {BaseUrlVariable} environment variable";
            if (!Uri.TryCreate(fromEnv, UriKind.Absolute, out baseUrl!))
            {
                throw new ArgumentException($"The base URL in {source} is not an absolute URL: set it to one such as {OfficialImageClientOptions.DefaultBaseUrl}, or unset it to use that default.", Parameter);
            }
        }
        else
        {
            (baseUrl, source) = (OfficialImageClientOptions.DefaultBaseUrl, "the default");
        }

        ValidateBaseUrl(baseUrl, source, options.AllowInsecureHttp, Parameter);

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"OfficialImageClientOptions.Timeout must be positive (default {OfficialImageClientOptions.DefaultTimeout.TotalSeconds:0} s) or Timeout.InfiniteTimeSpan.", Parameter);
        }

        if (options.MaxImageBytes <= 0)
        {
            throw new ArgumentException($"OfficialImageClientOptions.MaxImageBytes must be positive (default {OfficialImageClientOptions.DefaultMaxImageBytes} bytes).", Parameter);
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            throw new ArgumentException("OfficialImageClientOptions.ApiVersion must not be blank (default 'v1beta').", Parameter);
        }

        if (!Enum.IsDefined(options.Transport))
        {
            throw new ArgumentException($"OfficialImageClientOptions.Transport '{options.Transport}' is not valid. Allowed values: Interactions, GenerateContent.", Parameter);
        }

        ArgumentNullException.ThrowIfNull(options.ModelCatalog, "options.ModelCatalog");
        ArgumentNullException.ThrowIfNull(options.TimeProvider, "options.TimeProvider");
        ArgumentNullException.ThrowIfNull(options.Pricing, "options.Pricing");
        ArgumentException.ThrowIfNullOrWhiteSpace(options.KeyType, "options.KeyType");
        options.ModelCatalog.Resolve(options.Model ?? string.Empty);
        return new OfficialSettings(options, apiKey, baseUrl);
    }

    /// <summary>Builds an absolute URI under the base URL (keeping any path prefix a proxy base URL has).</summary>
    public Uri Resolve(string relativePath) => new(_baseUrl + relativePath);

    private static void ValidateBaseUrl(Uri baseUrl, string source, bool allowInsecureHttp, string parameter)
    {
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"The base URL from {source} must be an absolute https:// URL.", parameter);
        }

        if (baseUrl.Scheme == Uri.UriSchemeHttp && !baseUrl.IsLoopback && !allowInsecureHttp)
        {
            throw new ArgumentException(
                $"The base URL from {source} uses http:// on a non-loopback host ({baseUrl.Host}): the API key would travel in clear text. Use https://, or set OfficialImageClientOptions.AllowInsecureHttp = true if you really mean it.",
                parameter);
        }

        if (!string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
        {
            throw new ArgumentException(
                $"The base URL from {source} must not carry a query string, fragment or user info: the key goes only in the x-goog-api-key header, never in a URL.",
                parameter);
        }
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
